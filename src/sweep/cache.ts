import { randomBytes } from 'node:crypto';
import { mkdirSync, existsSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { open, rename, mkdir, readFile, readdir } from 'node:fs/promises';
import { homedir, hostname } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { RunResult } from '../engine/result.js';
import { canonicalParams, type SimParams } from '../engine/params.js';
import { KEY_PATTERN, runKey } from './key.js';

/** What one cache file holds: the run's identity (so the key can be re-derived) and its result. */
export const CacheEntry = z.object({
  key: z.string().regex(KEY_PATTERN),
  engine: z.string(),
  engineVersion: z.string(),
  params: z.record(z.string(), z.unknown()),
  result: RunResult,
});
export type CacheEntry = z.infer<typeof CacheEntry>;

export interface CacheProblem {
  file: string;
  problem: string;
}

/**
 * The per-user cache, shared by every working directory: $XDG_CACHE_HOME/theorem-harness/runs, else
 * ~/.cache/theorem-harness/runs (the XDG base-directory rule: a relative XDG_CACHE_HOME is ignored).
 */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(home, '.cache'), 'theorem-harness', 'runs');
}

const TEMP_SUFFIX = '.tmp';
const HOST = hostname().replace(/[^A-Za-z0-9-]/g, '_');
/** Temp files from another host (or a pid we cannot probe) are removed only when this old. */
const STALE_MS = 60 * 60 * 1000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Content-addressed store of finished runs: <dir>/<key[0..2]>/<key>.json, one file per run.
 * Writes are atomic (temp file in the same directory, fsync, rename, fsync of the directory),
 * so a process killed at any moment leaves either the whole file or none. Reads validate the
 * file and treat a corrupt one as missing, recording it in `problems`.
 */
export class RunCache {
  readonly dir: string;
  readonly problems: CacheProblem[] = [];
  private readonly onProblem?: (p: CacheProblem) => void;
  /** Entries read or written by this instance: checkers ask for the same runs many times. */
  private readonly memo = new Map<string, CacheEntry>();
  private swept = false;

  constructor(dir: string = defaultCacheDir(), opts: { onProblem?: (p: CacheProblem) => void } = {}) {
    this.dir = resolve(dir);
    this.onProblem = opts.onProblem;
  }

  pathOf(key: string): string {
    if (!KEY_PATTERN.test(key)) throw new RangeError(`not a cache key: ${JSON.stringify(key)}`);
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  has(key: string): boolean {
    return this.memo.has(key) || existsSync(this.pathOf(key));
  }

  private report(file: string, problem: string): undefined {
    const p = { file, problem };
    this.problems.push(p);
    this.onProblem?.(p);
    return undefined;
  }

  /** Validate one file's text; undefined (and a recorded problem) when it is not a sound entry for `key`. */
  private parse(file: string, text: string, key: string): CacheEntry | undefined {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      return this.report(file, `not valid JSON (${(e as Error).message}); ignored, the run will be redone`);
    }
    const parsed = CacheEntry.safeParse(json);
    if (!parsed.success) return this.report(file, `not a cache entry (${parsed.error.issues[0]?.message ?? 'invalid'} at ${parsed.error.issues[0]?.path.join('.')}); ignored`);
    const entry = parsed.data;
    const derived = runKey({ engine: entry.engine, engineVersion: entry.engineVersion, params: entry.params as SimParams });
    if (entry.key !== key || derived !== key) return this.report(file, `its content hashes to ${derived}, not to its name ${key}; ignored`);
    return entry;
  }

  async getEntry(key: string): Promise<CacheEntry | undefined> {
    const file = this.pathOf(key);
    const known = this.memo.get(key);
    if (known) return known;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    const entry = this.parse(file, text, key);
    if (entry) this.memo.set(key, entry);
    return entry;
  }

  /** The finished run with this key, or undefined when absent or corrupt. */
  async get(key: string): Promise<RunResult | undefined> {
    return (await this.getEntry(key))?.result;
  }

  getSync(key: string): RunResult | undefined {
    const file = this.pathOf(key);
    const known = this.memo.get(key);
    if (known) return known.result;
    if (!existsSync(file)) return undefined;
    const entry = this.parse(file, readFileSync(file, 'utf8'), key);
    if (entry) this.memo.set(key, entry);
    return entry?.result;
  }

  /** Store a finished run atomically; returns its key. The result is validated first. */
  async put(id: { engine: string; engineVersion: string; params: SimParams }, result: RunResult): Promise<string> {
    const key = runKey(id);
    const entry: CacheEntry = {
      key,
      engine: id.engine,
      engineVersion: id.engineVersion,
      params: canonicalParams(id.params) as unknown as Record<string, unknown>,
      result: RunResult.parse(result),
    };
    await this.writeAtomic(key, `${JSON.stringify(entry)}\n`);
    this.memo.set(key, entry);
    return key;
  }

  /** Copy a validated entry in (used by import); the key is re-derived, never trusted. */
  async putEntry(entry: CacheEntry): Promise<string> {
    return this.put({ engine: entry.engine, engineVersion: entry.engineVersion, params: entry.params as SimParams }, entry.result);
  }

  private async writeAtomic(key: string, text: string): Promise<void> {
    const final = this.pathOf(key);
    const dir = join(this.dir, key.slice(0, 2));
    await mkdir(dir, { recursive: true });
    const temp = join(dir, `.${key}.${HOST}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);
    const fh = await open(temp, 'wx');
    try {
      await fh.writeFile(text, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(temp, final);
    // Make the rename itself durable (a power cut after rename could otherwise lose the entry).
    const dh = await open(dir, 'r');
    try {
      await dh.sync();
    } finally {
      await dh.close();
    }
  }

  /** Every key with a file present (not validated; use get to read). */
  async keys(): Promise<string[]> {
    const out: string[] = [];
    let prefixes: string[];
    try {
      prefixes = await readdir(this.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return out;
      throw e;
    }
    for (const prefix of prefixes.sort()) {
      if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
      for (const name of (await readdir(join(this.dir, prefix))).sort()) {
        const key = name.slice(0, -'.json'.length);
        if (name.endsWith('.json') && KEY_PATTERN.test(key) && key.startsWith(prefix)) out.push(key);
      }
    }
    return out;
  }

  /**
   * Remove temp files left by killed writers: those of dead processes on this host, and any
   * older than an hour (another host's writer). Returns how many were removed.
   */
  sweepTemp(): number {
    this.swept = true;
    if (!existsSync(this.dir)) return 0;
    let removed = 0;
    for (const prefix of readdirSync(this.dir)) {
      const sub = join(this.dir, prefix);
      if (!/^[0-9a-f]{2}$/.test(prefix) || !statSync(sub).isDirectory()) continue;
      for (const name of readdirSync(sub)) {
        if (!name.endsWith(TEMP_SUFFIX)) continue;
        const parts = name.split('.');
        // .<key>.<host>.<pid>.<rand>.tmp
        const host = parts[2];
        const pid = Number(parts[3]);
        const file = join(sub, name);
        let stale: boolean;
        try {
          stale = (host === HOST && Number.isInteger(pid) && !alive(pid)) || Date.now() - statSync(file).mtimeMs > STALE_MS;
        } catch {
          continue;
        }
        if (stale) {
          try {
            unlinkSync(file);
            removed++;
          } catch {
            // Someone else removed or renamed it first.
          }
        }
      }
    }
    return removed;
  }

  /** sweepTemp on the first call only (runAll calls this on every sweep). */
  sweepTempOnce(): number {
    return this.swept ? 0 : this.sweepTemp();
  }

  /** Create the directory now (so a bad path fails early, before any run). */
  ensureDir(): void {
    mkdirSync(this.dir, { recursive: true });
  }
}
