import { stat } from 'node:fs/promises';
import type { CacheEntry, RunCache } from './cache.js';

export interface ListedEntry {
  key: string;
  entry: CacheEntry;
  /** Size of the entry's file on disk. */
  bytes: number;
  /** When the file was last written. */
  mtimeMs: number;
}

/** Every sound entry of a cache (corrupt files are left out, and recorded in cache.problems). */
export async function listEntries(cache: RunCache): Promise<ListedEntry[]> {
  const out: ListedEntry[] = [];
  for (const key of await cache.keys()) {
    const entry = await cache.getEntry(key);
    if (!entry) continue;
    let info;
    try {
      info = await stat(cache.pathOf(key));
    } catch {
      continue; // pruned by someone else meanwhile
    }
    out.push({ key, entry, bytes: info.size, mtimeMs: info.mtimeMs });
  }
  return out;
}
