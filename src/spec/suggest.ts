import { closest, distance } from 'fastest-levenshtein';
import type { z } from 'zod';
import { Claim, Spec } from './schema.js';

/** Every object key the spec schema knows, at any depth, read from the zod schema itself. */
function schemaKeys(root: z.ZodType): string[] {
  const keys = new Set<string>();
  const seen = new Set<unknown>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object' || seen.has(node)) continue;
    seen.add(node);
    const def = (node as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
    if (!def) continue;
    if (def.type === 'object') for (const k of Object.keys(def.shape as object)) keys.add(k);
    for (const value of Object.values(def)) {
      if (Array.isArray(value)) stack.push(...value);
      else if (value && typeof value === 'object') {
        if ((value as { _zod?: unknown })._zod) stack.push(value);
        else for (const inner of Object.values(value)) stack.push(inner);
      }
    }
  }
  return [...keys].sort();
}

let known: string[] | undefined;

/** The known key closest to `key` when it is a plausible typo (edit distance at most 2, and less than half its length). */
export function suggestKey(key: string): string | undefined {
  // Claims are validated through a transform (ClaimEntry, for plug-in kinds), which hides their shape: add it.
  known ??= [...new Set([...schemaKeys(Spec), ...schemaKeys(Claim)])].sort();
  if (known.length === 0 || key.length > 64) return undefined;
  const best = closest(key, known);
  const d = distance(key, best);
  return d > 0 && d <= 2 && d < key.length / 2 ? best : undefined;
}
