import type { RunResult } from '../../src/engine/result.js';
import { claimPoint, type PointEvaluation } from '../../src/spec/evaluate.js';
import { claimExprs } from '../../src/spec/load.js';
import type { ClaimOf } from '../../src/spec/schema.js';
import { decideWithin } from '../../src/stats/decide.js';
import { clusteredSlope, seedsToDecideWithin, type SeedObservation } from '../../src/stats/seed-slopes.js';
import { medianBound, type BoundCounts } from '../../src/stats/sign-test.js';
import type { Checker, Decision } from '../checker.js';
import { fmt, metricOf, runParams, type CheckContext } from '../context.js';
import { applies, assumptionRows, round } from '../points.js';
import type { Figure } from '../results.js';
import { metricTex, nameTex } from '../tex.js';

type Ctx = CheckContext<ClaimOf<'scaling'>>;

/** Geometric grid of a searched parameter over its range (integers rounded and de-duplicated). */
export function thresholdGrid(range: readonly [number, number], count: number, integer: boolean): number[] {
  const [lo, hi] = range;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = count === 1 ? 0 : i / (count - 1);
    let v = lo * Math.pow(hi / lo, t);
    v = integer ? Math.round(v) : Number(v.toPrecision(6));
    if (out[out.length - 1] !== v) out.push(v);
  }
  return out;
}

/**
 * One seed's threshold: the smallest value of the searched parameter at which the metric meets the
 * target from there on, interpolated in log(value) between the bracketing grid values on the
 * metric itself (so the estimate is finer than the grid). Censored when the target is never met
 * (`above`: a lower bound) or already met at the first value (`below`: an upper bound).
 */
export function seedThreshold(
  grid: readonly number[],
  values: readonly (number | null)[],
  target: readonly number[],
  direction: 'at-most' | 'at-least',
): { value: number; censored: 'none' | 'above' | 'below' } {
  const ok = values.map((v, i) => v !== null && (direction === 'at-most' ? v <= target[i] : v >= target[i]));
  let first = ok.length;
  while (first > 0 && ok[first - 1]) first--;
  if (first === ok.length) return { value: grid[grid.length - 1], censored: 'above' };
  if (first === 0) return { value: grid[0], censored: 'below' };
  const a = values[first - 1];
  const b = values[first]!;
  const la = Math.log(grid[first - 1]);
  const lb = Math.log(grid[first]);
  // Where the piecewise-linear (in log value) metric crosses the target; the failing side may have diverged (null).
  const t = a === null || a === b ? 1 : Math.min(1, Math.max(0, (a - target[first - 1]) / (a - b - (target[first - 1] - target[first]))));
  return { value: Math.exp(la + t * (lb - la)), censored: 'none' };
}

interface AlongPoint {
  along: number;
  point: PointEvaluation;
  applies: boolean;
  /** Per grid value (threshold quantity) or a single entry (metric quantity): the runs, one per seed. */
  cells: { x: number; point: PointEvaluation; runs: ReturnType<typeof runParams>[] }[];
}

function layout(ctx: Ctx): AlongPoint[] {
  const { claim, loaded, claimIndex } = ctx;
  const q = claim.quantity;
  // A profile may sweep other values and search another range (budget.<profile>.along / .range).
  const level = claim.budget?.[ctx.profile];
  const values = level?.along ?? claim.along.values;
  return values.map((along) => {
    const point = claimPoint(loaded, claimIndex, { [claim.along.param]: along });
    if (q.kind === 'metric') {
      return { along, point, applies: applies(ctx, point), cells: [{ x: along, point, runs: ctx.seeds.map((s) => runParams(ctx, point, s, { regime: q.regime })) }] };
    }
    const integer = loaded.spec.parameters.find((p) => p.name === q.param)?.type === 'int';
    const grid = thresholdGrid(level?.range ?? q.range, Math.max(2, ctx.budget.points), integer);
    const cells = grid.map((x) => {
      const p = claimPoint(loaded, claimIndex, { [claim.along.param]: along, [q.param]: x });
      return { x, point: p, runs: ctx.seeds.map((s) => runParams(ctx, p, s, { regime: q.regime })) };
    });
    return { along, point, applies: applies(ctx, point), cells };
  });
}

type Estimate = { value: number; censored: 'none' | 'above' | 'below' } | null;

/** What the runs measured: per along-value and seed the quantity (null: not measured), plus the curves behind it. */
async function measure(ctx: Ctx, used: AlongPoint[]) {
  const { claim } = ctx;
  const q = claim.quantity;
  const exprs = claimExprs(ctx.loaded, ctx.claimIndex);
  const estimates: Estimate[][] = [];
  const errorCurves: Figure['series'] = [];
  let diverged = 0;
  let unmeasured = 0;
  for (const a of used) {
    const results: RunResult[][] = [];
    for (const c of a.cells) results.push(await ctx.runs.run(c.runs));
    // A diverged run never enters a statistic: its seed has no value at this along-value.
    const seedDiverged = ctx.seeds.map((_, s) => results.some((rs) => rs[s].diverged !== null));
    diverged += results.reduce((n, rs) => n + rs.filter((r) => r.diverged !== null).length, 0);
    if (q.kind === 'metric') {
      estimates.push(results[0].map((r, s) => {
        const v = metricOf(r, q.metric);
        if (seedDiverged[s] || v === null || !(v > 0)) {
          if (!seedDiverged[s]) unmeasured++;
          return null;
        }
        return { value: v, censored: 'none' as const };
      }));
      continue;
    }
    const targets = a.cells.map((c) => exprs.get('quantity.target')!.number(c.point.scope));
    estimates.push(ctx.seeds.map((_, s) => (seedDiverged[s] ? null : seedThreshold(a.cells.map((c) => c.x), results.map((rs) => metricOf(rs[s], q.metric)), targets, q.direction))));
    errorCurves.push({
      name: `${claim.along.param} = ${fmt(a.along)}`,
      points: a.cells.map((c, i) => {
        const vals = results[i].filter((r) => r.diverged === null).map((r) => metricOf(r, q.metric)).filter((v): v is number => v !== null);
        const m = vals.length ? vals.reduce((x, y) => x + y, 0) / vals.length : null;
        return { x: c.x, y: m, ...(vals.length ? { lo: Math.min(...vals), hi: Math.max(...vals) } : {}) };
      }),
    });
  }
  return { estimates, errorCurves, diverged, unmeasured };
}

const show = (e: Estimate) => (e === null ? 'n/a' : e.censored === 'none' ? fmt(e.value) : `${e.censored === 'above' ? '>' : '<='}${fmt(e.value)}`);

/**
 * A measured quantity (a label or sample complexity found on a grid, or a metric) either follows a
 * predicted log-log slope in a parameter, or stays bounded. Seed s sees the same data at every value
 * of the swept parameter, so seeds, not (value, seed) pairs, are the independent units: the slope
 * is fitted per seed and the interval is over seeds (Student t, or with censored thresholds a
 * censored-normal profile likelihood over the per-seed slopes, which are then bounds); a bound is
 * decided per value by an exact sign test on the seeds. Censored thresholds stay bounds throughout.
 */
export const scalingChecker: Checker<'scaling'> = {
  kind: 'scaling',
  // Student t over per-seed slopes, the censored profile likelihood and the exact sign test all hold at a fixed number of seeds.
  anytimeValid: false,

  plan(ctx) {
    return layout(ctx)
      .filter((a) => a.applies)
      .flatMap((a) => a.cells.flatMap((c) => c.runs));
  },

  statementTex(ctx) {
    const q = ctx.claim.quantity;
    const name = q.kind === 'threshold' ? `${nameTex(ctx.loaded, q.param)}^{*}` : metricTex(q.metric);
    const along = nameTex(ctx.loaded, ctx.claim.along.param);
    const exprs = claimExprs(ctx.loaded, ctx.claimIndex);
    if (ctx.claim.bound !== undefined) return `\\operatorname{median} ${name} \\le ${exprs.get('bound')!.tex} \\text{ at every } ${along}`;
    const slope = exprs.get('slope')!.tex;
    return `\\frac{d \\log ${name}}{d \\log ${along}} = ${slope} \\pm ${ctx.claim.tolerance}`;
  },

  async decide(ctx) {
    const { claim, budget } = ctx;
    const q = claim.quantity;
    const alongs = layout(ctx);
    const used = alongs.filter((a) => a.applies);
    const { estimates, errorCurves, diverged, unmeasured } = await measure(ctx, used);
    const qName = q.kind === 'threshold' ? `${q.param}*` : q.metric;
    const excluded = alongs.filter((a) => !a.applies).map((a) => fmt(a.along));
    const notes: string[] = [];
    if (diverged) notes.push(`${diverged} diverged run${diverged > 1 ? 's' : ''} left out (their seed has no value at that ${claim.along.param})`);
    if (unmeasured) notes.push(`${unmeasured} run${unmeasured > 1 ? 's' : ''} without a positive ${qName} left out`);
    if (excluded.length) notes.push(`not used (assumptions fail): ${claim.along.param} = ${excluded.join(', ')}`);
    const tail = notes.length ? ` ${notes.map((n) => n[0].toUpperCase() + n.slice(1)).join('. ')}.` : '';

    const seedSeries: Figure['series'][number] = {
      name: `${qName}, each seed (censored: a bound)`,
      points: used.flatMap((a, i) =>
        estimates[i].flatMap((e, s) => (e === null ? [] : [{ x: a.along, y: e.value, label: `seed ${ctx.seeds[s]}`, ...(e.censored === 'none' ? {} : { censored: e.censored === 'above' ? ('lower' as const) : ('upper' as const) }) }])),
      ),
    };
    const curvesFigure: Figure[] =
      errorCurves.length && q.kind === 'threshold'
        ? [{ id: `${claim.id}-curves`, title: `${q.metric} against ${q.param} (${q.regime}), one curve per ${claim.along.param}`, kind: 'line', xLabel: q.param, yLabel: q.metric, xScale: 'log', yScale: 'linear', series: errorCurves }]
        : [];
    const scatter = (lines: NonNullable<Figure['lines']>, title: string): Figure => ({
      id: `${claim.id}-scaling`, title, kind: 'scatter', xLabel: claim.along.param, yLabel: qName, xScale: 'log', yScale: 'log', series: [seedSeries], lines,
    });
    // The pooled points for results.json: geometric mean when every seed measured a value, else the tightest bound.
    const pooled = used.map((a, i) => {
      const es = estimates[i].filter((e): e is NonNullable<Estimate> => e !== null);
      const exact = es.filter((e) => e.censored === 'none');
      if (es.length && exact.length === es.length) return { x: a.along, value: Math.exp(exact.reduce((s, e) => s + Math.log(e.value), 0) / exact.length), censored: 'none' as const };
      if (!es.length) return { x: a.along, value: null, censored: 'none' as const };
      const above = es.filter((e) => e.censored === 'above');
      const below = es.filter((e) => e.censored === 'below');
      return above.length >= below.length
        ? { x: a.along, value: Math.max(...above.map((e) => e.value)), censored: 'above' as const }
        : { x: a.along, value: Math.min(...below.map((e) => e.value)), censored: 'below' as const };
    });
    const rows = used.map((a, i) => ({
      [claim.along.param]: a.along,
      [qName]: round(pooled[i].value),
      censored: pooled[i].censored === 'none' ? null : pooled[i].censored === 'above' ? 'lower bound (>)' : 'upper bound (<=)',
      perSeed: estimates[i].map(show).join(' '),
    }));
    const scaling = { quantity: qName, regime: q.regime, along: claim.along.param, points: pooled };
    const assumptions = assumptionRows(ctx, alongs.map((a) => ({ label: `${claim.along.param}=${fmt(a.along)}`, point: a.point })));

    if (claim.bound !== undefined) return decideBound(ctx, used, estimates, { rows, scatter, curvesFigure, scaling, assumptions, tail, qName });

    const exprs = claimExprs(ctx.loaded, ctx.claimIndex);
    const predicted = exprs.get('slope')!.number(claimPoint(ctx.loaded, ctx.claimIndex).scope);
    const tolerance = claim.tolerance!;
    const lo = predicted - tolerance;
    const hi = predicted + tolerance;
    const perSeed: SeedObservation[][] = ctx.seeds.map((_, s) =>
      used.flatMap((a, i) => {
        const e = estimates[i][s];
        return e === null || !(e.value > 0) ? [] : [{ x: Math.log(a.along), y: Math.log(e.value), censored: e.censored }];
      }),
    );
    const fit = clusteredSlope(perSeed, budget.level);
    const iv = fit.interval;
    const censoredCount = estimates.flat().filter((e) => e && e.censored !== 'none').length;
    const measuredCount = estimates.flat().filter((e) => e && e.censored === 'none').length;
    const seedNote = fit.seeds.map((sl) => (!sl.informative ? 'none' : sl.censored === 'none' ? fmt(sl.y) : `${sl.censored === 'above' ? '>' : '<='}${fmt(sl.y)}`)).join(', ');
    const how = `${fit.informative} of ${ctx.seeds.length} seeds (one slope per seed over ${used.length} values of ${claim.along.param}${censoredCount ? `; ${censoredCount} thresholds censored, used as bounds` : ''})`;
    let verdict: Decision['verdict'];
    let reason: string;
    if (iv && Number.isNaN(iv.lower)) throw new Error(`the per-seed slope fit failed (${iv.failure ?? 'no interval'}); per-seed slopes ${seedNote}`);
    if (measuredCount === 0 && censoredCount > 0) {
      verdict = 'inconclusive';
      reason = `The slope is not measured: every threshold is censored (${pooled.map((p) => `${claim.along.param} = ${fmt(p.x)}: ${p.censored === 'above' ? '>' : '<='} ${fmt(p.value)}`).join('; ')}), so the runs bound ${qName} but say nothing about how it scales; widen the search range of ${q.kind === 'threshold' ? q.param : 'the quantity'}.`;
    } else if (!iv || Number.isNaN(iv.lower) || Number.isNaN(iv.upper) || !(iv.upper > iv.lower) || (decideWithin(iv, lo, hi) !== 'fail' && !(Number.isFinite(iv.lower) && Number.isFinite(iv.upper)))) {
      // An interval unbounded on one side can still lie wholly outside the band (a fail), never inside it.
      verdict = 'inconclusive';
      const why = !iv ? 'a slope interval over seeds needs at least two seeds with a slope' : iv.failure ?? (iv.upper === iv.lower ? 'the seeds agree exactly, so their spread (and the interval) is not measured' : 'the interval is unbounded');
      reason = `The slope is not decided: ${why} (${how}; per-seed slopes ${seedNote}; predicted ${fmt(predicted)} +- ${tolerance}).${iv && Number.isFinite(iv.upper) ? ` Interval (${fmt(iv.lower)}, ${fmt(iv.upper)}].` : iv && Number.isFinite(iv.lower) ? ` Interval [${fmt(iv.lower)}, ${fmt(iv.upper)}).` : ''}`;
    } else {
      verdict = decideWithin(iv, lo, hi);
      reason = `Mean log-log slope over seeds ${Number.isFinite(iv.lower) && Number.isFinite(iv.upper) ? fmt(iv.mean) : '(not estimated: the seeds give bounds)'} (${budget.level * 100}% interval [${fmt(iv.lower)}, ${fmt(iv.upper)}], ${iv.method}, from ${how}; per-seed slopes ${seedNote}) against the predicted ${fmt(predicted)} +- ${tolerance}: ${
        verdict === 'pass' ? 'the interval lies within the tolerance' : verdict === 'fail' ? 'the interval lies outside the tolerance' : 'the interval straddles the tolerance band'
      }.`;
    }
    const exactSlopes = fit.seeds.filter((sl) => sl.informative && sl.censored === 'none').map((sl) => sl.y);
    const sd = iv && Number.isFinite(iv.sd) ? iv.sd : NaN;
    const centre = iv && Number.isFinite(iv.mean) ? iv.mean : exactSlopes.length ? exactSlopes.reduce((a, b) => a + b, 0) / exactSlopes.length : NaN;
    const seedsToDecide = seedsToDecideWithin(centre, sd, lo, hi, budget.level);
    if (verdict === 'inconclusive' && seedsToDecide !== null) reason += ` At the measured spread (per-seed slope sd ${fmt(sd)}) about ${seedsToDecide} seeds would decide it.`;
    reason += tail;

    const fitted = iv && Number.isFinite(iv.mean) ? iv.mean : NaN;
    const kept = pooled.filter((p) => p.censored === 'none' && p.value !== null) as { x: number; value: number }[];
    const through = (slope: number) => (kept.reduce((s, p) => s + Math.log10(p.value), 0) - slope * kept.reduce((s, p) => s + Math.log10(p.x), 0)) / kept.length;
    const lines: NonNullable<Figure['lines']> = kept.length
      ? [
          ...(Number.isFinite(fitted) ? [{ name: `fit: slope ${fmt(fitted)}`, slope: fitted, intercept: through(fitted), style: 'fit' as const }] : []),
          { name: `predicted: slope ${fmt(predicted)}`, slope: predicted, intercept: through(predicted), style: 'predicted' as const },
        ]
      : [];
    const finiteIv = iv && Number.isFinite(iv.lower) && Number.isFinite(iv.upper) ? ([iv.lower, iv.upper] as [number, number]) : null;
    return {
      verdict,
      reason,
      seedsToDecide,
      statistic: {
        name: `log-log slope of ${qName} in ${claim.along.param} (mean over seeds)`,
        value: Number.isFinite(fitted) ? round(fitted) : null,
        interval: finiteIv,
        level: budget.level,
        threshold: `in [${fmt(lo)}, ${fmt(hi)}]`,
        method: iv ? `${iv.method} over ${fit.informative} per-seed slopes${iv.censoredCount ? ` (${iv.censoredCount} of them bounds)` : ''}, clustered by seed` : 'per-seed slopes (too few seeds with a slope)',
      },
      scaling,
      fits: [{ name: `slope of ${qName}`, slope: Number.isFinite(fitted) ? fitted : null, interval: finiteIv, predicted, tolerance }],
      measurements: rows,
      figures: [scatter(lines, `${qName} against ${claim.along.param} (log-log), every seed`), ...curvesFigure],
      assumptions,
    };
  },
};

/** The bound form: at every value of the swept parameter, the median over seeds of the quantity is at most the bound. */
function decideBound(
  ctx: Ctx,
  used: AlongPoint[],
  estimates: Estimate[][],
  parts: {
    rows: Record<string, number | string | boolean | null>[];
    scatter: (lines: NonNullable<Figure['lines']>, title: string) => Figure;
    curvesFigure: Figure[];
    scaling: NonNullable<Decision['scaling']>;
    assumptions: Decision['assumptions'];
    tail: string;
    qName: string;
  },
): Decision {
  const { claim, budget } = ctx;
  const exprs = claimExprs(ctx.loaded, ctx.claimIndex);
  const bounds = used.map((a) => exprs.get('bound')!.number(a.point.scope));
  // Censoring respected: n* <= N_min meets any bound >= N_min, n* > N_max exceeds any bound <= N_max, otherwise undetermined.
  const counts: BoundCounts[] = used.map((_, i) => {
    const c = { meets: 0, exceeds: 0, unknown: 0 };
    for (const e of estimates[i]) {
      if (e === null) continue;
      if (e.censored === 'none') e.value <= bounds[i] ? c.meets++ : c.exceeds++;
      else if (e.censored === 'below') e.value <= bounds[i] ? c.meets++ : c.unknown++;
      else e.value >= bounds[i] ? c.exceeds++ : c.unknown++;
    }
    return c;
  });
  const test = medianBound(counts, budget.level);
  const rows = parts.rows.map((r, i) => ({
    ...r,
    bound: round(bounds[i]),
    'meets / exceeds / undetermined': `${counts[i].meets} / ${counts[i].exceeds} / ${counts[i].unknown}`,
    p: round(test.groups[i].verdict === 'fail' ? test.groups[i].pFailAdjusted : test.groups[i].pPass),
    decided: test.groups[i].verdict,
  }));
  const per = used.map((a, i) => `${claim.along.param} = ${fmt(a.along)}: ${counts[i].meets} of ${counts[i].meets + counts[i].exceeds + counts[i].unknown} seeds <= ${fmt(bounds[i])} (${test.groups[i].verdict})`).join('; ');
  let reason = `Median of ${parts.qName} over seeds against the bound, by an exact sign test at each value (one-sided ${fmt(test.alpha)}; failing values Holm-adjusted across the ${used.length} values; a censored threshold counts as the bound it is): ${per}.`;
  reason +=
    test.verdict === 'pass'
      ? ' Every value passes.'
      : test.verdict === 'fail'
        ? ' At least one value exceeds the bound.'
        : ` Not decided${test.seedsToPass !== null ? `; at the observed fractions about ${test.seedsToPass} seeds per value would pass it` : ''}.`;
  reason += parts.tail;
  const worst = used.length ? Math.max(...test.groups.map((g) => g.pPass)) : 1;
  const seedsToDecide = test.verdict === 'inconclusive' ? test.seedsToPass : ctx.seeds.length;
  const lines = bounds.length && bounds.every((b) => b === bounds[0]) && bounds[0] > 0 ? [{ name: `bound ${fmt(bounds[0])}`, slope: 0, intercept: Math.log10(bounds[0]), style: 'predicted' as const }] : [];
  return {
    verdict: used.length ? test.verdict : 'inconclusive',
    reason: used.length ? reason : `No value of ${claim.along.param} lies inside the claim's assumptions.${parts.tail}`,
    seedsToDecide,
    statistic: {
      name: `largest sign-test p-value against median ${parts.qName} <= bound`,
      value: round(worst),
      interval: null,
      level: budget.level,
      threshold: `<= ${fmt(test.alpha)} at every ${claim.along.param}`,
      method: `exact sign test over ${ctx.seeds.length} seeds per value (censored thresholds as bounds), intersection-union to pass, Holm to fail`,
    },
    scaling: parts.scaling,
    fits: [],
    measurements: rows,
    figures: [parts.scatter(lines, `${parts.qName} against ${claim.along.param} (log-log), every seed, with the bound`), ...parts.curvesFigure],
    assumptions: parts.assumptions,
  };
}
