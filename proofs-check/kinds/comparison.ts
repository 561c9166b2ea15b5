import { claimPoint, type Overrides } from '../../src/spec/evaluate.js';
import type { ClaimOf } from '../../src/spec/schema.js';
import type { Checker } from '../checker.js';
import { fmt, higherIsBetter, pointLabel, seedRuns, type CheckContext } from '../context.js';
import { alphaOf, assumptionRows, differenceSupport, evaluateRegion, metricSupport, pointStat, regionPoints, round, settlePoints, pointRuleAnytimeValid } from '../points.js';
import { readMetric } from '../read-at.js';
import { metricTex, settingTex } from '../tex.js';

type Ctx = CheckContext<ClaimOf<'comparison'>>;

function sides(ctx: Ctx, overrides: Overrides) {
  const better = claimPoint(ctx.loaded, ctx.claimIndex, overrides, 'better');
  const worse = claimPoint(ctx.loaded, ctx.claimIndex, overrides, 'worse');
  return {
    better,
    worse,
    betterRuns: seedRuns(ctx, better, { regime: ctx.claim.better.regime }),
    worseRuns: seedRuns(ctx, worse, { regime: ctx.claim.worse.regime }),
  };
}

/**
 * Regime A beats regime B by a margin, paired by seed (same data, same initialisation where the
 * parameters coincide): the mean paired advantage minus the margin must be positive.
 */
export const comparisonChecker: Checker<'comparison'> = {
  kind: 'comparison',
  // Betting confidence sequence on bounded metrics; the arm-wise skew-robust t (fixed seeds) on differences of losses; Student t on metrics with no range.
  anytimeValid: (claim) => pointRuleAnytimeValid(claim.metric),

  plan(ctx) {
    return regionPoints(ctx, ctx.claim.region, 'better').points.flatMap((o) => {
      const s = sides(ctx, o);
      return [...s.betterRuns, ...s.worseRuns];
    });
  },

  statementTex(ctx) {
    const m = metricTex(ctx.claim.metric);
    const op = higherIsBetter(ctx.claim.metric) ? '\\ge' : '\\le';
    const sign = higherIsBetter(ctx.claim.metric) ? '-' : '+';
    // Two sides of one regime differ in their settings (pre-training steps, say): name those instead.
    const sameRegime = ctx.claim.better.regime === ctx.claim.worse.regime;
    const side = (s: typeof ctx.claim.better) => {
      const at = settingTex(ctx.loaded, s.set);
      return `${m}\\big|_{${sameRegime && at ? at : `\\text{${s.regime}}${at ? `,\\ ${at}` : ''}`}}`;
    };
    return `${side(ctx.claim.better)} ${ctx.claim.margin ? `${sign} ${ctx.claim.margin}` : ''} ${op} ${side(ctx.claim.worse)}`;
  },

  async decide(ctx) {
    const { claim, budget } = ctx;
    const axes = Object.keys(claim.region ?? {});
    // The paired advantage minus the margin, of two values in the metric's support.
    const support = differenceSupport(claim.metric, claim.margin);
    const search = await evaluateRegion(
      ctx,
      claim.region,
      async (overrides) => {
        const s = sides(ctx, overrides);
        const [betterResults, worseResults] = await Promise.all([ctx.runs.run(s.betterRuns), ctx.runs.run(s.worseRuns)]);
        const diverged = betterResults.filter((b, i) => b.diverged !== null || worseResults[i].diverged !== null).length;
        const [better, worse] = [betterResults, worseResults].map((rs) => rs.map((r) => readMetric(r, claim.metric, claim.readAt)));
        // The advantage is plus - minus - margin: better - worse when higher is better, else worse - better.
        const arms: [(number | null)[], (number | null)[]] = higherIsBetter(claim.metric) ? [better, worse] : [worse, better];
        const [plus, minus] = arms;
        const diffs = plus.map((p, i) => (p === null || minus[i] === null ? null : p - minus[i]! - claim.margin));
        const stat = pointStat(diffs, diverged, 0, 'at-least', support, budget.level, budget.points, { arms, support: metricSupport(claim.metric) });
        return {
          outcome: stat.outcome,
          record: {
            label: pointLabel(ctx, s.better, axes.length ? axes : undefined),
            point: s.better,
            better,
            worse,
            stat,
            diverged,
            replayParams: s.betterRuns[0],
            curves: { better: betterResults[0], worse: worseResults[0] },
          },
        };
      },
      'better',
    );
    const settled = settlePoints(search.evaluated.map((e) => ({ stat: e.record.stat, shrink: e.shrink })), budget.level);
    const evaluated = search.evaluated.map((e, i) => ({ ...e, outcome: settled.outcomes[i], adjustedFail: settled.adjustedFail[i] }));
    const main = evaluated.filter((e) => !e.shrink);
    const verdict = settled.verdict;
    const alpha = alphaOf(budget.level);
    const counterexample = settled.failing !== null ? evaluated[settled.failing] : null;
    const worst = counterexample?.record ?? [...main].map((e) => e.record).sort((a, b) => b.stat.pPass - a.stat.pPass)[0];
    const mean = (xs: (number | null)[]) => {
      const f = xs.filter((x): x is number => x !== null);
      return f.length ? f.reduce((a, b) => a + b, 0) / f.length : null;
    };
    const rows = evaluated.map(({ record, outcome, shrink, adjustedFail }) => ({
      point: record.label,
      [`${claim.better.regime} (better)`]: round(mean(record.better)),
      [`${claim.worse.regime} (worse)`]: round(mean(record.worse)),
      advantageMinusMargin: round(record.stat.bounds.mean),
      lower: round(record.stat.bounds.lower),
      upper: round(record.stat.bounds.upper),
      pPass: round(record.stat.pPass, 3),
      pFailHolm: round(adjustedFail, 3),
      seeds: record.better.length,
      diverged: record.diverged,
      outcome,
      shrinkCandidate: shrink,
    }));
    const what = higherIsBetter(claim.metric) ? 'higher' : 'lower';
    const reason =
      search.accepted === 0
        ? `No point satisfies the claim's assumptions and hypothesis (${search.drawn} drawn).`
        : verdict === 'pass'
          ? `At all ${main.length} points ${claim.better.regime}'s ${claim.metric} is ${what} than ${claim.worse.regime}'s by more than ${claim.margin} (paired by seed; largest one-sided p = ${fmt(settled.pValue)} <= ${fmt(alpha)}).`
          : verdict === 'fail'
            ? `At ${counterexample!.record.label} the advantage minus the margin is significantly below 0 (mean ${fmt(counterexample!.record.stat.bounds.mean)}, Holm-adjusted p = ${fmt(counterexample!.adjustedFail)} <= ${fmt(alpha)} over ${evaluated.length} points).`
            : `${main.filter((e) => e.outcome !== 'pass').length} of ${main.length} points are undecided: the one-sided ${budget.level * 100}% bounds of the advantage do not clear the margin${main.some((e) => e.record.diverged) ? `; runs diverged at ${main.filter((e) => e.record.diverged).length} points (left out of every statistic)` : ''}.`;
    // The curves are drawn at the point the statistic reports (the counterexample or the least
    // clearly passing point), so figure and statistic never describe different settings.
    const rep = worst ?? main[0]?.record;
    const figures = [];
    if (rep) {
      const trainSeries = (['better', 'worse'] as const).map((k) => ({
        name: `${k === 'better' ? claim.better.regime : claim.worse.regime} (${k})`,
        points: rep.curves[k].curves.train.map((p) => ({ x: Math.max(1, p.step), y: p.trainLoss })),
      }));
      figures.push({
        id: `${claim.id}-training`,
        title: `Training loss at ${rep.label} (seed ${ctx.seeds[0]})`,
        kind: 'line' as const,
        xLabel: 'step',
        yLabel: 'training loss',
        xScale: 'log' as const,
        yScale: 'log' as const,
        series: trainSeries,
      });
      const pre = (['better', 'worse'] as const).filter((k) => rep.curves[k].curves.pretrain?.length);
      if (pre.length) {
        figures.push({
          id: `${claim.id}-alignment`,
          title: `Filter alignment during pre-training at ${rep.label} (seed ${ctx.seeds[0]})`,
          kind: 'line' as const,
          xLabel: 'pre-training step',
          yLabel: 'mean |cos(w, mu)|',
          xScale: 'linear' as const,
          yScale: 'linear' as const,
          series: pre.map((k) => ({
            name: `${k === 'better' ? claim.better.regime : claim.worse.regime} (${k})`,
            points: rep.curves[k].curves.pretrain!.map((p) => ({ x: p.step, y: p.alignment })),
          })),
        });
      }
    }
    return {
      verdict,
      reason,
      statistic: worst
        ? {
            name: `advantage of ${claim.better.regime} minus margin at ${worst.label}`,
            value: round(worst.stat.bounds.mean),
            interval: Number.isFinite(worst.stat.bounds.lower) && Number.isFinite(worst.stat.bounds.upper) ? [worst.stat.bounds.lower, worst.stat.bounds.upper] : null,
            // Each end is a one-sided bound at budget.level, so together they cover at 2 level - 1.
            level: 2 * budget.level - 1,
            threshold: '> 0',
            method: `paired by seed: ${worst.stat.bounds.method}`,
          }
        : null,
      measurements: rows,
      figures,
      search: { drawn: search.drawn, accepted: search.accepted, acceptanceRate: search.drawn ? search.accepted / search.drawn : 0 },
      assumptions: assumptionRows(ctx, main.map((e) => ({ label: e.record.label, point: e.record.point }))),
      counterexample: counterexample
        ? { params: { ...counterexample.record.replayParams }, replay: '', shrinkSteps: evaluated.filter((e) => e.shrink && e.outcome === 'fail').length }
        : null,
      pValue: settled.pValue,
      readAt: claim.readAt,
    };
  },
};
