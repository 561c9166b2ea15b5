import { claimPoint, type Overrides } from '../../src/spec/evaluate.js';
import { claimExprs } from '../../src/spec/load.js';
import type { Checker, Decision } from '../checker.js';
import { fmt, pointLabel, seedRuns, type CheckContext } from '../context.js';
import { assumptionRows, combine, evaluateRegion, metricValues, pointStat, regionPoints, round, type PointStat } from '../points.js';
import type { ClaimOf } from '../../src/spec/schema.js';
import { metricTex } from '../tex.js';

type Ctx = CheckContext<ClaimOf<'bound'>>;

function at(ctx: Ctx, overrides: Overrides) {
  const point = claimPoint(ctx.loaded, ctx.claimIndex, overrides);
  const bound = claimExprs(ctx.loaded, ctx.claimIndex).get('bound')!.number(point.scope);
  const runs = seedRuns(ctx, point, { regime: ctx.claim.regime });
  return { point, bound, runs };
}

const sign = (d: 'at-most' | 'at-least') => (d === 'at-most' ? '<=' : '>=');

/** `metric` of a regime obeys a bound at every point of the region where the hypothesis and assumptions hold. */
export const boundChecker: Checker<'bound'> = {
  kind: 'bound',

  plan(ctx) {
    return regionPoints(ctx, ctx.claim.region).points.flatMap((o) => at(ctx, o).runs);
  },

  statementTex(ctx) {
    const b = claimExprs(ctx.loaded, ctx.claimIndex).get('bound')!;
    return `${metricTex(ctx.claim.metric)} ${ctx.claim.direction === 'at-most' ? '\\le' : '\\ge'} ${b.tex}`;
  },

  async decide(ctx) {
    const { claim, budget } = ctx;
    const axes = Object.keys(claim.region);
    const search = await evaluateRegion(ctx, claim.region, async (overrides) => {
      const { point, bound, runs } = at(ctx, overrides);
      const results = await ctx.runs.run(runs);
      const stat = pointStat(metricValues(results, claim.metric), bound, claim.direction, budget.level);
      return { outcome: stat.outcome, record: { point, bound, stat, replayParams: runs[0], label: pointLabel(ctx, point, axes.length ? axes : undefined) } };
    });
    const rows = search.evaluated.map(({ record, outcome, shrink }) => ({
      point: record.label,
      ...Object.fromEntries(axes.map((a) => [a, record.point.values[a] ?? null])),
      mean: round(record.stat.interval.mean),
      lower: round(record.stat.interval.lower),
      upper: round(record.stat.interval.upper),
      bound: round(record.bound),
      seeds: record.stat.values.length,
      diverged: record.stat.diverged,
      outcome,
      shrinkCandidate: shrink,
    }));
    const main = search.evaluated.filter((e) => !e.shrink);
    const verdict = combine(main.map((e) => e.outcome), search.counterexample !== null);
    // The statistic is the point nearest to violating the bound (or the counterexample).
    const slack = (s: PointStat, b: number) => (claim.direction === 'at-most' ? b - s.interval.upper : s.interval.lower - b);
    const worst = search.counterexample?.record ?? [...main].map((e) => e.record).sort((a, b) => slack(a.stat, a.bound) - slack(b.stat, b.bound))[0];
    const reason =
      search.accepted === 0
        ? `No point of the region satisfies the claim's assumptions and hypothesis (${search.drawn} drawn).`
        : verdict === 'fail'
          ? `At ${worst.label} the ${budget.level * 100}% interval of ${claim.metric} [${fmt(worst.stat.interval.lower)}, ${fmt(worst.stat.interval.upper)}] lies entirely ${claim.direction === 'at-most' ? 'above' : 'below'} the bound ${fmt(worst.bound)}.`
          : verdict === 'pass'
            ? `At all ${main.length} points the ${budget.level * 100}% interval of ${claim.metric} lies ${claim.direction === 'at-most' ? 'below' : 'above'} the bound.`
            : `${main.filter((e) => e.outcome !== 'pass').length} of ${main.length} points are undecided: their intervals straddle the bound${main.some((e) => e.record.stat.diverged > 0) ? ' or runs diverged' : ''}.`;
    const xAxis = axes.find((a) => typeof main[0]?.record.point.values[a] === 'number');
    const decision: Decision = {
      verdict,
      reason,
      statistic: worst
        ? {
            name: `${claim.metric} at ${worst.label}`,
            value: round(worst.stat.interval.mean),
            interval: Number.isFinite(worst.stat.interval.lower) ? [worst.stat.interval.lower, worst.stat.interval.upper] : null,
            level: budget.level,
            threshold: `${sign(claim.direction)} ${fmt(worst.bound)}`,
            method: `Student t over ${worst.stat.values.length} seeds`,
          }
        : null,
      measurements: rows,
      figures: xAxis
        ? [
            {
              id: `${claim.id}-points`,
              title: `${claim.metric} against ${xAxis} (${claim.regime})`,
              kind: 'scatter',
              xLabel: xAxis,
              yLabel: claim.metric,
              xScale: 'log',
              yScale: 'linear',
              series: [
                {
                  name: 'measured (mean, interval)',
                  points: main.map((e) => ({
                    x: Number(e.record.point.values[xAxis]),
                    y: round(e.record.stat.interval.mean),
                    ...(Number.isFinite(e.record.stat.interval.lower) ? { lo: e.record.stat.interval.lower, hi: e.record.stat.interval.upper } : {}),
                    label: e.outcome,
                  })),
                },
                { name: 'bound', points: main.map((e) => ({ x: Number(e.record.point.values[xAxis]), y: e.record.bound })) },
              ],
            },
          ]
        : [],
      search: { drawn: search.drawn, accepted: search.accepted, acceptanceRate: search.drawn ? search.accepted / search.drawn : 0 },
      assumptions: assumptionRows(ctx, main.map((e) => ({ label: e.record.label, point: e.record.point }))),
      counterexample: search.counterexample
        ? { params: { ...search.counterexample.record.replayParams }, replay: '', shrinkSteps: search.counterexample.shrinkSteps }
        : null,
    };
    return decision;
  },
};
