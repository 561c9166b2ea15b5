import type { RunResult } from '../../src/engine/result.js';
import { claimPoint, type Overrides } from '../../src/spec/evaluate.js';
import type { ClaimOf } from '../../src/spec/schema.js';
import { decide } from '../../src/stats/decide.js';
import { meanInterval } from '../../src/stats/student.js';
import type { Checker } from '../checker.js';
import { fmt, higherIsBetter, metricOf, pointLabel, seedRuns, type CheckContext } from '../context.js';
import type { PointOutcome } from '../region.js';
import { assumptionRows, combine, evaluateRegion, regionPoints, round } from '../points.js';
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

/** The advantage of `better` over `worse` on one seed, net of the margin: positive when the claim holds there. */
function advantage(metric: string, better: RunResult, worse: RunResult, margin: number): number | null {
  const b = metricOf(better, metric);
  const w = metricOf(worse, metric);
  if (b === null || w === null) return null;
  return (higherIsBetter(metric) ? b - w : w - b) - margin;
}

/**
 * Regime A beats regime B by a margin, paired by seed (same data, same initialisation where the
 * parameters coincide): the mean paired advantage minus the margin must be positive.
 */
export const comparisonChecker: Checker<'comparison'> = {
  kind: 'comparison',

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
    const search = await evaluateRegion(
      ctx,
      claim.region,
      async (overrides) => {
        const s = sides(ctx, overrides);
        const [betterResults, worseResults] = await Promise.all([ctx.runs.run(s.betterRuns), ctx.runs.run(s.worseRuns)]);
        const diffs = betterResults.map((b, i) => advantage(claim.metric, b, worseResults[i], claim.margin));
        const finite = diffs.filter((d): d is number => d !== null);
        const interval = meanInterval(finite, budget.level);
        const diverged = diffs.length - finite.length;
        const outcome: PointOutcome = diverged > 0 || finite.length === 0 ? 'inconclusive' : decide(interval, 0, 'at-least');
        return {
          outcome,
          record: {
            label: pointLabel(ctx, s.better, axes.length ? axes : undefined),
            point: s.better,
            better: betterResults.map((r) => metricOf(r, claim.metric)),
            worse: worseResults.map((r) => metricOf(r, claim.metric)),
            interval,
            diverged,
            replayParams: s.betterRuns[0],
            curves: { better: betterResults[0], worse: worseResults[0] },
          },
        };
      },
      'better',
    );
    const main = search.evaluated.filter((e) => !e.shrink);
    const verdict = combine(main.map((e) => e.outcome), search.counterexample !== null);
    const worst = search.counterexample?.record ?? [...main].map((e) => e.record).sort((a, b) => a.interval.lower - b.interval.lower)[0];
    const mean = (xs: (number | null)[]) => {
      const f = xs.filter((x): x is number => x !== null);
      return f.length ? f.reduce((a, b) => a + b, 0) / f.length : null;
    };
    const rows = search.evaluated.map(({ record, outcome, shrink }) => ({
      point: record.label,
      [`${claim.better.regime} (better)`]: round(mean(record.better)),
      [`${claim.worse.regime} (worse)`]: round(mean(record.worse)),
      advantageMinusMargin: round(record.interval.mean),
      lower: round(record.interval.lower),
      upper: round(record.interval.upper),
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
          ? `At all ${main.length} points ${claim.better.regime}'s ${claim.metric} is ${what} than ${claim.worse.regime}'s by more than ${claim.margin} (paired by seed, ${budget.level * 100}% interval above 0).`
          : verdict === 'fail'
            ? `At ${worst.label} the advantage minus the margin has interval [${fmt(worst.interval.lower)}, ${fmt(worst.interval.upper)}], entirely below 0.`
            : `${main.filter((e) => e.outcome !== 'pass').length} of ${main.length} points are undecided: the interval of the advantage straddles the margin${main.some((e) => e.record.diverged) ? ' or runs diverged' : ''}.`;
    const rep = main[0]?.record;
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
            value: round(worst.interval.mean),
            interval: Number.isFinite(worst.interval.lower) ? [worst.interval.lower, worst.interval.upper] : null,
            level: budget.level,
            threshold: '> 0',
            method: `paired Student t over ${worst.better.length} seeds`,
          }
        : null,
      measurements: rows,
      figures,
      search: { drawn: search.drawn, accepted: search.accepted, acceptanceRate: search.drawn ? search.accepted / search.drawn : 0 },
      assumptions: assumptionRows(ctx, main.map((e) => ({ label: e.record.label, point: e.record.point }))),
      counterexample: search.counterexample
        ? { params: { ...search.counterexample.record.replayParams }, replay: '', shrinkSteps: search.counterexample.shrinkSteps }
        : null,
    };
  },
};
