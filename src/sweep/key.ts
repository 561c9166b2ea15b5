import { createHash } from 'node:crypto';
import { canonicalParams, type SimParams } from '../engine/params.js';

/** JSON with object keys sorted at every depth, so equal values always hash alike. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}

export interface RunIdentity {
  engine: string;
  engineVersion: string;
  params: SimParams;
  /** The run's plug-in components' code (src/components/versions.ts); absent when all are shipped. */
  components?: string;
}

/**
 * The cache key of one run: sha256 (hex) of canonical JSON of engine, engine version, parameters
 * (seed included) and, for runs of plug-in components, their code's hash.
 */
export function runKey(id: RunIdentity): string {
  const body = canonicalJson({ engine: id.engine, engineVersion: id.engineVersion, params: canonicalParams(id.params), ...(id.components !== undefined ? { components: id.components } : {}) });
  return createHash('sha256').update(body).digest('hex');
}

export const KEY_PATTERN = /^[0-9a-f]{64}$/;
