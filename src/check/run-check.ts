import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeContext, planClaim, type ContextOptions } from '../../proofs-check/check-claim.js';
import { claimSchedule } from '../../proofs-check/adaptive.js';
import { checkClaimsAdaptively } from '../../proofs-check/spec-adaptive.js';
import { scalingRatios } from '../../proofs-check/ratios.js';
import { budgetFor, type Profile } from '../../proofs-check/budget.js';
import { hyperparameters, reproduceCommand } from './reproduce.js';
import { RESULTS_SCHEMA_VERSION, VERDICTS, type ClaimResult, type Results } from '../../proofs-check/results.js';
import { requireEngineFlag } from '../engine/engine.js';
import { checkRunFits } from '../engine/limits.js';
import type { SimParams } from '../engine/params.js';
import type { RunResult } from '../engine/result.js';
import { defaultSpecPath, loadSpec, type LoadedSpec } from '../spec/load.js';
import { evaluatePoint } from '../spec/evaluate.js';
import { assertNoNoops } from '../spec/noop.js';
import { dataSourceFor } from '../data/index.js';
import { sampleInputsSvg } from '../data/real/preview.js';
import { resolveFormats } from '../report/formats/index.js';
import { RunCache, type CacheProblem } from '../sweep/cache.js';
import { defaultVersionOf, exportRuns, planRuns, runAll, type PlannedRun, type Progress } from '../sweep/executor.js';
import { ENGINES_MODULE, RunPool } from '../sweep/pool.js';
import { formatShard, type Shard } from '../sweep/shard.js';
import { InputError } from '../util/errors.js';
import { toolVersion } from '../util/package-root.js';
import { gitState } from '../util/provenance.js';
import { CachedRunSource } from './run-source.js';
import { calibrateCommand, readCalibrationFile, withCalibration, type CheckCalibration } from './calibration.js';

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
  /** Seeds per point, overriding the profile: a fixed design unless maxSeeds is given too. */
  seeds?: number;
  /** Cap of adaptive seeds, overriding the profile and the spec. */
  maxSeeds?: number;
  /** With `shard`: the adaptive round this shard runs (default 1); its slice holds only the runs that round adds. */
  round?: number;
  /** Decide no claim beyond this round (a merge of sharded rounds); undecided claims are reported pending. */
  lastRound?: number;
  engine?: SimParams['engine'];
  /** Run only this slice of the runs and write them to outDir/runs (no verdicts). */
  shard?: Shard;
  /** Turns a run's parameters into a replay command. */
  replay?: (params: SimParams) => string;
  /** Report formats the caller will render: checked once the spec's plug-ins are loaded, before any run. */
  formats?: string[];
  /** Calibration figures for each claim (ClaimResult.calibration): computed on planted truths, or read from a file. */
  calibration?: CheckCalibration;
  events?: CheckEvents;
}

/** What a front end (progress bars, logs) can follow; all optional. */
export interface CheckEvents {
  /** Before the first claim: the runs each selected claim plans (cached ones included). */
  checkStart?(plan: { claims: { id: string; runs: number }[] }): void;
  /** A claim starts (adaptive checks: each round starts, with its round, rounds and seeds). */
  claimStart?(claim: { id: string; index: number; total: number; runs: number; round?: number; rounds?: number; seeds?: number }): void;
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
  maxSeeds?: number | null;
  /** Adaptive round of this shard (absent in manifests written before rounds existed: 1). */
  round?: number;
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

/** A cache file that failed verification: said on stderr (the run itself is redone). */
function warnCacheProblem(p: CacheProblem): void {
  process.stderr.write(`warning: cache: ${p.file}: ${p.problem}\n`);
}

/** The budget flags as a context's budget override: `--seeds` alone fixes the seeds, `--max-seeds` sets the cap. */
export function budgetOverride(opts: Pick<CheckOptions, 'seeds' | 'maxSeeds'>): ContextOptions['budget'] {
  if (opts.seeds === undefined && opts.maxSeeds === undefined) return undefined;
  return {
    ...(opts.seeds !== undefined ? { seeds: opts.seeds, maxSeeds: opts.maxSeeds ?? opts.seeds } : {}),
    ...(opts.maxSeeds !== undefined ? { maxSeeds: opts.maxSeeds } : {}),
  };
}

export interface CheckOutcome {
  results: Results | null;
  resultsFile: string | null;
  loaded: LoadedSpec;
  /** Claims stopped by `lastRound` before they were decided. */
  pending: PendingClaim[];
  /** Distinct runs the decisions used, against the distinct runs of a fixed design at every claim's cap. */
  runsUsed: number;
  runsAtCap: number;
}

/** A claim a sharded adaptive check has not decided yet: the round it needs next. */
export interface PendingClaim {
  id: string;
  round: number;
  seeds: number;
}

/**
 * The main job: spec -> plan -> runs (cached, pooled, optionally one shard) -> verdicts -> results.json.
 * Returns the results (null for a shard, which only runs and exports its slice) and, when
 * `lastRound` stopped claims early, the claims still pending.
 */
/** The spec's plug-ins as results.json lists them: the path relative to the working folder and to the results' folder, and the file's own hash. */
function pluginEntries(loaded: LoadedSpec, outDir: string): Array<{ file: string; fromResults: string; hash: string }> {
  return (loaded.plugins ?? []).map((url) => {
    const path = fileURLToPath(url);
    return { file: relative(process.cwd(), path) || path, fromResults: relative(outDir, path), hash: loaded.modules?.find((m) => m.path === path)?.hash ?? '' };
  });
}

export async function runCheck(opts: CheckOptions): Promise<CheckOutcome> {
  const started = new Date();
  const t0 = performance.now();
  const specFile = opts.spec ?? defaultSpecPath();
  const loaded = withDefaults(await loadSpec(specFile), opts.set ?? {});
  requireEngineFlag(opts.engine);
  if (opts.formats) resolveFormats(opts.formats);
  assertNoNoops(loaded);
  const indices = selectClaims(loaded, opts.only);
  // A calibration file that does not fit is bad input: refuse it before any run.
  if (opts.calibration?.file && !opts.shard) readCalibrationFile(opts.calibration.file, loaded, opts.profile);
  const outDir = resolve(opts.outDir);
  mkdirSync(outDir, { recursive: true });
  const cache = new RunCache(opts.cacheDir, { onProblem: warnCacheProblem });
  // Workers load the engines and the spec's plug-ins, as this thread did when the spec loaded.
  const modules = [ENGINES_MODULE, ...(loaded.plugins ?? [])];
  const pool = new RunPool({ size: opts.workers, modules });
  const versionOf = defaultVersionOf(modules);
  const baseSeed = opts.seed ?? 0;
  // Engine and backend as reported by the runs themselves.
  const backends = new Set<string>();
  const engines = new Map<string, string>();
  const noteRun = (r: RunResult) => {
    backends.add(r.backend);
    engines.set(r.engine, r.engineVersion);
  };
  const budget = budgetOverride(opts);
  const contextOptions = (source: CachedRunSource) => ({ profile: opts.profile, runs: source, baseSeed, engine: opts.engine, budget });
  const contextFor = (i: number, source: CachedRunSource, round = 1) => makeContext(loaded, i, { ...contextOptions(source), round });

  try {
    if (opts.shard) {
      // Round r's slice holds only the runs round r adds to round r - 1 (those are merged already).
      const round = opts.round ?? 1;
      const all: SimParams[] = [];
      for (const i of indices) {
        const rounds = claimSchedule(loaded, i, { profile: opts.profile, budget }).length;
        if (round > rounds) {
          throw new InputError(`--round ${round}: claim '${loaded.spec.claims[i].id}' has ${rounds} round${rounds === 1 ? '' : 's'} at this budget`, { field: '--round', value: round });
        }
        const source = new CachedRunSource(cache, pool, versionOf);
        const plan = planClaim(contextFor(i, source, round));
        if (round === 1) all.push(...plan);
        else {
          const before = new Set((await planRuns(planClaim(contextFor(i, source, round - 1)), versionOf)).map((p) => p.key));
          const keyed = await planRuns(plan, versionOf);
          all.push(...plan.filter((_, j) => !before.has(keyed[j].key)));
        }
      }
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
        maxSeeds: opts.maxSeeds ?? null,
        round,
        engine: opts.engine ?? null,
        shard: formatShard(opts.shard),
        runs: results.size,
        planned: new Set((await planRuns(all, versionOf)).map((p) => p.key)).size,
      };
      writeJsonAtomic(join(outDir, 'shard.json'), manifest);
      return { results: null, resultsFile: null, loaded, pending: [], runsUsed: 0, runsAtCap: 0 };
    }

    if (opts.events?.checkStart) {
      opts.events.checkStart({ claims: indices.map((i) => ({ id: loaded.spec.claims[i].id, runs: planClaim(contextFor(i, new CachedRunSource(cache, pool, versionOf))).length })) });
    }
    const pending: PendingClaim[] = [];
    const used = new Set<string>();
    const atCap = new Set<string>();
    // One source per claim for all its rounds, so its counters are the claim's distinct runs and cache hits.
    const sources = new Map<number, CachedRunSource>();
    const wall = new Map<number, number>();
    let mark = performance.now();
    const sourceOf = (i: number) => {
      const id = loaded.spec.claims[i].id;
      if (!sources.has(i)) sources.set(i, new CachedRunSource(cache, pool, versionOf, (p) => opts.events?.runProgress?.(id, p), noteRun));
      return sources.get(i)!;
    };
    const position = new Map(indices.map((i, n) => [i, n]));
    // Each claim stops at its own decision, then the spec-level target may give it more rounds (proofs-check/spec-adaptive.ts).
    const outcome = await checkClaimsAdaptively(loaded, indices, {
      level: budgetFor(opts.profile).level,
      method: loaded.spec.multiplicity,
      optionsFor: (i) => {
        const id = loaded.spec.claims[i].id;
        const source = sourceOf(i);
        return {
          ...contextOptions(source),
          lastRound: opts.lastRound,
          onRound: (round, rounds, seeds, runs) => {
            opts.events?.claimStart?.({ id, index: position.get(i)!, total: indices.length, runs, ...(rounds > 1 ? { round, rounds, seeds } : {}) });
          },
          // Run the whole round at once so the pool stays busy; the decision then reads the cache.
          prefetch: async (plan, round) => {
            checkPlanFits(plan, id);
            if (plan.length) await source.run(plan);
            (await planRuns(plan, versionOf)).forEach((p) => used.add(p.key));
            if (round === 1) {
              const rounds = claimSchedule(loaded, i, contextOptions(source)).length;
              const cap = rounds > 1 ? planClaim(contextFor(i, source, rounds)) : plan;
              (await planRuns(cap, versionOf)).forEach((p) => atCap.add(p.key));
            }
          },
        };
      },
      claimOptionsFor: (i) => ({ replay: opts.replay, counters: () => sourceOf(i).counters() }),
      onResult: (i, result) => {
        // Wall time of the claim as a whole: its runs and its decisions, over every round it got.
        const now = performance.now();
        wall.set(i, (wall.get(i) ?? 0) + (now - mark) / 1000);
        mark = now;
        opts.events?.claimDone?.({ ...result, wallSeconds: wall.get(i)! });
      },
    });
    for (const p of outcome.pending) pending.push({ id: loaded.spec.claims[p.index].id, round: p.round, seeds: p.seeds });
    let claims: ClaimResult[] = outcome.results.map((c, k) => ({ ...c, wallSeconds: wall.get(indices[k]) ?? c.wallSeconds }));
    const specShown = loaded.file ? relative(process.cwd(), loaded.file) || loaded.file : specFile;
    claims = await withCalibration(claims, loaded, indices, opts.calibration, {
      profile: opts.profile,
      ctxOpts: { baseSeed, engine: opts.engine, budget },
      cache,
      cacheDir: opts.cacheDir,
      versionOf,
      command: (id) => calibrateCommand(specShown, opts.profile, opts.calibration?.replicates ?? 0, opts.calibration?.effect ?? 1, id),
    });
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
        ...(loaded.modules && (loaded.modules.length > 1 || loaded.plugins?.length) ? { modules: loaded.modules.map((m) => ({ file: relative(process.cwd(), m.path) || m.path, hash: m.hash })) } : {}),
        ...(loaded.plugins?.length ? { plugins: pluginEntries(loaded, outDir) } : {}),
        ...(opts.set && Object.keys(opts.set).length ? { set: opts.set } : {}),
        source: [loaded.spec.source.citation, loaded.spec.source.arxiv ? `arXiv:${loaded.spec.source.arxiv}` : ''].filter(Boolean).join(', '),
      },
      hyperparameters: hyperparameters(loaded),
      reproduce: reproduceCommand({ specFile: opts.spec ?? relative(process.cwd(), specFile), profile: opts.profile, seed: opts.seed, seeds: opts.seeds, maxSeeds: opts.maxSeeds, engine: opts.engine, set: opts.set, only: opts.only }),
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
    return { results, resultsFile, loaded, pending, runsUsed: used.size, runsAtCap: atCap.size };
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
  /** runs / cached / planned: the first round; seeds: seeds per round; runsAtCap: the runs if every round is needed. */
  claims: { id: string; kind: string; runs: number; cached: number; planned: PlannedRun[]; seeds: number[]; runsAtCap: number }[];
  /** Distinct runs of the first round over all claims (claims share runs through the cache) and how many are cached. */
  runs: number;
  cached: number;
  /** Distinct runs if every claim needs every round up to its cap. */
  runsAtCap: number;
}

/** Every planned run must fit its engine's memory (limits.ts), checked before any of them starts. */
function checkPlanFits(plan: readonly SimParams[], claimId: string): void {
  const seen = new Set<string>();
  for (const p of plan) {
    const key = `${p.engine}|${p.regime}|${p.d}|${p.m}|${p.nLabeled}|${p.nTest}|${p.nUnlabeled}|${p.activation}|${p.pretrainActivation}|${p.finetune}|${p.pretrainStop}|${p.augment}|${p.augmentResample}`;
    if (seen.has(key)) continue;
    seen.add(key);
    checkRunFits(p, { where: `claim '${claimId}'` });
  }
}

/** What `check` would run, without running anything: for sizing a sweep or choosing N shards. */
export async function planCheck(opts: Pick<CheckOptions, 'spec' | 'set' | 'profile' | 'only' | 'cacheDir' | 'seed' | 'seeds' | 'maxSeeds' | 'engine'>): Promise<PlanSummary> {
  const loaded = withDefaults(await loadSpec(opts.spec ?? defaultSpecPath()), opts.set ?? {});
  requireEngineFlag(opts.engine);
  assertNoNoops(loaded);
  const cache = new RunCache(opts.cacheDir, { onProblem: warnCacheProblem });
  const versionOf = defaultVersionOf([ENGINES_MODULE, ...(loaded.plugins ?? [])]);
  const noRuns = { run: async () => [] };
  const all = new Set<string>();
  const allAtCap = new Set<string>();
  const claims = [];
  const budget = budgetOverride(opts);
  for (const i of selectClaims(loaded, opts.only)) {
    const options = { profile: opts.profile, runs: noRuns, baseSeed: opts.seed ?? 0, engine: opts.engine, budget };
    const seeds = claimSchedule(loaded, i, options);
    const plannedAt = async (round: number) => {
      const plan = planClaim(makeContext(loaded, i, { ...options, round }));
      checkPlanFits(plan, loaded.spec.claims[i].id);
      return planRuns(plan, versionOf);
    };
    const keysAt = async (round: number) => new Set((await plannedAt(round)).map((p) => p.key));
    const planned = await plannedAt(1);
    const keys = new Set(planned.map((p) => p.key));
    const atCap = seeds.length > 1 ? await keysAt(seeds.length) : keys;
    keys.forEach((k) => all.add(k));
    atCap.forEach((k) => allAtCap.add(k));
    const claim = loaded.spec.claims[i];
    claims.push({ id: claim.id, kind: claim.kind, runs: keys.size, cached: [...keys].filter((k) => cache.has(k)).length, planned, seeds, runsAtCap: atCap.size });
  }
  return { spec: loaded.spec.id, profile: opts.profile, claims, runs: all.size, cached: [...all].filter((k) => cache.has(k)).length, runsAtCap: allAtCap.size };
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
