import type { z } from 'zod';
import type { SimParams } from '../src/engine/params.js';
import { Registry, SHIPPED } from '../src/registry.js';
import type { PluginClaim } from '../src/spec/schema.js';
import type { AnyChecker, Decision } from './checker.js';
import type { CheckContext } from './context.js';

/** The context a plug-in checker sees: a CheckContext whose claim is the plug-in's own kind. */
export type PluginCheckContext<C extends PluginClaim = PluginClaim> = Omit<CheckContext, 'claim'> & { readonly claim: C };

/**
 * A checker for a claim kind that a plug-in adds. `schema` validates the claim's own fields when the
 * spec loads (the common ones - id, title, statement, provenance, expect, assumptions, set, budget -
 * are checked by the spec schema); its output, defaults applied, is the claim the checker sees.
 */
export interface PluginChecker<C extends PluginClaim = PluginClaim> {
  readonly kind: string;
  readonly schema?: z.ZodType;
  plan(ctx: PluginCheckContext<C>): SimParams[];
  decide(ctx: PluginCheckContext<C>): Promise<Decision>;
  statementTex?(ctx: PluginCheckContext<C>): string | undefined;
}

export type RegisteredChecker = AnyChecker | PluginChecker;

/** Every claim kind's checker; the shipped ones register in proofs-check/index.ts. */
export const checkers = new Registry<RegisteredChecker>('claim kind');

export function registerChecker(checker: RegisteredChecker, origin: string = SHIPPED): void {
  checkers.register(checker.kind, checker, origin);
}
