import type { RunResult } from '../src/engine/result.js';
import { assumptionsHold, claimPoint, hypothesisAt, type Overrides, type PointEvaluation } from '../src/spec/evaluate.js';
import { exprAt } from '../src/spec/load.js';
import type { Region } from '../src/spec/schema.js';
import { decide, type Direction } from '../src/stats/decide.js';
import { meanInterval, type MeanInterval } from '../src/stats/student.js';
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

/** Per-seed values of a metric; nulls are diverged runs. */
export function metricValues(runs: readonly RunResult[], metric: string): (number | null)[] {
  return runs.map((r) => metricOf(r, metric));
}

export interface PointStat {
  values: (number | null)[];
  interval: MeanInterval;
  diverged: number;
  outcome: PointOutcome;
}

/** Mean of the per-seed values with a Student-t interval, decided against a threshold; diverged runs make it inconclusive. */
export function pointStat(values: (number | null)[], threshold: number, direction: Direction, level: number): PointStat {
  const finite = values.filter((v): v is number => v !== null);
  const diverged = values.length - finite.length;
  const interval = meanInterval(finite, level);
  const outcome: PointOutcome = diverged > 0 || finite.length === 0 ? 'inconclusive' : decide(interval, threshold, direction);
  return { values, interval, diverged, outcome };
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
