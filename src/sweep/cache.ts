import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, existsSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { open, rename, mkdir, readFile, readdir } from 'node:fs/promises';
import { homedir, hostname } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { RunResult } from '../engine/result.js';
import { canonicalParams, type SimParams } from '../engine/params.js';
import { canonicalJson, KEY_PATTERN, runKey, type RunIdentity } from './key.js';

/**
 * What one cache file holds: the run's identity (so the key can be re-derived), its result, and a
 * checksum of both. Entries written before checksums existed lack it and are redone, not trusted.
 */
export const CacheEntry = z.object({
  key: z.string().regex(KEY_PATTERN),
  engine: z.string(),
  engineVersion: z.string(),
  params: z.record(z.string(), z.unknown()),
  /** Hash of the run's plug-in components' code (src/components/versions.ts); absent for shipped ones. */
  components: z.string().optional(),
  result: RunResult,
  checksum: z.string().regex(/^[0-9a-f]{64}$/).optional(),
});
export type CacheEntry = z.infer<typeof CacheEntry>;

/** sha256 of the entry's canonical JSON without the checksum itself. */
export function entryChecksum(entry: Omit<CacheEntry, 'checksum'>): string {
  const { key, engine, engineVersion, params, components, result } = entry;
  return createHash('sha256').update(canonicalJson({ key, engine, engineVersion, params, ...(components !== undefined ? { components } : {}), result })).digest('hex');
}

/** Suffix of a file moved aside because it failed verification: `<key>.json.corrupt-<ms since epoch>`. */
export const QUARANTINE_SUFFIX = '.corrupt-';

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
 * so a process killed at any moment leaves either the whole file or none. Reads verify the file
 * (JSON, shape, key re-derived from the parameters, the result's own parameters, checksum); one
 * that fails is recorded in `problems`, moved aside to `<file>.corrupt-<time>`, and treated as
 * missing so the run is redone.
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

  /** Whether a verified entry exists (a file that fails verification is reported and moved aside). */
  has(key: string): boolean {
    return this.memo.has(key) || this.getSync(key) !== undefined;
  }

  private report(file: string, problem: string): undefined {
    const p = { file, problem };
    this.problems.push(p);
    this.onProblem?.(p);
    return undefined;
  }

  /** Record why a file is unusable and move it aside, so it is neither read again nor lost for inspection. */
  private reject(file: string, reason: string): undefined {
    const aside = `${file}${QUARANTINE_SUFFIX}${Date.now()}`;
    try {
      renameSync(file, aside);
      return this.report(file, `${reason}; moved to ${aside}, the run will be redone`);
    } catch (e) {
      // Another process moved or replaced it first; either way this content is not used.
      return this.report(file, `${reason}; the run will be redone (could not move it aside: ${(e as Error).message})`);
    }
  }

  /** Verify one file's text; undefined (and a recorded problem) when it is not a sound entry for `key`. */
  private parse(file: string, text: string, key: string): CacheEntry | undefined {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      return this.reject(file, text.length === 0 ? 'empty file' : `not valid JSON (${(e as Error).message.slice(0, 120)})`);
    }
    const parsed = CacheEntry.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return this.reject(file, `not a cache entry (${issue?.message ?? 'invalid'} at ${issue?.path.join('.') || 'the top level'})`);
    }
    const entry = parsed.data;
    const derived = runKey({ engine: entry.engine, engineVersion: entry.engineVersion, params: entry.params as SimParams, components: entry.components });
    if (entry.key !== key || derived !== key) return this.reject(file, `its parameters hash to ${derived}, not to its name ${key}`);
    if (canonicalJson(canonicalParams(entry.result.params as SimParams)) !== canonicalJson(canonicalParams(entry.params as SimParams))) {
      return this.reject(file, "the result's parameters differ from the entry's (another run's result)");
    }
    if (entry.checksum === undefined) return this.reject(file, 'no checksum (written by an older version), so it cannot be verified');
    if (entry.checksum !== entryChecksum(entry)) return this.reject(file, 'checksum mismatch (the content was edited or damaged)');
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
  async put(id: RunIdentity, result: RunResult): Promise<string> {
    const key = runKey(id);
    const body = {
      key,
      engine: id.engine,
      engineVersion: id.engineVersion,
      params: canonicalParams(id.params) as unknown as Record<string, unknown>,
      ...(id.components !== undefined ? { components: id.components } : {}),
      result: RunResult.parse(result),
    };
    const entry: CacheEntry = { ...body, checksum: entryChecksum(body) };
    await this.writeAtomic(key, `${JSON.stringify(entry)}\n`);
    this.memo.set(key, entry);
    return key;
  }

  /** Copy a validated entry in (used by import); the key is re-derived, never trusted. */
  async putEntry(entry: CacheEntry): Promise<string> {
    return this.put({ engine: entry.engine, engineVersion: entry.engineVersion, params: entry.params as SimParams, components: entry.components }, entry.result);
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
