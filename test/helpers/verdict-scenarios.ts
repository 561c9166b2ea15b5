/**
 * Planted truths for the point rules (bound, comparison, monotone): run sources whose metrics are
 * drawn from distributions we choose, fed to the real checkers through checkClaim. Shared by
 * test/verdict-points-mc.test.ts (a few hundred replicates) and bench/verdict-points.ts (thousands).
 */
import { checkClaim, makeContext, planClaim } from '../../proofs-check/check-claim.js';
import { checkClaimAdaptively } from '../../proofs-check/adaptive.js';
import type { Profile } from '../../proofs-check/budget.js';
import type { Budget } from '../../proofs-check/budget.js';
import { seedRuns, type CheckContext, type RunSource } from '../../proofs-check/context.js';
import { metricSupport, regionPoints } from '../../proofs-check/points.js';
import type { SimParams } from '../../src/engine/params.js';
import type { RunResult } from '../../src/engine/result.js';
import { claimPoint } from '../../src/spec/evaluate.js';
import { claimExprs, validateSpec, type LoadedSpec } from '../../src/spec/load.js';
import { metricPreference } from '../../src/components/metric.js';
import type { SpecInput } from '../../src/spec/schema.js';
import { Rng } from '../../src/util/rng.js';
import gammaQuantile from '@stdlib/stats-base-dists-gamma-quantile';

/** One planted value of the claim's metric for one run. */
export type Draw = (params: SimParams, rng: Rng) => number;

/** A run source whose runs report a planted value of one metric (final and at the best curve point). */
export class PlantedRuns implements RunSource {
  constructor(
    private readonly replicate: number,
    private readonly metric: string,
    private readonly draw: Draw,
  ) {}
  async run(list: readonly SimParams[]): Promise<RunResult[]> {
    return list.map((p) => {
      const rng = new Rng(this.replicate, 'planted', JSON.stringify(p));
      const value = this.draw(p, rng);
      // The first curve point is worse by 1 in the metric's preferred direction, so 'best' reads `value`.
      const worse = value + (metricPreference(this.metric) === 'higher' ? -1 : 1);
      return {
        regime: p.regime,
        params: p as unknown as Record<string, unknown>,
        metrics: { trainLoss: 0.01, trainError: 0, testLoss: 0.1, testError: 0.1, alignment: 0.5, alignmentPretrain: 0.5, [this.metric]: value },
        curves: { train: [{ step: 0, trainLoss: 1, testLoss: 1, testError: 0.5, alignment: 0, [this.metric]: worse }, { step: 10, trainLoss: 0.01, testLoss: 0.1, testError: 0.1, alignment: 0.5, [this.metric]: value }] },
        snr: p.snr,
        engine: p.engine,
        engineVersion: 'planted',
        backend: 'formula',
        wallSeconds: 0,
        diverged: null,
      };
    });
  }
}

/** A value clamped to the metric's support (mass at an end, as a real error or alignment would have). */
function clampTo(metric: string, v: number): number {
  const [lo, hi] = metricSupport(metric);
  return Math.min(hi, Math.max(lo, v));
}

/**
 * A truth relative to the claim's own threshold: the planted mean sits `shift` on the side where
 * the claim holds (negative: the claim is false by that much), with normal seed noise of sd `sd`.
 * Bound: mean = bound +/- shift at each point. Comparison: advantage - margin = shift. Monotone:
 * the means are given per value (`means`), each step's noise sd `sd`.
 */
export interface Truth {
  shift: number;
  sd: number;
  /** Monotone only: planted mean at each of the claim's values. */
  means?: readonly number[];
}

/** Where each planned run sits: a threshold (bound), an arm (comparison) or a value index (monotone). */
function plantFor(ctx: CheckContext, truth: Truth): Draw {
  const { claim, loaded, claimIndex } = ctx;
  const key = (p: SimParams) => JSON.stringify(p);
  if (claim.kind === 'bound') {
    const bounds = new Map<string, number>();
    const boundAt = (o: Record<string, string | number>) => claimExprs(loaded, claimIndex).get('bound')!.number(claimPoint(loaded, claimIndex, o).scope);
    for (const o of regionPoints(ctx, claim.region).points) {
      const b = boundAt(o);
      for (const r of seedRuns(ctx, claimPoint(loaded, claimIndex, o), { regime: claim.regime })) bounds.set(key(r), b);
    }
    // Shrink candidates are not in the plan: exact for bounds that do not vary over the region.
    const fallback = boundAt({});
    const sign = claim.direction === 'at-least' ? 1 : -1;
    return (p, rng) => clampTo(claim.metric, (bounds.get(key(p)) ?? fallback) + sign * truth.shift + truth.sd * rng.normal());
  }
  if (claim.kind === 'comparison') {
    const plan = planClaim(ctx);
    const n = ctx.seeds.length;
    const better = new Set<string>();
    for (let i = 0; i < plan.length; i += 2 * n) plan.slice(i, i + n).forEach((p) => better.add(key(p)));
    const higher = metricPreference(claim.metric) === 'higher';
    // Worse arm in mid-range so that neither arm piles up at an end of [0, 1].
    const worseMean = higher ? 0.35 : 0.55;
    const betterMean = higher ? worseMean + claim.margin + truth.shift : worseMean - claim.margin - truth.shift;
    const armSd = truth.sd / Math.SQRT2;
    return (p, rng) => clampTo(claim.metric, (better.has(key(p)) ? betterMean : worseMean) + armSd * rng.normal());
  }
  if (claim.kind === 'monotone') {
    const plan = planClaim(ctx);
    const n = ctx.seeds.length;
    const index = new Map<string, number>();
    plan.forEach((p, i) => index.set(key(p), Math.floor(i / n)));
    const means = truth.means!;
    return (p, rng) => clampTo(claim.metric, means[index.get(key(p))!] + truth.sd * rng.normal());
  }
  throw new Error(`no planted truth for ${claim.kind} claims`);
}

export interface Tally {
  pass: number;
  fail: number;
  inconclusive: number;
  error: number;
  replicates: number;
}

export interface Trial {
  loaded: LoadedSpec;
  claimIndex: number;
  profile: Profile;
  /** Budget overrides (e.g. seeds: 2); the profile's and the claim's own budget otherwise. */
  budget?: Partial<Budget>;
  /** A planted truth relative to the claim, or a custom draw of the metric. */
  truth: Truth | Draw;
}

/** Verdicts of a claim over independent replicates (fresh seeds, search and noise each time). */
export async function tally(trial: Trial, replicates: number, first = 0): Promise<Tally> {
  const counts: Tally = { pass: 0, fail: 0, inconclusive: 0, error: 0, replicates };
  for (let r = first; r < first + replicates; r++) {
    const base = makeContext(trial.loaded, trial.claimIndex, { profile: trial.profile, runs: { run: async () => [] }, baseSeed: r * 1009, budget: trial.budget });
    const draw = typeof trial.truth === 'function' ? trial.truth : plantFor(base, trial.truth);
    const metric = (base.claim as { metric: string }).metric;
    const result = await checkClaim({ ...base, runs: new PlantedRuns(r, metric, draw) });
    const v = result.verdict === 'xpass' ? 'pass' : result.verdict === 'xfail' ? 'fail' : result.verdict;
    counts[v as keyof Omit<Tally, 'replicates'>]++;
  }
  return counts;
}

/** The seeds a claim uses at a profile (after its own budget and any override). */
export function seedsOf(trial: Omit<Trial, 'truth'>): number {
  return makeContext(trial.loaded, trial.claimIndex, { profile: trial.profile, runs: { run: async () => [] }, budget: trial.budget }).seeds.length;
}

/** The zero-spread error: 0 with probability 0.8, else uniform on [0.2, 0.4] (mean 0.06). */
export const zeroSpreadError: Draw = (_p, rng) => (rng.uniform() < 0.8 ? 0 : 0.2 + 0.2 * rng.uniform());

/** Right-skewed positive laws for losses: log-normal (the rule's calibration family) and gamma (less skewed at the same cv). */
export const SKEWED_SHAPES = ['log-normal', 'gamma'] as const;
export type SkewedShape = (typeof SKEWED_SHAPES)[number];

/** One positive draw with the given mean and coefficient of variation. */
export function skewedValue(shape: SkewedShape, mean: number, cv: number, rng: Rng): number {
  if (shape === 'log-normal') {
    const s2 = Math.log(1 + cv * cv);
    return mean * Math.exp(-s2 / 2 + Math.sqrt(s2) * rng.normal());
  }
  const k = 1 / (cv * cv);
  return gammaQuantile(Math.max(1e-300, rng.uniform()), k, k / mean);
}

/** A planted loss: every run's value from `shape` with mean `mean` and cv `cv`. */
export const skewedLoss = (shape: SkewedShape, mean: number, cv: number): Draw => (_p, rng) => skewedValue(shape, mean, cv, rng);

/** A one-parameter toy spec for claims that need no paper: bound on testError, monotone in nUnlabeled. */
export function toySpec(claims: unknown[]): LoadedSpec {
  const prov = { mark: 'choice', ref: 'planted truth' };
  return validateSpec({
    id: 'planted',
    title: 'Planted truths',
    source: { citation: 'none' },
    parameters: [
      { name: 'nLabeled', type: 'int', default: 10, range: [1, 100000], description: 'labels' },
      { name: 'nUnlabeled', type: 'int', default: 100, range: [2, 100000], description: 'unlabelled' },
    ],
    claims: claims.map((c) => ({ title: 't', statement: 's', provenance: prov, ...(c as object) })),
  } as SpecInput);
}

/** The toy claims: the zero-spread bound and a monotone curve over four values. */
export const TOY_CLAIMS = {
  zeroSpread: { id: 'error-at-most-5pc', kind: 'bound', regime: 'supervised', metric: 'testError', direction: 'at-most', bound: '0.05', region: {} },
  looseBound: { id: 'error-at-most-half', kind: 'bound', regime: 'supervised', metric: 'testError', direction: 'at-most', bound: '0.5', region: {} },
  lossAtMost: { id: 'loss-at-most-1', kind: 'bound', regime: 'supervised', metric: 'testLoss', direction: 'at-most', bound: '1', region: {} },
  lossAtLeast: { id: 'loss-at-least-1', kind: 'bound', regime: 'supervised', metric: 'testLoss', direction: 'at-least', bound: '1', region: {} },
  monotone: { id: 'alignment-increasing', kind: 'monotone', regime: 'simclr', metric: 'alignmentPretrain', param: 'nUnlabeled', values: [100, 200, 400, 800], direction: 'increasing' },
  monotoneLoss: { id: 'loss-decreasing', kind: 'monotone', regime: 'supervised', metric: 'testLoss', param: 'nLabeled', values: [10, 20, 40, 80], direction: 'decreasing' },
} as const;

export const DIP_MEANS = [0.3, 0.7, 0.5, 0.9] as const;
export const RISING_MEANS = [0.3, 0.5, 0.7, 0.9] as const;

/** Toy claims on losses decided from paired differences: a comparison of two regimes and a monotone curve. */
export const PAIRED_LOSS_CLAIMS = {
  comparison: { id: 'simclr-loss-below-supervised', kind: 'comparison', metric: 'testLoss', better: { regime: 'simclr' }, worse: { regime: 'supervised' }, margin: 0, region: {} },
  monotone: TOY_CLAIMS.monotoneLoss,
} as const;

/**
 * Log-normal losses for paired claims. Each run's value is mean * exp(sigma (sqrt(shared) u_seed +
 * sqrt(1 - shared) e_run) - sigma^2 / 2), sigma^2 = log(1 + cv^2): u_seed is common to every run of
 * a seed (the harness's seed draws the same data for both arms or every step), so `shared` is the
 * fraction of the log-variance the runs of one seed share (0: independent arms).
 */
export function pairedLogNormal(meanOf: (p: SimParams) => number, cvOf: (p: SimParams) => number, shared: number): Draw {
  return (p, rng) => {
    const cv = cvOf(p);
    const s2 = Math.log(1 + cv * cv);
    const u = new Rng(p.seed, 'shared-seed-effect').normal();
    const z = Math.sqrt(shared) * u + Math.sqrt(1 - shared) * rng.normal();
    return meanOf(p) * Math.exp(Math.sqrt(s2) * z - s2 / 2);
  };
}

/** Verdicts of a claim decided adaptively (checkClaimAdaptively: the profile's rounds up to its cap). */
export async function tallyAdaptive(trial: Omit<Trial, 'truth' | 'budget'> & { truth: Draw; budget?: { seeds?: number; maxSeeds?: number } }, replicates: number, first = 0): Promise<Tally & { seeds: number }> {
  const counts = { pass: 0, fail: 0, inconclusive: 0, error: 0, replicates, seeds: 0 };
  const metric = (trial.loaded.spec.claims[trial.claimIndex] as { metric: string }).metric;
  for (let r = first; r < first + replicates; r++) {
    const runs = new PlantedRuns(r, metric, trial.truth);
    const { result } = await checkClaimAdaptively(trial.loaded, trial.claimIndex, { profile: trial.profile, runs, baseSeed: r * 1009, ...(trial.budget ? { budget: trial.budget } : {}) });
    const v = result.verdict === 'xpass' ? 'pass' : result.verdict === 'xfail' ? 'fail' : result.verdict;
    counts[v as 'pass' | 'fail' | 'inconclusive' | 'error']++;
    counts.seeds += result.seeds.length;
  }
  counts.seeds /= replicates;
  return counts;
}
