import { pluginComponentsHash } from '../components/versions.js';
import { getEngine } from '../engine/engine.js';
import type { SimParams } from '../engine/params.js';
import type { RunResult } from '../engine/result.js';
import { InputError } from '../util/errors.js';
import { RunCache, type CacheProblem } from './cache.js';
import { runKey } from './key.js';
import { ENGINES_MODULE, RunPool } from './pool.js';
import { loadModules } from './run-one.js';
import { shardKeys, type Shard } from './shard.js';

export interface PlannedRun {
  key: string;
  params: SimParams;
  engineVersion: string;
  /** Hash of the run's plug-in components' code, when it has any (part of the key). */
  components?: string;
}

/** Engine name -> version; the default imports the engine modules in this thread and asks each engine. */
export type VersionOf = (engine: SimParams['engine']) => Promise<string>;

export function defaultVersionOf(modules: readonly string[] = [ENGINES_MODULE]): VersionOf {
  return async (engine) => {
    await loadModules(modules);
    return (await getEngine(engine)).version;
  };
}

/** Key every run of a plan (input order, duplicates kept), so callers can look results up by params. */
export async function planRuns(paramsList: readonly SimParams[], versionOf: VersionOf = defaultVersionOf()): Promise<PlannedRun[]> {
  const versions = new Map<string, string>();
  for (const p of paramsList) if (!versions.has(p.engine)) versions.set(p.engine, await versionOf(p.engine));
  return paramsList.map((params) => {
    const engineVersion = versions.get(params.engine)!;
    const components = pluginComponentsHash(params);
    return { key: runKey({ engine: params.engine, engineVersion, params, components }), params, engineVersion, ...(components !== undefined ? { components } : {}) };
  });
}

export interface Progress {
  /** Runs of this (sharded, deduplicated) plan finished so far, cached ones included. */
  done: number;
  total: number;
  /** Runs found in the cache at the start. */
  cached: number;
  failed: number;
  /** The run that just finished (absent for the initial report). */
  key?: string;
  error?: Error;
}

export interface RunAllOptions {
  cache: RunCache;
  /** A pool to use (left open), or a worker count for a pool made and closed here (default: every core). */
  workers?: number | RunPool;
  /** Engine modules for a pool made here and for versionOf (default: [ENGINES_MODULE]). */
  modules?: string[];
  shard?: Shard;
  onProgress?: (p: Progress) => void;
  versionOf?: VersionOf;
}

export interface RunFailure {
  key: string;
  params: SimParams;
  error: Error;
}

/** Some runs failed; every other run finished and is in the cache and in `results`. */
export class SweepError extends Error {
  constructor(
    readonly failures: RunFailure[],
    readonly results: Map<string, RunResult>,
  ) {
    super(
      `${failures.length} run(s) failed; the others are cached:\n` +
        failures
          .slice(0, 5)
          .map((f) => `  seed ${f.params.seed}, ${f.params.regime}/${f.params.engine} (${f.key.slice(0, 12)}): ${f.error.message}`)
          .join('\n'),
    );
    this.name = 'SweepError';
  }
}

/** Runs in progress per cache, so concurrent sweeps over overlapping plans run each key once. */
const inflight = new WeakMap<RunCache, Map<string, Promise<RunResult>>>();

function runOnce(cache: RunCache, pool: RunPool, run: PlannedRun): Promise<RunResult> {
  let running = inflight.get(cache);
  if (!running) inflight.set(cache, (running = new Map()));
  const pending = running.get(run.key);
  if (pending) return pending;
  const job = (async () => {
    // Another sweep may have finished this run since our plan checked the cache.
    const done = await cache.get(run.key);
    if (done) return done;
    const result = await pool.run(run.params);
    await cache.put({ engine: run.params.engine, engineVersion: run.engineVersion, params: run.params, components: run.components }, result);
    return result;
  })();
  running.set(run.key, job);
  const forget = () => running.delete(run.key);
  job.then(forget, forget);
  return job;
}

/**
 * Run every distinct run of the plan (or of one shard of it) that the cache lacks, writing each
 * result to the cache the moment it finishes, so an interrupted sweep loses nothing finished.
 * Returns the results of the plan's (shard's) runs by key. When runs fail, the others still run;
 * then it throws an InputError if an engine rejected a configuration, else a SweepError.
 */
export async function runAll(paramsList: readonly SimParams[], opts: RunAllOptions): Promise<Map<string, RunResult>> {
  const { cache } = opts;
  const modules = opts.modules ?? [ENGINES_MODULE];
  const plan = await planRuns(paramsList, opts.versionOf ?? defaultVersionOf(modules));
  const byKey = new Map<string, PlannedRun>();
  for (const run of plan) if (!byKey.has(run.key)) byKey.set(run.key, run);
  const keys = opts.shard ? shardKeys(byKey.keys(), opts.shard) : [...byKey.keys()].sort();

  cache.sweepTempOnce();
  const results = new Map<string, RunResult>();
  const todo: PlannedRun[] = [];
  for (const key of keys) {
    const hit = await cache.get(key);
    if (hit) results.set(key, hit);
    else todo.push(byKey.get(key)!);
  }
  const progress: Progress = { done: results.size, total: keys.length, cached: results.size, failed: 0 };
  opts.onProgress?.({ ...progress });

  const failures: RunFailure[] = [];
  if (todo.length > 0) {
    const own = typeof opts.workers !== 'object';
    const pool = typeof opts.workers === 'object' ? opts.workers : new RunPool({ size: Math.min(opts.workers ?? RunPool.defaultSize(), todo.length), modules });
    try {
      let next = 0;
      const lane = async (): Promise<void> => {
        while (next < todo.length) {
          const run = todo[next++];
          try {
            const result = await runOnce(cache, pool, run);
            results.set(run.key, result);
            progress.done++;
            opts.onProgress?.({ ...progress, key: run.key });
          } catch (e) {
            const error = e instanceof Error ? e : new Error(String(e));
            failures.push({ key: run.key, params: run.params, error });
            progress.done++;
            progress.failed++;
            opts.onProgress?.({ ...progress, key: run.key, error });
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(pool.size, todo.length) }, lane));
    } finally {
      if (own) await pool.close();
    }
  }
  if (failures.length > 0) {
    const input = failures.filter((f) => f.error instanceof InputError);
    if (input.length > 0) throw new InputError(input.flatMap((f) => (f.error as InputError).problems));
    throw new SweepError(failures, results);
  }
  return results;
}

export interface TransferReport {
  /** Runs copied in. */
  copied: number;
  /** Runs already present in the destination. */
  present: number;
  /** Keys asked for but missing (export) from the source cache. */
  missing: string[];
  /** Files that failed validation and were skipped. */
  problems: CacheProblem[];
}

/**
 * Copy the finished runs with these keys into a cache laid out under `dir` (e.g. a shard's out
 * dir), validating each; the copies are written atomically like any cache write.
 */
export async function exportRuns(keys: Iterable<string>, cache: RunCache, dir: string): Promise<TransferReport> {
  const target = new RunCache(dir);
  const report: TransferReport = { copied: 0, present: 0, missing: [], problems: [] };
  const before = cache.problems.length;
  for (const key of new Set(keys)) {
    if (target.has(key) && (await target.get(key))) {
      report.present++;
      continue;
    }
    const entry = await cache.getEntry(key);
    if (!entry) {
      report.missing.push(key);
      continue;
    }
    await target.putEntry(entry);
    report.copied++;
  }
  report.problems.push(...cache.problems.slice(before), ...target.problems);
  return report;
}

/** Union the runs cached under each of `dirs` (shards' out dirs) into `cache`, validating each file. */
export async function importRuns(dirs: readonly string[], cache: RunCache): Promise<TransferReport> {
  const report: TransferReport = { copied: 0, present: 0, missing: [], problems: [] };
  for (const dir of dirs) {
    const source = new RunCache(dir);
    for (const key of await source.keys()) {
      if (cache.has(key) && (await cache.get(key))) {
        report.present++;
        continue;
      }
      const entry = await source.getEntry(key);
      if (!entry) continue;
      await cache.putEntry(entry);
      report.copied++;
    }
    report.problems.push(...source.problems);
  }
  report.problems.push(...cache.problems);
  return report;
}
