import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { checkClaim, makeContext, planClaim } from '../../proofs-check/check-claim.js';
import { scalingRatios } from '../../proofs-check/ratios.js';
import type { Profile } from '../../proofs-check/budget.js';
import { RESULTS_SCHEMA_VERSION, VERDICTS, type ClaimResult, type Results } from '../../proofs-check/results.js';
import type { SimParams } from '../engine/params.js';
import type { RunResult } from '../engine/result.js';
import { defaultSpecPath, loadSpec, type LoadedSpec } from '../spec/load.js';
import { evaluatePoint } from '../spec/evaluate.js';
import { dataSourceFor } from '../data/index.js';
import { sampleInputsSvg } from '../data/real/preview.js';
import { RunCache } from '../sweep/cache.js';
import { defaultVersionOf, exportRuns, planRuns, runAll, type PlannedRun, type Progress } from '../sweep/executor.js';
import { RunPool } from '../sweep/pool.js';
import { formatShard, type Shard } from '../sweep/shard.js';
import { InputError } from '../util/errors.js';
import { toolVersion } from '../util/package-root.js';
import { gitState } from '../util/provenance.js';
import { CachedRunSource } from './run-source.js';

export interface CheckOptions {
  /** Spec file (default: the SimCLR spec). */
  spec?: string;
  /** New defaults for spec parameters and constants (`--set d=100000`); a claim's own `set` still wins. */
  set?: Record<string, number | string>;
  profile: Profile;
  /** Claim ids to check (default: all). */
  only?: string[];
  outDir: string;
  cacheDir: string;
  /** Worker threads (default: every core). */
  workers?: number;
  /** First seed of every claim. */
  seed?: number;
  /** Seeds per point, overriding the profile. */
  seeds?: number;
  engine?: SimParams['engine'];
  /** Run only this slice of the runs and write them to outDir/runs (no verdicts). */
  shard?: Shard;
  /** Turns a run's parameters into a replay command. */
  replay?: (params: SimParams) => string;
  events?: CheckEvents;
}

/** What a front end (progress bars, logs) can follow; all optional. */
export interface CheckEvents {
  /** Before the first claim: the runs each selected claim plans (cached ones included). */
  checkStart?(plan: { claims: { id: string; runs: number }[] }): void;
  claimStart?(claim: { id: string; index: number; total: number; runs: number }): void;
  runProgress?(claimId: string, p: Progress): void;
  claimDone?(result: ClaimResult): void;
}

/** What a shard writes next to its runs, so `merge` can finish the check with the same options. */
export interface ShardManifest {
  kind: 'theorem-harness-shard';
  spec: string;
  specHash: string;
  profile: Profile;
  only: string[] | null;
  set: Record<string, number | string> | null;
  seed: number;
  seeds: number | null;
  engine: SimParams['engine'] | null;
  shard: string;
  runs: number;
  planned: number;
}

/**
 * The spec with new defaults for some parameters and constants, validated like any point of the
 * spec (unknown names and out-of-range values are InputErrors). Expressions are unchanged.
 */
export function withDefaults(loaded: LoadedSpec, set: Record<string, number | string>): LoadedSpec {
  if (Object.keys(set).length === 0) return loaded;
  const point = evaluatePoint(loaded, set);
  const spec = {
    ...loaded.spec,
    parameters: loaded.spec.parameters.map((p) => (p.name in set ? { ...p, default: point.values[p.name] } : p)),
    constants: loaded.spec.constants.map((c) => (c.name in set ? { ...c, default: Number(point.values[c.name]) } : c)),
  } as LoadedSpec['spec'];
  return { ...loaded, spec };
}

export function selectClaims(loaded: LoadedSpec, only: readonly string[] | undefined): number[] {
  const all = loaded.spec.claims.map((_, i) => i);
  if (!only || only.length === 0) return all;
  const ids = new Set(loaded.spec.claims.map((c) => c.id));
  const unknown = only.filter((id) => !ids.has(id));
  if (unknown.length) {
    throw new InputError(`--only: no claim ${unknown.map((u) => `'${u}'`).join(', ')} in spec ${loaded.spec.id} (claims: ${[...ids].join(', ')})`, { field: '--only', value: unknown[0] });
  }
  return all.filter((i) => only.includes(loaded.spec.claims[i].id));
}

function writeJsonAtomic(file: string, value: unknown): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n');
  renameSync(tmp, file);
}

/**
 * The main job: spec -> plan -> runs (cached, pooled, optionally one shard) -> verdicts -> results.json.
 * Returns the results (null for a shard, which only runs and exports its slice).
 */
export async function runCheck(opts: CheckOptions): Promise<{ results: Results | null; resultsFile: string | null; loaded: LoadedSpec }> {
  const started = new Date();
  const t0 = performance.now();
  const specFile = opts.spec ?? defaultSpecPath();
  const loaded = withDefaults(await loadSpec(specFile), opts.set ?? {});
  const indices = selectClaims(loaded, opts.only);
  const outDir = resolve(opts.outDir);
  mkdirSync(outDir, { recursive: true });
  const cache = new RunCache(opts.cacheDir);
  const pool = new RunPool({ size: opts.workers });
  const versionOf = defaultVersionOf();
  const baseSeed = opts.seed ?? 0;
  // Engine and backend as reported by the runs themselves.
  const backends = new Set<string>();
  const engines = new Map<string, string>();
  const noteRun = (r: RunResult) => {
    backends.add(r.backend);
    engines.set(r.engine, r.engineVersion);
  };
  const contextFor = (i: number, source: CachedRunSource) =>
    makeContext(loaded, i, { profile: opts.profile, runs: source, baseSeed, engine: opts.engine, budget: opts.seeds ? { seeds: opts.seeds } : undefined });

  try {
    if (opts.shard) {
      const all: SimParams[] = [];
      for (const i of indices) all.push(...planClaim(contextFor(i, new CachedRunSource(cache, pool, versionOf))));
      const results = await runAll(all, { cache, workers: pool, versionOf, shard: opts.shard, onProgress: (p) => opts.events?.runProgress?.(`shard ${formatShard(opts.shard!)}`, p) });
      await exportRuns(results.keys(), cache, join(outDir, 'runs'));
      const manifest: ShardManifest = {
        kind: 'theorem-harness-shard',
        spec: loaded.file ?? specFile,
        specHash: loaded.hash,
        profile: opts.profile,
        only: opts.only?.length ? opts.only : null,
        set: opts.set && Object.keys(opts.set).length ? opts.set : null,
        seed: baseSeed,
        seeds: opts.seeds ?? null,
        engine: opts.engine ?? null,
        shard: formatShard(opts.shard),
        runs: results.size,
        planned: new Set((await planRuns(all, versionOf)).map((p) => p.key)).size,
      };
      writeJsonAtomic(join(outDir, 'shard.json'), manifest);
      return { results: null, resultsFile: null, loaded };
    }

    if (opts.events?.checkStart) {
      opts.events.checkStart({ claims: indices.map((i) => ({ id: loaded.spec.claims[i].id, runs: planClaim(contextFor(i, new CachedRunSource(cache, pool, versionOf))).length })) });
    }
    const claims: ClaimResult[] = [];
    for (const [n, i] of indices.entries()) {
      const id = loaded.spec.claims[i].id;
      const claimStarted = performance.now();
      const source = new CachedRunSource(cache, pool, versionOf, (p) => opts.events?.runProgress?.(id, p), noteRun);
      const ctx = contextFor(i, source);
      const plan = planClaim(ctx);
      opts.events?.claimStart?.({ id, index: n, total: indices.length, runs: plan.length });
      // Run the whole plan at once so the pool stays busy; the decision then reads the cache.
      if (plan.length) await source.run(plan);
      const decided = await checkClaim(ctx, { replay: opts.replay, counters: () => source.counters() });
      // Wall time of the claim as a whole: its runs and its decision.
      const result = { ...decided, wallSeconds: (performance.now() - claimStarted) / 1000 };
      claims.push(result);
      opts.events?.claimDone?.(result);
    }

    const ratios = scalingRatios(claims);
    const samples = sampleInputs(indices.flatMap((i) => planClaim(contextFor(i, new CachedRunSource(cache, pool, versionOf))).slice(0, 1)));
    const summary = Object.fromEntries(VERDICTS.map((v) => [v, claims.filter((c) => c.verdict === v).length])) as Results['summary'];
    const git = gitState();
    const results: Results = {
      schemaVersion: RESULTS_SCHEMA_VERSION,
      tool: { name: 'theorem-harness', version: toolVersion() },
      spec: {
        id: loaded.spec.id,
        title: loaded.spec.title,
        file: loaded.file ? relative(process.cwd(), loaded.file) || loaded.file : specFile,
        hash: loaded.hash,
        ...(opts.set && Object.keys(opts.set).length ? { set: opts.set } : {}),
        source: [loaded.spec.source.citation, loaded.spec.source.arxiv ? `arXiv:${loaded.spec.source.arxiv}` : ''].filter(Boolean).join(', '),
      },
      profile: opts.profile,
      engine: {
        name: [...engines.keys()].join('+') || (opts.engine ?? 'tensor'),
        version: [...engines.values()].join('+') || 'unknown',
        backend: [...backends].join('+') || 'unknown',
      },
      git,
      node: process.version,
      startedAt: started.toISOString(),
      wallSeconds: (performance.now() - t0) / 1000,
      shard: null,
      claims,
      ...(ratios.length ? { ratios } : {}),
      ...(samples ? { samples } : {}),
      summary,
    };
    const resultsFile = join(outDir, 'results.json');
    writeJsonAtomic(resultsFile, results);
    return { results, resultsFile, loaded };
  } finally {
    await pool.close();
  }
}

/** For specs on real images: a picture of a few training inputs of the first run that uses them. */
function sampleInputs(runs: readonly SimParams[]): Results['samples'] {
  const params = runs.find((p) => p.data !== 'synthetic');
  if (!params) return undefined;
  const source = dataSourceFor(params);
  if (!source.imageShape) return undefined;
  const data = source.sample('train', Math.min(4, params.nLabeled));
  return {
    title: `Sample inputs: ${params.data} classes ${params.classes.join(' vs ')}, SNR ${Number(params.snr.toPrecision(3))} (image patch | noise patch)`,
    svg: sampleInputsSvg(data, source.imageShape),
  };
}

export interface PlanSummary {
  spec: string;
  profile: Profile;
  claims: { id: string; kind: string; runs: number; cached: number; planned: PlannedRun[] }[];
  /** Distinct runs over all claims (claims share runs through the cache) and how many are cached. */
  runs: number;
  cached: number;
}

/** What `check` would run, without running anything: for sizing a sweep or choosing N shards. */
export async function planCheck(opts: Pick<CheckOptions, 'spec' | 'set' | 'profile' | 'only' | 'cacheDir' | 'seed' | 'seeds' | 'engine'>): Promise<PlanSummary> {
  const loaded = withDefaults(await loadSpec(opts.spec ?? defaultSpecPath()), opts.set ?? {});
  const cache = new RunCache(opts.cacheDir);
  const versionOf = defaultVersionOf();
  const noRuns = { run: async () => [] };
  const all = new Set<string>();
  const claims = [];
  for (const i of selectClaims(loaded, opts.only)) {
    const ctx = makeContext(loaded, i, { profile: opts.profile, runs: noRuns, baseSeed: opts.seed ?? 0, engine: opts.engine, budget: opts.seeds ? { seeds: opts.seeds } : undefined });
    const planned = await planRuns(planClaim(ctx), versionOf);
    const keys = new Set(planned.map((p) => p.key));
    keys.forEach((k) => all.add(k));
    claims.push({ id: ctx.claim.id, kind: ctx.claim.kind, runs: keys.size, cached: [...keys].filter((k) => cache.has(k)).length, planned });
  }
  return { spec: loaded.spec.id, profile: opts.profile, claims, runs: all.size, cached: [...all].filter((k) => cache.has(k)).length };
}

/** The options a shard ran with, read back from its out dir. */
export function readShardManifest(dir: string): ShardManifest {
  const file = join(dir, 'shard.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new InputError(`${dir}: not a shard's output folder (no shard.json; run \`check --shard i/N --out ${dir}\` first)`, { file });
  }
  try {
    const m = JSON.parse(text) as ShardManifest;
    if (m.kind !== 'theorem-harness-shard') throw new Error('kind');
    return m;
  } catch {
    throw new InputError(`${file}: not a shard manifest written by theorem-harness`, { file });
  }
}

/** Exit code of a check: 1 when a claim failed (fail, xpass, error; with strict, inconclusive too). */
export function exitCodeFor(results: Results, strict: boolean): number {
  const bad = new Set(['fail', 'xpass', 'error', ...(strict ? ['inconclusive'] : [])]);
  return results.claims.some((c) => bad.has(c.verdict)) ? 1 : 0;
}
