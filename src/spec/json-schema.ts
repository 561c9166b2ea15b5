import { z } from 'zod';
import { metrics } from '../components/metric.js';
import { regimes } from '../components/regime.js';
import { paramKeys } from '../engine/params.js';
import { Claim, ClaimEntry, Metric, PluginClaim, Regime, SimKey, Spec } from './schema.js';

/** Names checked against a registry in code are listed as registered when the schema is generated. */
function registeredNames(ctx: { zodSchema: unknown; jsonSchema: Record<string, unknown> }): void {
  if (ctx.zodSchema === Regime) ctx.jsonSchema.enum = regimes.names();
  if (ctx.zodSchema === SimKey) ctx.jsonSchema.enum = paramKeys();
  if (ctx.zodSchema === Metric) ctx.jsonSchema.enum = metrics.names();
}

/** A claim entry is dispatched by kind in code; its JSON Schema is the union of both shapes. */
function claimEntrySchema(): Record<string, unknown> {
  const { $schema: _, ...rest } = z.toJSONSchema(z.union([Claim, PluginClaim]), { io: 'input', unrepresentable: 'any', override: registeredNames });
  return rest;
}

/** Stable identifier of the spec format's JSON Schema (a URN: the schema ships with the package, not at a URL). */
export const SPEC_SCHEMA_ID = 'urn:theorem-harness:spec-schema:1';

/**
 * The spec format as JSON Schema (draft 2020-12), generated from the zod schema, so YAML and JSON
 * editors can complete and check spec files. It covers the shape only: cross-references and
 * expressions are checked by `spec lint`.
 */
export function specJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(Spec, {
      io: 'input',
      unrepresentable: 'any',
      override: (ctx) => {
        if (ctx.zodSchema === ClaimEntry) Object.assign(ctx.jsonSchema, claimEntrySchema());
        registeredNames(ctx);
      },
    }),
    $id: SPEC_SCHEMA_ID,
    title: 'theorem-harness spec',
    description: 'A paper\'s parameters, assumptions and claims. Shape only; run `theorem-harness spec lint` for the full check.',
  };
}
