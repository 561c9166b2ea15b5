import type { z } from 'zod';
import { InputError } from '../util/errors.js';
import type { ComponentBase, ComponentSort } from './component.js';

interface Field {
  schema: z.ZodType;
  /** Components that declare it, e.g. 'data mnist'. */
  owners: Array<{ sort: ComponentSort; name: string }>;
}

/** Run-parameter fields declared by components, in registration order. */
const fields = new Map<string, Field>();
/** Fields of the core run parameters (src/engine/params.ts), which no component may redeclare. */
let coreKeys: ReadonlySet<string> = new Set();
let revision = 0;

export function setCoreKeys(keys: readonly string[]): void {
  coreKeys = new Set(keys);
}

/** Changes whenever a component adds run parameters (the run-parameter schema is rebuilt then). */
export function paramsRevision(): number {
  return revision;
}

/**
 * Check a component's parameters against those registered and return the function that adds them;
 * nothing changes until it is called (so a component refused for its name adds no parameters).
 */
export function prepareParams(sort: ComponentSort, component: ComponentBase, origin: string): () => void {
  const where = `${origin}: ${sort} '${component.name}'`;
  const shape = (component.params as unknown as { shape?: Record<string, z.ZodType> } | undefined)?.shape;
  if (!shape || typeof shape !== 'object') {
    throw new InputError(`${where}: params must be a zod object (z.object({...}), z from 'theorem-harness')`, { file: origin, field: 'params' });
  }
  for (const [key, schema] of Object.entries(shape)) {
    if (coreKeys.has(key)) {
      throw new InputError(`${where}: parameter '${key}' is a core run parameter; use it without declaring it, or give yours another name`, { file: origin, field: `params.${key}` });
    }
    const known = fields.get(key);
    if (known && known.schema !== schema) {
      const owner = known.owners.map((o) => `${o.sort} '${o.name}'`).join(', ');
      throw new InputError(`${where}: parameter '${key}' is already declared by ${owner} with another schema; share the same zod schema or pick another name`, { file: origin, field: `params.${key}` });
    }
    if (schema.safeParse(undefined).success === false) {
      throw new InputError(`${where}: parameter '${key}' needs a default (.default(...)) or .optional(), so runs that do not set it still resolve`, { file: origin, field: `params.${key}` });
    }
  }
  return () => {
    for (const [key, schema] of Object.entries(shape)) {
      const known = fields.get(key);
      if (known) known.owners.push({ sort, name: component.name });
      else fields.set(key, { schema, owners: [{ sort, name: component.name }] });
    }
    revision++;
  };
}

/** Every component parameter with its schema. */
export function componentParamShape(): Record<string, z.ZodType> {
  return Object.fromEntries([...fields].map(([key, f]) => [key, f.schema]));
}

/** The components that declare `key` (none for core parameters). */
export function ownersOf(key: string): ReadonlyArray<{ sort: ComponentSort; name: string }> {
  return fields.get(key)?.owners ?? [];
}
