import type { RunResult } from '../../src/engine/result.js';
import { claimPoint, type PointEvaluation } from '../../src/spec/evaluate.js';
import { claimExprs } from '../../src/spec/load.js';
import type { ClaimOf } from '../../src/spec/schema.js';
import { decideWithin } from '../../src/stats/decide.js';
import { ols } from '../../src/stats/loglog.js';
import { censoredSlope, type CensoredPoint } from '../../src/stats/censored.js';
import type { Checker } from '../checker.js';
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
  return claim.along.values.map((along) => {
    const point = claimPoint(loaded, claimIndex, { [claim.along.param]: along });
    if (q.kind === 'metric') {
      return { along, point, applies: applies(ctx, point), cells: [{ x: along, point, runs: ctx.seeds.map((s) => runParams(ctx, point, s, { regime: q.regime })) }] };
    }
    const integer = loaded.spec.parameters.find((p) => p.name === q.param)?.type === 'int';
    const grid = thresholdGrid(q.range, Math.max(2, ctx.budget.points), integer);
    const cells = grid.map((x) => {
      const p = claimPoint(loaded, claimIndex, { [claim.along.param]: along, [q.param]: x });
      return { x, point: p, runs: ctx.seeds.map((s) => runParams(ctx, p, s, { regime: q.regime })) };
    });
    return { along, point, applies: applies(ctx, point), cells };
  });
}

/** The minimum a parameter may take: a threshold at it is a value, not a censored bound. */
function paramMin(ctx: Ctx, name: string): number {
  const p = ctx.loaded.spec.parameters.find((x) => x.name === name);
  return p && p.type !== 'enum' && p.range ? p.range[0] : -Infinity;
}

/**
 * A measured quantity (a label or sample complexity found on a grid, or a metric) follows a
 * predicted log-log slope in a parameter. The quantity is measured per seed at each value of the
 * swept parameter; the slope is the least-squares fit over all (value, seed) pairs and the verdict
 * rests on its Student-t interval. Censored thresholds are never fitted as values: a value of the
 * swept parameter where any seed is censored is left out and reported as a bound.
 */
export const scalingChecker: Checker<'scaling'> = {
  kind: 'scaling',

  plan(ctx) {
    return layout(ctx)
      .filter((a) => a.applies)
      .flatMap((a) => a.cells.flatMap((c) => c.runs));
  },

  statementTex(ctx) {
    const q = ctx.claim.quantity;
    const slope = claimExprs(ctx.loaded, ctx.claimIndex).get('slope')!.tex;
    const name = q.kind === 'threshold' ? `${nameTex(ctx.loaded, q.param)}^{*}` : metricTex(q.metric);
    return `\\frac{d \\log ${name}}{d \\log ${nameTex(ctx.loaded, ctx.claim.along.param)}} = ${slope} \\pm ${ctx.claim.tolerance}`;
  },

  async decide(ctx) {
    const { claim, budget, loaded, claimIndex } = ctx;
    const q = claim.quantity;
    const exprs = claimExprs(loaded, claimIndex);
    const base = claimPoint(loaded, claimIndex);
    const predicted = exprs.get('slope')!.number(base.scope);
    const lo = predicted - claim.tolerance;
    const hi = predicted + claim.tolerance;
    const alongs = layout(ctx);
    const used = alongs.filter((a) => a.applies);
    const k = ctx.seeds.length;
    const minValue = q.kind === 'threshold' ? paramMin(ctx, q.param) : -Infinity;

    // estimates[a][s]: the quantity for along-value a and seed s.
    const estimates: { value: number; censored: 'none' | 'above' | 'below' }[][] = [];
    const errorCurves: Figure['series'] = [];
    for (const a of used) {
      const results: RunResult[][] = [];
      for (const c of a.cells) results.push(await ctx.runs.run(c.runs));
      if (q.kind === 'metric') {
        estimates.push(results[0].map((r) => {
          const v = metricOf(r, q.metric);
          return v !== null && v > 0 ? { value: v, censored: 'none' as const } : { value: NaN, censored: 'above' as const };
        }));
        continue;
      }
      const targets = a.cells.map((c) => exprs.get('quantity.target')!.number(c.point.scope));
      const perSeed = ctx.seeds.map((_, s) => {
        const t = seedThreshold(a.cells.map((c) => c.x), results.map((rs) => metricOf(rs[s], q.metric)), targets, q.direction);
        return t.censored === 'below' && t.value <= minValue ? { value: t.value, censored: 'none' as const } : t;
      });
      estimates.push(perSeed);
      errorCurves.push({
        name: `${claim.along.param} = ${fmt(a.along)}`,
        points: a.cells.map((c, i) => {
          const vals = results[i].map((r) => metricOf(r, q.metric)).filter((v): v is number => v !== null);
          const m = vals.length ? vals.reduce((x, y) => x + y, 0) / vals.length : null;
          return { x: c.x, y: m, ...(vals.length ? { lo: Math.min(...vals), hi: Math.max(...vals) } : {}) };
        }),
      });
    }

    // Pooled per along-value: geometric mean over seeds when no seed is censored, else a bound.
    const pooled = used.map((a, i) => {
      const es = estimates[i];
      const measured = es.filter((e) => e.censored === 'none');
      const above = es.some((e) => e.censored === 'above');
      const below = es.some((e) => e.censored === 'below');
      const geo = measured.length ? Math.exp(measured.reduce((s, e) => s + Math.log(e.value), 0) / measured.length) : NaN;
      const censored: 'none' | 'above' | 'below' = measured.length === es.length ? 'none' : above && !below ? 'above' : below && !above ? 'below' : 'above';
      return { along: a.along, value: censored === 'none' ? geo : censored === 'above' ? Math.max(...es.map((e) => e.value)) : Math.min(...es.map((e) => e.value)), censored, es };
    });
    // Every (along-value, seed) observation enters the fit; a censored one as the bound it is
    // (censored normal likelihood), so no seed is dropped and no bound is read as a value.
    const obs: CensoredPoint[] = [];
    used.forEach((a, i) => {
      for (const e of estimates[i]) {
        if (!(e.value > 0) || !Number.isFinite(e.value)) continue;
        obs.push({ x: Math.log(a.along), y: Math.log(e.value), censored: e.censored });
      }
    });
    const censoredCount = obs.filter((o) => o.censored !== 'none').length;
    const interval = censoredSlope(obs, budget.level);
    const fitted = interval.slope;
    const seedSlopes: number[] = [];
    for (let s = 0; s < k; s++) {
      const own = used.map((a, i) => ({ x: Math.log(a.along), e: estimates[i][s] })).filter((o) => o.e.censored === 'none' && o.e.value > 0);
      if (new Set(own.map((o) => o.x)).size < 2) continue;
      const f = ols(own.map((o) => o.x), own.map((o) => Math.log(o.e.value)));
      if (Number.isFinite(f.slope)) seedSlopes.push(f.slope);
    }
    const kept = pooled.filter((p) => p.censored === 'none');

    let verdict: 'pass' | 'fail' | 'inconclusive';
    let reason: string;
    const censoredNote = pooled.filter((p) => p.censored !== 'none').map((p) => `${claim.along.param} = ${fmt(p.along)}: ${p.censored === 'above' ? `> ${fmt(p.value)}` : `<= ${fmt(p.value)}`}`);
    const excluded = alongs.filter((a) => !a.applies).map((a) => fmt(a.along));
    const how = `${obs.length} (${claim.along.param}, seed) pairs${censoredCount ? `, ${censoredCount} of them censored and used as bounds` : ''}`;
    if (!Number.isFinite(interval.lower) || !Number.isFinite(interval.upper)) {
      verdict = 'inconclusive';
      reason = `The ${how} cannot bound the slope (a finite interval needs at least three measured values at two values of ${claim.along.param}; fitted slope ${fmt(fitted)}, predicted ${fmt(predicted)} +- ${claim.tolerance}).${censoredNote.length ? ` Censored for most seeds: ${censoredNote.join('; ')}.` : ''}`;
    } else {
      verdict = decideWithin(interval, lo, hi);
      reason = `Fitted log-log slope ${fmt(interval.slope)} (${budget.level * 100}% interval [${fmt(interval.lower)}, ${fmt(interval.upper)}] from ${how}${seedSlopes.length ? `; per-seed slopes ${seedSlopes.map(fmt).join(', ')}` : ''}) against the predicted ${fmt(predicted)} +- ${claim.tolerance}: ${
        verdict === 'pass' ? 'the interval lies within the tolerance' : verdict === 'fail' ? 'the interval lies outside the tolerance' : 'the interval straddles the tolerance band'
      }.`;
    }
    if (excluded.length) reason += ` Not used (assumptions fail): ${claim.along.param} = ${excluded.join(', ')}.`;

    const qName = q.kind === 'threshold' ? `${q.param}*` : q.metric;
    const rows = pooled.map((p) => ({
      [claim.along.param]: p.along,
      [qName]: round(p.value),
      censored: p.censored === 'none' ? null : p.censored === 'above' ? 'lower bound (>)' : 'upper bound (<=)',
      perSeed: p.es.map((e) => (e.censored === 'none' ? fmt(e.value) : `${e.censored === 'above' ? '>' : '<='}${fmt(e.value)}`)).join(' '),
    }));
    const figures: Figure[] = [
      {
        id: `${claim.id}-scaling`,
        title: `${qName} against ${claim.along.param} (log-log)`,
        kind: 'scatter',
        xLabel: claim.along.param,
        yLabel: qName,
        xScale: 'log',
        yScale: 'log',
        series: [
          {
            name: `${qName} (geometric mean over seeds; range of seeds)`,
            points: pooled.map((p) => {
              const vals = p.es.map((e) => e.value).filter(Number.isFinite);
              return {
                x: p.along,
                y: Number.isFinite(p.value) ? p.value : null,
                ...(p.censored === 'none' && vals.length ? { lo: Math.min(...vals), hi: Math.max(...vals) } : {}),
                ...(p.censored === 'none' ? {} : { censored: p.censored === 'above' ? ('lower' as const) : ('upper' as const) }),
              };
            }),
          },
        ],
        lines: Number.isFinite(fitted)
          ? [
              { name: `fit: slope ${fmt(fitted)}`, slope: fitted, intercept: interval.intercept / Math.LN10, style: 'fit' as const },
              {
                name: `predicted: slope ${fmt(predicted)}`,
                slope: predicted,
                // Through the centroid of the measured points, in log10 coordinates.
                intercept: kept.length
                  ? (kept.reduce((s, p) => s + Math.log10(p.value), 0) - predicted * kept.reduce((s, p) => s + Math.log10(p.along), 0)) / kept.length
                  : interval.intercept / Math.LN10 + (fitted - predicted) * Math.log10(Math.sqrt(Math.min(...claim.along.values) * Math.max(...claim.along.values))),
                style: 'predicted' as const,
              },
            ]
          : [],
      },
    ];
    if (errorCurves.length && q.kind === 'threshold') {
      figures.push({
        id: `${claim.id}-curves`,
        title: `${q.metric} against ${q.param} (${q.regime}), one curve per ${claim.along.param}`,
        kind: 'line',
        xLabel: q.param,
        yLabel: q.metric,
        xScale: 'log',
        yScale: 'linear',
        series: errorCurves,
      });
    }
    return {
      verdict,
      reason,
      statistic: {
        name: `log-log slope of ${qName} in ${claim.along.param}`,
        value: round(fitted),
        interval: Number.isFinite(interval.lower) ? [interval.lower, interval.upper] : null,
        level: budget.level,
        threshold: `in [${fmt(lo)}, ${fmt(hi)}]`,
        method: `${interval.method} over ${obs.length} (${claim.along.param}, seed) pairs, Student t with ${interval.df} df`,
      },
      scaling: {
        quantity: qName,
        regime: q.regime,
        along: claim.along.param,
        points: pooled.map((p) => ({ x: p.along, value: Number.isFinite(p.value) ? p.value : null, censored: p.censored })),
      },
      fits: [{ name: `slope of ${qName}`, slope: Number.isFinite(fitted) ? fitted : null, interval: Number.isFinite(interval.lower) ? [interval.lower, interval.upper] : null, predicted, tolerance: claim.tolerance }],
      measurements: rows,
      figures,
      assumptions: assumptionRows(ctx, alongs.map((a) => ({ label: `${claim.along.param}=${fmt(a.along)}`, point: a.point }))),
    };
  },
};
