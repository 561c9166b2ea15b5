import type { RunResult } from '../src/engine/result.js';
import { assumptionsHold, claimPoint, hypothesisAt, type Overrides, type PointEvaluation } from '../src/spec/evaluate.js';
import { exprAt } from '../src/spec/load.js';
import type { Region } from '../src/spec/schema.js';
import padjust from '@stdlib/stats-padjust';
import { metricRange } from '../src/components/metric.js';
import type { Direction } from '../src/stats/decide.js';
import { meanBounds, meanPValue, type MeanBounds, type PairedArms, type Side, type ValueSupport } from '../src/stats/mean-bound.js';
import type { CheckContext } from './context.js';
import { metricOf } from './context.js';
import type { ClaimResult } from './results.js';
import { axisValues, planRegion, searchRegion, type PointOutcome, type SearchResult } from './region.js';

/** Whether a point lies where the claim applies: its assumptions and its hypothesis hold. */
export function applies(ctx: CheckContext, point: PointEvaluation): boolean {
  if (!assumptionsHold(ctx.loaded, ctx.claim, point)) return false;
  const h = hypothesisAt(ctx.loaded, ctx.claimIndex, point);
  return h === null || h.holds;
}

/** Finite regions no larger than the budget are enumerated; larger ones are searched by fast-check. */
function enumerate(ctx: CheckContext, region: Region): Overrides[] | null {
  const axes = Object.entries(region);
  if (axes.some(([, a]) => !('values' in a))) return null;
  let points: Overrides[] = [{}];
  for (const [name, axis] of axes) {
    const values = axisValues(ctx.loaded, name, axis);
    points = points.flatMap((p) => values.map((v) => ({ ...p, [name]: v })));
    if (points.length > ctx.budget.points) return null;
  }
  return points;
}

export function regionPoints(ctx: CheckContext, region: Region | undefined, side?: 'better' | 'worse'): { points: Overrides[]; searched: boolean } {
  const r = region ?? {};
  const accept = (o: Overrides) => applies(ctx, claimPoint(ctx.loaded, ctx.claimIndex, o, side));
  const all = enumerate(ctx, r);
  if (all) return { points: all.filter(accept), searched: false };
  return { points: dedupe(planRegion(ctx.loaded, r, searchOptions(ctx, accept))), searched: true };
}

function dedupe(points: Overrides[]): Overrides[] {
  const seen = new Set<string>();
  return points.filter((p) => {
    const k = JSON.stringify(p);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function searchOptions(ctx: CheckContext, accept: (o: Overrides) => boolean) {
  return { seed: ctx.searchSeed, points: ctx.budget.points, maxShrinks: ctx.budget.maxShrinks, accept };
}

/**
 * Evaluate a claim over its region: every point of a small finite region, or a fast-check search
 * (with shrinking on failure) of a larger one. Repeated draws of a point are evaluated once.
 */
export async function evaluateRegion<R>(
  ctx: CheckContext,
  region: Region | undefined,
  evaluate: (overrides: Overrides) => Promise<{ outcome: PointOutcome; record: R }>,
  side?: 'better' | 'worse',
): Promise<SearchResult<R> & { searched: boolean }> {
  const r = region ?? {};
  const accept = (o: Overrides) => applies(ctx, claimPoint(ctx.loaded, ctx.claimIndex, o, side));
  const memo = new Map<string, Promise<{ outcome: PointOutcome; record: R }>>();
  const once = (o: Overrides) => {
    const k = JSON.stringify(o);
    if (!memo.has(k)) memo.set(k, evaluate(o));
    return memo.get(k)!;
  };
  const all = enumerate(ctx, r);
  if (all) {
    const evaluated: SearchResult<R>['evaluated'] = [];
    for (const o of all.filter(accept)) {
      const { outcome, record } = await once(o);
      evaluated.push({ overrides: o, outcome, record, shrink: false });
    }
    const firstFail = evaluated.find((e) => e.outcome === 'fail');
    return {
      evaluated,
      drawn: all.length,
      accepted: evaluated.length,
      counterexample: firstFail ? { overrides: firstFail.overrides, record: firstFail.record, shrinkSteps: 0 } : null,
      searched: false,
    };
  }
  const result = await searchRegion(ctx.loaded, r, searchOptions(ctx, accept), once);
  const seen = new Set<string>();
  result.evaluated = result.evaluated.filter((e) => {
    const k = JSON.stringify(e.overrides);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return { ...result, searched: true };
}

/** Per-seed values of a metric: null where the run diverged (its numbers never enter a statistic) or did not measure it. */
export function metricValues(runs: readonly RunResult[], metric: string): (number | null)[] {
  return runs.map((r) => (r.diverged ? null : metricOf(r, metric)));
}

/** How many of the runs diverged. */
export function divergedCount(runs: readonly RunResult[]): number {
  return runs.filter((r) => r.diverged !== null).length;
}

/** Where a metric's per-seed values lie (errors and alignments in [0, 1], losses >= 0). */
export function metricSupport(metric: string): ValueSupport {
  return metricRange(metric);
}

/**
 * Whether the point rule is anytime-valid for a metric: bounded metrics get the betting confidence
 * sequence (valid at every number of seeds), unbounded ones a t rule (one fixed number of seeds).
 */
export function pointRuleAnytimeValid(metric: string): boolean {
  const [lo, hi] = metricSupport(metric);
  return Number.isFinite(lo) && Number.isFinite(hi);
}

/** Where a paired difference a - b - offset of two values of one metric lies. */
export function differenceSupport(metric: string, offset = 0): ValueSupport {
  const [lo, hi] = metricSupport(metric);
  return Number.isFinite(lo) && Number.isFinite(hi) ? [lo - hi - offset, hi - lo - offset] : [-Infinity, Infinity];
}

/** One-sided error rate of each test: (1 - level). The reported bounds are one-sided at `level` each. */
export const alphaOf = (level: number) => 1 - level;

export interface PointStat {
  /** Per-seed values; null where a run diverged or did not measure the metric. */
  values: (number | null)[];
  /** Runs that diverged (never part of a statistic). */
  diverged: number;
  /** Values missing without a divergence (the metric was not measured). */
  missing: number;
  bounds: MeanBounds;
  /** One-sided p-value against the claim holding here: H0 is "the claim is false at this point". */
  pPass: number;
  /** One-sided p-value against the claim failing here: H0 is "the claim holds at this point". */
  pFail: number;
  /** Provisional outcome during a search (a fail makes fast-check shrink); settlePoints gives the final one. */
  outcome: PointOutcome;
}

/**
 * A point's evidence: the mean of the per-seed values against a threshold, in the claim's
 * direction, with bounds and one-sided p-values from src/stats/mean-bound.ts (betting confidence
 * sequence for bounded metrics, the skew-robust t for losses, the arm-wise skew-robust t for paired differences of
 * losses, Student t for values that may lie anywhere). A point with a diverged or missing run is
 * inconclusive and gives no evidence either way (p = 1). The provisional outcome passes at
 * alpha = 1 - level and fails at alpha / searchFamily (Bonferroni over the points a search
 * expects), so that a search only shrinks a failure likely to survive the final Holm step.
 */
export function pointStat(
  values: (number | null)[],
  diverged: number,
  threshold: number,
  direction: Direction,
  support: ValueSupport,
  level: number,
  searchFamily = 1,
  /** When the values are paired differences plus - minus + constant: the arms [plus, minus] and the metric's support (they pick the rule). */
  paired?: { arms: readonly [readonly (number | null)[], readonly (number | null)[]]; support: ValueSupport },
): PointStat {
  const finite = values.filter((v): v is number => v !== null);
  const missing = values.length - finite.length - diverged;
  const finiteOf = (a: readonly (number | null)[]) => a.filter((v): v is number => v !== null);
  const armValues: PairedArms | undefined = paired && { arms: [finiteOf(paired.arms[0]), finiteOf(paired.arms[1])], support: paired.support };
  const bounds = meanBounds(finite, level, support, armValues);
  const passSide: Side = direction === 'at-most' ? 'less' : 'greater';
  const failSide: Side = direction === 'at-most' ? 'greater' : 'less';
  const usable = finite.length > 0 && finite.length === values.length;
  const pPass = usable ? meanPValue(finite, threshold, passSide, support, level, armValues) : 1;
  const pFail = usable ? meanPValue(finite, threshold, failSide, support, level, armValues) : 1;
  const alpha = alphaOf(level);
  const outcome: PointOutcome = pPass <= alpha ? 'pass' : pFail <= alpha / Math.max(1, searchFamily) ? 'fail' : 'inconclusive';
  return { values, diverged, missing: Math.max(0, missing), bounds, pPass, pFail, outcome };
}

export interface SettledPoints {
  /** Final outcome of every evaluated point, in order. */
  outcomes: PointOutcome[];
  /** Holm-adjusted fail p-values, in order. */
  adjustedFail: number[];
  verdict: 'pass' | 'fail' | 'inconclusive';
  /** Index of the counterexample (the last point, so the most shrunk, whose failure survives Holm), or null. */
  failing: number | null;
  /** The claim's p-value against its claimed side: the largest pass p-value of the main points (intersection-union); null without points. */
  pValue: number | null;
}

/**
 * Verdict of a claim over its points. Fail side: Holm's step-down over every evaluated point,
 * shrink candidates included, so that a claim true everywhere fails with probability <= alpha
 * however many points were tried. Pass side: an intersection-union test, every main point must
 * pass at alpha (no correction needed: the claim passes only if all its nulls are rejected).
 * Throws when every run of every point diverged: there is nothing to decide from.
 */
export function settlePoints(evaluated: readonly { stat: PointStat; shrink: boolean }[], level: number): SettledPoints {
  const runs = evaluated.reduce((a, e) => a + e.stat.values.length, 0);
  const diverged = evaluated.reduce((a, e) => a + e.stat.diverged, 0);
  if (runs > 0 && diverged === runs) throw new Error(`every one of the ${runs} runs diverged, so no statistic can be formed`);
  const alpha = alphaOf(level);
  const adjustedFail = evaluated.length ? (padjust(evaluated.map((e) => e.stat.pFail), 'holm') as number[]) : [];
  const outcomes: PointOutcome[] = evaluated.map((e, i) => (adjustedFail[i] <= alpha ? 'fail' : e.stat.pPass <= alpha ? 'pass' : 'inconclusive'));
  let failing: number | null = null;
  outcomes.forEach((o, i) => {
    if (o === 'fail') failing = i;
  });
  const main = evaluated.map((e, i) => ({ e, o: outcomes[i] })).filter(({ e }) => !e.shrink);
  const verdict = failing !== null ? 'fail' : main.length > 0 && main.every(({ o }) => o === 'pass') ? 'pass' : 'inconclusive';
  const pValue = main.length ? Math.max(...main.map(({ e }) => e.stat.pPass)) : null;
  return { outcomes, adjustedFail, verdict, failing, pValue };
}

/** Claim verdict from point outcomes: fail on a (shrunk) counterexample, pass when every point passes. */
export function combine(outcomes: readonly PointOutcome[], failed: boolean): 'pass' | 'fail' | 'inconclusive' {
  if (failed) return 'fail';
  if (outcomes.length === 0) return 'inconclusive';
  return outcomes.every((o) => o === 'pass') ? 'pass' : 'inconclusive';
}

/** The claim's assumptions at the given points, for the report. */
export function assumptionRows(ctx: CheckContext, points: readonly { label: string; point: PointEvaluation }[]): NonNullable<ClaimResult['assumptions']> {
  const ids = new Set(ctx.claim.assumptions ?? ctx.loaded.spec.assumptions.map((a) => a.id));
  const rows: NonNullable<ClaimResult['assumptions']> = [];
  for (const { label, point } of points.slice(0, 12)) {
    ctx.loaded.spec.assumptions.forEach((a, i) => {
      if (!ids.has(a.id)) return;
      const status = point.assumptions.find((s) => s.id === a.id)!;
      rows.push({
        name: a.id,
        expression: exprAt(ctx.loaded, `assumptions[${i}].expr`).source,
        holds: status.holds,
        margin: Number.isFinite(status.margin) ? status.margin : null,
        at: label,
      });
    });
  }
  return rows;
}

export function round(x: number | null | undefined, digits = 4): number | null {
  if (x === null || x === undefined || !Number.isFinite(x)) return null;
  return Number(x.toPrecision(digits));
}
