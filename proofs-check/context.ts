import { metricPreference } from '../src/components/metric.js';
import type { SimParams, SimParamsInput } from '../src/engine/params.js';
import { resolveParams } from '../src/engine/params.js';
import type { RunResult } from '../src/engine/result.js';
import type { LoadedSpec } from '../src/spec/load.js';
import { toSimParams, type PointEvaluation } from '../src/spec/evaluate.js';
import type { Claim } from '../src/spec/schema.js';
import type { Budget, Profile } from './budget.js';

/** Where a checker gets finished runs from (the sweep executor: cache, pool, shards). */
export interface RunSource {
  run(list: readonly SimParams[]): Promise<RunResult[]>;
}

/** Everything a checker needs about one claim; plain data plus the run source. */
export interface CheckContext<C extends Claim = Claim> {
  readonly loaded: LoadedSpec;
  readonly claim: C;
  readonly claimIndex: number;
  readonly profile: Profile;
  /** The budget of this look: in an adaptive check, `seeds` and `level` are the round's (see `look`). */
  readonly budget: Budget;
  /**
   * Adaptive checks: which planned look this is. `budget.level` is then the per-look level that
   * keeps the error rates under optional stopping (nominalLevel when the checker's interval is
   * anytime-valid, `anytime`).
   */
  readonly look?: { readonly round: number; readonly rounds: number; readonly nominalLevel: number; readonly anytime: boolean };
  /** Seeds used at every point: baseSeed, baseSeed + 1, ... (shared across points, so comparisons are paired). */
  readonly seeds: readonly number[];
  /** Seed of the claim's property-based search. */
  readonly searchSeed: number;
  /** Simulation parameters a profile sets for this claim (e.g. fewer steps), applied to every run. */
  readonly simOverrides: Readonly<Partial<SimParamsInput>>;
  /** Engine for every run of this claim unless the claim requires another. */
  readonly engine?: SimParams['engine'];
  readonly runs: RunSource;
}

/** The SimParams of one run: the spec point's simulation parameters, the profile's overrides, then `extra`. */
export function runParams(ctx: CheckContext, point: PointEvaluation, seed: number, extra: Partial<SimParamsInput> = {}): SimParams {
  const input: Record<string, unknown> = { ...toSimParams(ctx.loaded, point), ...ctx.simOverrides, ...extra, seed };
  if (ctx.engine && extra.engine === undefined) input.engine = ctx.engine;
  return resolveParams(input, ctx.loaded.file ?? ctx.loaded.spec.id);
}

/** One run per seed at a point. */
export function seedRuns(ctx: CheckContext, point: PointEvaluation, extra: Partial<SimParamsInput> = {}): SimParams[] {
  return ctx.seeds.map((s) => runParams(ctx, point, s, extra));
}

/** A metric of a run, or null when the run diverged (anywhere, even if the metric looks finite) or did not measure it. */
export function metricOf(result: RunResult, metric: string): number | null {
  if (result.diverged !== null) return null;
  const v = (result.metrics as Record<string, number | null | undefined>)[metric];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Whether a value meets a target in a direction. */
export function meets(value: number | null, target: number, direction: 'at-most' | 'at-least'): boolean {
  if (value === null) return false;
  return direction === 'at-most' ? value <= target : value >= target;
}

/** The spec parameter values that differ from the spec defaults: a compact label for a point. */
export function pointLabel(ctx: CheckContext, point: PointEvaluation, keys?: readonly string[]): string {
  const names = keys ?? ctx.loaded.spec.parameters.filter((p) => point.values[p.name] !== p.default).map((p) => p.name);
  return names.map((k) => `${k}=${fmt(point.values[k])}`).join(', ') || 'defaults';
}

export function fmt(v: unknown): string {
  if (typeof v !== 'number') return String(v);
  if (v === 0 || !Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}

/** For a comparison, "better" is the metric's registered preference: higher for alignments, lower for losses and errors. */
export function higherIsBetter(metric: string): boolean {
  return metricPreference(metric) === 'higher';
}
