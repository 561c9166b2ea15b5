import { InputError } from '../util/errors.js';

/** One slice of a plan: `index` is 1-based, as written on the command line (`--shard 2/4`). */
export interface Shard {
  index: number;
  count: number;
}

/** Parse "i/N" (1 <= i <= N). Throws InputError naming the flag and the value. */
export function parseShard(text: string, field = '--shard'): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const bad = (why: string) => new InputError(`${field}: ${why} (got ${JSON.stringify(text)})`, { field, value: text });
  if (!m) throw bad('expected i/N, e.g. 1/4');
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1) throw bad('N must be at least 1');
  if (index < 1 || index > count) throw bad(`i must be between 1 and N=${count}`);
  return { index, count };
}

export function formatShard(s: Shard): string {
  return `${s.index}/${s.count}`;
}

/**
 * The keys a shard owns: sort all distinct keys, take every N-th starting at the i-th. The
 * slices of 1/N .. N/N are disjoint and cover the plan, on any machine, in any order.
 */
export function shardKeys(keys: Iterable<string>, shard: Shard): string[] {
  const sorted = [...new Set(keys)].sort();
  return sorted.filter((_, j) => j % shard.count === shard.index - 1);
}
