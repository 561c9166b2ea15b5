import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';
import erfc from '@stdlib/math-base-special-erfc';
import type { SimParams } from '../../src/engine/params.js';
import type { RunResult } from '../../src/engine/result.js';
import { claimPoint, type PointEvaluation, type Value } from '../../src/spec/evaluate.js';
import type { LoadedSpec } from '../../src/spec/load.js';
import type { ClaimKind, ClaimOf, Metric } from '../../src/spec/schema.js';
import { Rng, streamSeed } from '../../src/util/rng.js';
import type { RunSource } from '../context.js';

/**
 * Deterministic standard-normal and uniform draws of one replicate, keyed by labels: the same
 * labels give the same draw, so a seed's effect (`draw.normal('seed', s)`) is shared by every
 * point of a sweep, as a real seed's data and initialisation are.
 */
export interface Draws {
  normal(...labels: (string | number)[]): number;
  uniform(...labels: (string | number)[]): number;
}

export function replicateDraws(replicate: number, salt: string): Draws {
  const rng = (labels: (string | number)[]) => new Rng(streamSeed(replicate, 'planted', salt, ...labels));
  return { normal: (...l) => rng(l).normal(), uniform: (...l) => rng(l).uniform() };
}

/** A planted truth: the metrics of a run as a formula of its parameters and the replicate's draws. */
export type PlantFn = (run: SimParams, draw: Draws) => Partial<Record<Metric, number>>;

/** A run source answering every run with a planted formula: no simulation. */
export class PlantedRuns implements RunSource {
  constructor(
    private readonly plant: PlantFn,
    private readonly draw: Draws,
  ) {}
  async run(list: readonly SimParams[]): Promise<RunResult[]> {
    return list.map((p) => ({
      regime: p.regime,
      params: p as unknown as Record<string, unknown>,
      metrics: { trainLoss: 0, trainError: 0, testLoss: 0, testError: 0, alignment: 0, ...this.plant(p, this.draw) },
      curves: { train: [{ step: 0, trainLoss: 1 }, { step: 1, trainLoss: 0.1 }] },
      snr: p.snr,
      engine: p.engine,
      engineVersion: 'planted',
      backend: 'formula',
      wallSeconds: 0,
      diverged: null,
    })) as RunResult[];
  }
}

/** What a planted model measures: the rule's verdicts where the claim holds at the threshold, holds with a margin, and is false. */
export interface Scenarios {
  /** The claim holds exactly at its threshold: a `fail` is a false fail. */
  atThreshold: PlantFn | null;
  /** The claim holds with a margin (the effect): `pass` rate is the power. */
  holds: PlantFn | null;
  /** The claim is false, by the effect (several variants: the worst counts): a `pass` is a false pass. */
  false: PlantFn[];
  /** The planted effect in words, for the report. */
  effect: string;
}

export interface PlantSetup<K extends ClaimKind = ClaimKind> {
  loaded: LoadedSpec;
  claimIndex: number;
  claim: ClaimOf<K>;
  /** Seed-to-seed standard deviation of the claim's metric (measured or the default). */
  spread: number;
  /** Effect size in units of `spread` (bound, comparison, monotone) or of the tolerance (scaling). */
  effect: number;
}

/** One planted model per claim kind (kinds/<kind>.ts): null when the kind has nothing to calibrate. */
export interface PlantedModel<K extends ClaimKind = ClaimKind> {
  readonly kind: K;
  /** Default seed-to-seed spread of the claim's metric when no cached run measures it. */
  defaultSpread(claim: ClaimOf<K>): number;
  scenarios(setup: PlantSetup<K>): Scenarios | null;
}

/** The spec point a run was made at: its simulation inputs mapped back to spec parameters (claim `set` included). */
export function pointOfRun(loaded: LoadedSpec, claimIndex: number, run: SimParams): PointEvaluation {
  const overrides: Record<string, Value> = {};
  for (const p of loaded.spec.parameters) {
    const v = p.sim ? (run as unknown as Record<string, unknown>)[p.sim] : undefined;
    if (typeof v === 'number' || typeof v === 'string') overrides[p.name] = v;
  }
  return claimPoint(loaded, claimIndex, overrides);
}

/** Errors and alignments live in [0, 1]; losses are positive; a planted draw stays in that support. */
export function supportOf(metric: Metric): 'unit' | 'positive' {
  return metric.endsWith('Error') || metric.startsWith('alignment') ? 'unit' : 'positive';
}

const phi = (z: number) => 0.5 * erfc(-z / Math.SQRT2);

/**
 * A draw with the given mean and standard deviation, in the metric's support, from a standard
 * normal z (so draws can share a seed effect): Beta by its quantile in [0, 1] (the spread is
 * reduced when the mean is too close to an edge for it), log-normal for positive metrics.
 */
export function inSupport(metric: Metric, mean: number, sd: number, z: number): number {
  if (supportOf(metric) === 'unit') {
    const m = Math.min(1 - 1e-6, Math.max(1e-6, mean));
    const v = Math.min(sd * sd, 0.9 * m * (1 - m));
    if (v <= 0) return m;
    const k = (m * (1 - m)) / v - 1;
    const u = Math.min(1 - 1e-12, Math.max(1e-12, phi(z)));
    return betaQuantile(u, m * k, (1 - m) * k);
  }
  const m = Math.max(1e-9, mean);
  const s2 = Math.log(1 + (sd * sd) / (m * m));
  return Math.exp(Math.log(m) - s2 / 2 + Math.sqrt(s2) * z);
}
