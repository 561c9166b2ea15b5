import { claimPoint, type Overrides } from '../../src/spec/evaluate.js';
import { claimExprs } from '../../src/spec/load.js';
import type { Checker, Decision } from '../checker.js';
import { fmt, pointLabel, seedRuns, type CheckContext } from '../context.js';
import { alphaOf, assumptionRows, divergedCount, evaluateRegion, metricSupport, pointStat, regionPoints, round, settlePoints, pointRuleAnytimeValid } from '../points.js';
import { readMetric } from '../read-at.js';
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
  // Betting confidence sequence on bounded metrics; skew-robust t (fixed seeds) on losses.
  anytimeValid: (claim) => pointRuleAnytimeValid(claim.metric),

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
    const support = metricSupport(claim.metric);
    const search = await evaluateRegion(ctx, claim.region, async (overrides) => {
      const { point, bound, runs } = at(ctx, overrides);
      const results = await ctx.runs.run(runs);
      const values = results.map((r) => readMetric(r, claim.metric, claim.readAt));
      const stat = pointStat(values, divergedCount(results), bound, claim.direction, support, budget.level, budget.points);
      return { outcome: stat.outcome, record: { point, bound, stat, replayParams: runs[0], label: pointLabel(ctx, point, axes.length ? axes : undefined) } };
    });
    const settled = settlePoints(search.evaluated.map((e) => ({ stat: e.record.stat, shrink: e.shrink })), budget.level);
    const evaluated = search.evaluated.map((e, i) => ({ ...e, outcome: settled.outcomes[i], adjustedFail: settled.adjustedFail[i] }));
    const rows = evaluated.map(({ record, outcome, shrink, adjustedFail }) => ({
      point: record.label,
      ...Object.fromEntries(axes.map((a) => [a, record.point.values[a] ?? null])),
      mean: round(record.stat.bounds.mean),
      lower: round(record.stat.bounds.lower),
      upper: round(record.stat.bounds.upper),
      bound: round(record.bound),
      pPass: round(record.stat.pPass, 3),
      pFailHolm: round(adjustedFail, 3),
      seeds: record.stat.values.length,
      diverged: record.stat.diverged,
      outcome,
      shrinkCandidate: shrink,
    }));
    const main = evaluated.filter((e) => !e.shrink);
    const verdict = settled.verdict;
    const alpha = alphaOf(budget.level);
    const counterexample = settled.failing !== null ? evaluated[settled.failing] : null;
    // The statistic is the point nearest to violating the bound (or the counterexample).
    const worst = counterexample?.record ?? [...main].map((e) => e.record).sort((a, b) => b.stat.pPass - a.stat.pPass)[0];
    const side = claim.direction === 'at-most' ? 'above' : 'below';
    const diverged = main.filter((e) => e.record.stat.diverged > 0);
    const reason =
      search.accepted === 0
        ? `No point of the region satisfies the claim's assumptions and hypothesis (${search.drawn} drawn).`
        : verdict === 'fail'
          ? `At ${counterexample!.record.label} ${claim.metric} is significantly ${side} the bound ${fmt(counterexample!.record.bound)} (mean ${fmt(counterexample!.record.stat.bounds.mean)}, Holm-adjusted p = ${fmt(counterexample!.adjustedFail)} <= ${fmt(alpha)} over ${evaluated.length} points).`
          : verdict === 'pass'
            ? `At all ${main.length} points ${claim.metric} is significantly ${claim.direction === 'at-most' ? 'below' : 'above'} the bound (largest one-sided p = ${fmt(settled.pValue)} <= ${fmt(alpha)}).`
            : `${main.filter((e) => e.outcome !== 'pass').length} of ${main.length} points are undecided: their one-sided ${budget.level * 100}% bounds do not clear the bound${diverged.length ? `; at ${diverged.length} points runs diverged (${diverged.reduce((a, e) => a + e.record.stat.diverged, 0)} runs, left out of every statistic)` : ''}.`;
    const xAxis = axes.find((a) => typeof main[0]?.record.point.values[a] === 'number');
    const decision: Decision = {
      verdict,
      reason,
      statistic: worst
        ? {
            name: `${claim.metric} at ${worst.label}`,
            value: round(worst.stat.bounds.mean),
            interval: Number.isFinite(worst.stat.bounds.lower) && Number.isFinite(worst.stat.bounds.upper) ? [worst.stat.bounds.lower, worst.stat.bounds.upper] : null,
            // Each end is a one-sided bound at budget.level, so together they cover at 2 level - 1.
            level: 2 * budget.level - 1,
            threshold: `${sign(claim.direction)} ${fmt(worst.bound)}`,
            method: worst.stat.bounds.method,
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
                    y: round(e.record.stat.bounds.mean),
                    ...(Number.isFinite(e.record.stat.bounds.lower) && Number.isFinite(e.record.stat.bounds.upper) ? { lo: e.record.stat.bounds.lower, hi: e.record.stat.bounds.upper } : {}),
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
      counterexample: counterexample
        ? { params: { ...counterexample.record.replayParams }, replay: '', shrinkSteps: evaluated.filter((e) => e.shrink && e.outcome === 'fail').length }
        : null,
      pValue: settled.pValue,
      readAt: claim.readAt,
    };
    return decision;
  },
};
