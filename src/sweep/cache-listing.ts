import { stat, unlink } from 'node:fs/promises';
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

export interface CacheInfo {
  dir: string;
  entries: number;
  bytes: number;
  oldestMs: number | null;
  newestMs: number | null;
  /** Entries per engine and engine version. */
  engines: { engine: string; engineVersion: string; entries: number; bytes: number }[];
  /** Files that are not sound entries (reads ignore them; `prune --all` removes them too). */
  problems: number;
}

export async function cacheInfo(cache: RunCache): Promise<CacheInfo> {
  const entries = await listEntries(cache);
  const engines = new Map<string, CacheInfo['engines'][number]>();
  for (const e of entries) {
    const k = `${e.entry.engine}@${e.entry.engineVersion}`;
    const row = engines.get(k) ?? engines.set(k, { engine: e.entry.engine, engineVersion: e.entry.engineVersion, entries: 0, bytes: 0 }).get(k)!;
    row.entries++;
    row.bytes += e.bytes;
  }
  const times = entries.map((e) => e.mtimeMs);
  return {
    dir: cache.dir,
    entries: entries.length,
    bytes: entries.reduce((s, e) => s + e.bytes, 0),
    oldestMs: times.length ? Math.min(...times) : null,
    newestMs: times.length ? Math.max(...times) : null,
    engines: [...engines.values()].sort((a, b) => a.engine.localeCompare(b.engine) || a.engineVersion.localeCompare(b.engineVersion)),
    problems: cache.problems.length,
  };
}

export interface PruneRule {
  /** Entries last written before this time. */
  olderThanMs?: number;
  /** Entries whose engine version is not the current one of their engine (engine -> current version). */
  currentVersions?: ReadonlyMap<string, string>;
  /** Every entry, and every file that is not a sound entry. */
  all?: boolean;
}

/** Removes the entries that match any rule; with dryRun only counts them. */
export async function pruneCache(cache: RunCache, rule: PruneRule, dryRun = false): Promise<{ removed: number; bytes: number }> {
  const entries = await listEntries(cache);
  const doomed = entries.filter(
    (e) =>
      rule.all ||
      (rule.olderThanMs !== undefined && e.mtimeMs < rule.olderThanMs) ||
      (rule.currentVersions !== undefined && rule.currentVersions.get(e.entry.engine) !== e.entry.engineVersion),
  );
  const files = doomed.map((e) => ({ file: cache.pathOf(e.key), bytes: e.bytes }));
  if (rule.all) {
    for (const p of cache.problems) {
      const bytes = await stat(p.file).then((s) => s.size, () => 0);
      files.push({ file: p.file, bytes });
    }
  }
  let removed = 0;
  let bytes = 0;
  for (const f of files) {
    if (!dryRun) {
      try {
        await unlink(f.file);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw e;
      }
    }
    removed++;
    bytes += f.bytes;
  }
  return { removed, bytes };
}

/** "30d", "12h", "90m", "45s" or a bare number of days, as milliseconds; null when not a duration. */
export function parseAge(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([dhms]?)\s*$/.exec(text);
  if (!m) return null;
  const unit = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, '': 86_400_000 }[m[2] as 'd' | 'h' | 'm' | 's' | ''];
  return Number(m[1]) * unit;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}
