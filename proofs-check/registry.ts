import type { z } from 'zod';
import type { SimParams } from '../src/engine/params.js';
import { Registry, SHIPPED } from '../src/registry.js';
import type { PluginClaim } from '../src/spec/schema.js';
import type { AnyChecker, Decision } from './checker.js';
import type { CheckContext } from './context.js';

/** The context a plug-in checker sees: a CheckContext whose claim has the common fields plus the kind's own (`C`). */
export type PluginCheckContext<C extends object = Record<string, unknown>> = Omit<CheckContext, 'claim'> & { readonly claim: PluginClaim & C };

/**
 * A checker for a claim kind that a plug-in adds. `schema` validates the claim's own fields when the
 * spec loads (the common ones - id, title, statement, provenance, expect, assumptions, set, budget -
 * are checked by the spec schema); its output, defaults applied, is the claim the checker sees.
 */
export interface PluginChecker<C extends object = Record<string, unknown>> {
  readonly kind: string;
  readonly schema?: z.ZodType;
  /** Whether the rule is anytime-valid for this claim (see Checker.anytimeValid); absent: false. */
  readonly anytimeValid?: boolean | ((claim: PluginClaim & C) => boolean);
  plan(ctx: PluginCheckContext<C>): SimParams[];
  decide(ctx: PluginCheckContext<C>): Promise<Decision>;
  statementTex?(ctx: PluginCheckContext<C>): string | undefined;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a plug-in kind's own fields are its business
export type RegisteredChecker = AnyChecker | PluginChecker<any>;

/** Every claim kind's checker; the shipped ones register in proofs-check/index.ts. */
export const checkers = new Registry<RegisteredChecker>('claim kind');

export function registerChecker(checker: RegisteredChecker, origin: string = SHIPPED): void {
  checkers.register(checker.kind, checker, origin);
}
