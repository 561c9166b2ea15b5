import { claimPoint } from '../../src/spec/evaluate.js';
import type { ClaimOf } from '../../src/spec/schema.js';
import padjust from '@stdlib/stats-padjust';
import type { RunResult } from '../../src/engine/result.js';
import type { Checker } from '../checker.js';
import { fmt, seedRuns, type CheckContext } from '../context.js';
import { alphaOf, applies, assumptionRows, differenceSupport, divergedCount, metricSupport, metricValues, pointStat, round, pointRuleAnytimeValid } from '../points.js';
import { metricTex, nameTex } from '../tex.js';

type Ctx = CheckContext<ClaimOf<'monotone'>>;

function layout(ctx: Ctx) {
  const { claim } = ctx;
  return claim.values.map((v) => {
    const point = claimPoint(ctx.loaded, ctx.claimIndex, { [claim.param]: v });
    return { value: v, point, applies: applies(ctx, point), runs: seedRuns(ctx, point, { regime: claim.regime }) };
  });
}

/**
 * A metric is monotone in a parameter, shown by positive evidence for every step: paired by seed,
 * each step between consecutive values must move in the claimed direction by more than
 * -tolerance (its one-sided p-value against "the step goes back by more than the tolerance" at
 * alpha), and the first-to-last change must be positive; all of them together (an
 * intersection-union test, no correction needed). The claim fails when a step goes back by more
 * than the tolerance, or the whole change is against the claim, significantly after Holm over
 * those tests. Bounded metrics use the betting confidence sequence on paired differences.
 */
export const monotoneChecker: Checker<'monotone'> = {
  kind: 'monotone',
  // Betting confidence sequence on bounded metrics; the arm-wise skew-robust t (fixed seeds) on differences of losses; Student t on metrics with no range.
  anytimeValid: (claim) => pointRuleAnytimeValid(claim.metric),

  plan(ctx) {
    return layout(ctx).filter((p) => p.applies).flatMap((p) => p.runs);
  },

  statementTex(ctx) {
    return `${metricTex(ctx.claim.metric)} \\text{ ${ctx.claim.direction} in } ${nameTex(ctx.loaded, ctx.claim.param)}`;
  },

  async decide(ctx) {
    const { claim, budget } = ctx;
    const pts = layout(ctx).filter((p) => p.applies);
    const sgn = claim.direction === 'increasing' ? 1 : -1;
    const alpha = alphaOf(budget.level);
    const support = differenceSupport(claim.metric);
    const results: RunResult[][] = [];
    for (const p of pts) results.push(await ctx.runs.run(p.runs));
    const values = results.map((rs) => metricValues(rs, claim.metric));
    const diverged = results.map(divergedCount);
    const runCount = results.reduce((a, rs) => a + rs.length, 0);
    if (runCount > 0 && diverged.reduce((a, b) => a + b, 0) === runCount) throw new Error(`every one of the ${runCount} runs diverged, so no statistic can be formed`);
    const steps = pts.length - 1;
    const missingAt = (a: number, b: number) => diverged[a] + diverged[b];
    /** The arms of the change from value a to value b in the claimed direction: plus - minus. */
    const armsOf = (a: number, b: number) => ({ arms: (sgn === 1 ? [values[b], values[a]] : [values[a], values[b]]) as [(number | null)[], (number | null)[]], support: metricSupport(claim.metric) });
    /** Paired changes from value a to value b in the claimed direction; null when a seed is missing at either. */
    const diff = (a: number, b: number) => {
      const [plus, minus] = armsOf(a, b).arms;
      return plus.map((p, s) => (p === null || minus[s] === null ? null : p - minus[s]!));
    };
    const stepStats = Array.from({ length: Math.max(0, steps) }, (_, i) => pointStat(diff(i, i + 1), missingAt(i, i + 1), -claim.tolerance, 'at-least', support, budget.level, 1, armsOf(i, i + 1)));
    const total = steps >= 1 ? pointStat(diff(0, steps), missingAt(0, steps), 0, 'at-least', support, budget.level, 1, armsOf(0, steps)) : null;
    const tests = total ? [...stepStats, total] : [];
    const adjustedFail = tests.length ? (padjust(tests.map((t) => t.pFail), 'holm') as number[]) : [];
    const against = adjustedFail.map((p) => p <= alpha);
    const allPass = tests.length > 0 && tests.every((t) => t.pPass <= alpha);
    const anyDiverged = diverged.some((d) => d > 0);
    const verdict = steps < 1 ? 'inconclusive' : against.some(Boolean) ? 'fail' : allPass ? 'pass' : 'inconclusive';
    const pValue = tests.length ? Math.max(...tests.map((t) => t.pPass)) : null;
    const rows = pts.map((p, i) => {
      const finite = values[i].filter((v): v is number => v !== null);
      const row: Record<string, number | string | boolean | null> = {
        [claim.param]: p.value,
        [`mean ${claim.metric}`]: round(finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : null),
        perSeed: values[i].map((v) => (v === null ? 'diverged' : fmt(v))).join(' '),
        diverged: diverged[i],
      };
      if (i > 0) {
        const st = stepStats[i - 1];
        row.stepChange = round(st.bounds.mean);
        row.stepLower = round(st.bounds.lower);
        row.stepUpper = round(st.bounds.upper);
        row.pStep = round(st.pPass, 3);
        row.pAgainstHolm = round(adjustedFail[i - 1], 3);
        row.stepOutcome = against[i - 1] ? 'against' : st.pPass <= alpha ? 'shown' : 'undecided';
      }
      return row;
    });
    const dir = claim.direction === 'increasing' ? 'rises' : 'falls';
    const tol = claim.tolerance ? ` by more than the tolerance ${fmt(claim.tolerance)}` : '';
    const undecided = stepStats.filter((st) => st.pPass > alpha).length;
    const reason =
      steps < 1
        ? `Fewer than two values of ${claim.param} satisfy the claim's assumptions.`
        : verdict === 'fail'
          ? against.slice(0, steps).some(Boolean)
            ? `${claim.metric} significantly moves against the claimed direction${tol} between ${rows.filter((r) => r.stepOutcome === 'against').map((r) => `${claim.param} = ${r[claim.param]}`).join(', ')} and the value before (Holm over ${tests.length} tests).`
            : `From ${claim.param} = ${pts[0].value} to ${pts[steps].value} ${claim.metric} significantly moves against the claimed direction (Holm over ${tests.length} tests).`
          : verdict === 'pass'
            ? `Every one of the ${steps} steps is shown to go the claimed way (one-sided ${budget.level * 100}% bound >= ${fmt(-claim.tolerance)}), and from ${claim.param} = ${pts[0].value} to ${pts[steps].value} the metric ${dir} by ${fmt(total!.bounds.mean)} (largest p = ${fmt(pValue)} <= ${fmt(alpha)}).`
            : `Not shown: ${undecided} of ${steps} steps${total!.pPass > alpha ? ' and the first-to-last change' : ''} lack evidence of going the claimed way (each needs its one-sided ${budget.level * 100}% bound >= ${fmt(-claim.tolerance)})${anyDiverged ? `; runs diverged at ${diverged.filter((d) => d > 0).length} values (left out of every statistic)` : ''}.`;
    return {
      verdict,
      reason,
      statistic: total
        ? {
            name: `${claim.metric} change from first to last ${claim.param} (in the claimed direction)`,
            value: round(total.bounds.mean),
            interval: Number.isFinite(total.bounds.lower) && Number.isFinite(total.bounds.upper) ? [total.bounds.lower, total.bounds.upper] : null,
            level: 2 * budget.level - 1,
            threshold: `> 0, every step >= ${fmt(-claim.tolerance)}`,
            method: `paired by seed: ${total.bounds.method}`,
          }
        : null,
      measurements: rows,
      figures: [
        {
          id: `${claim.id}-curve`,
          title: `${claim.metric} against ${claim.param} (${claim.regime})`,
          kind: 'line',
          xLabel: claim.param,
          yLabel: claim.metric,
          xScale: 'log',
          yScale: 'linear',
          series: [
            {
              name: 'mean over seeds (range of seeds)',
              points: pts.map((p, i) => {
                const f = values[i].filter((v): v is number => v !== null);
                return { x: p.value, y: f.length ? f.reduce((a, b) => a + b, 0) / f.length : null, ...(f.length ? { lo: Math.min(...f), hi: Math.max(...f) } : {}) };
              }),
            },
          ],
        },
      ],
      assumptions: assumptionRows(ctx, pts.map((p) => ({ label: `${claim.param}=${fmt(p.value)}`, point: p.point }))),
      pValue,
    };
  },
};
