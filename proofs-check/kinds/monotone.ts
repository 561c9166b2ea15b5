import { claimPoint } from '../../src/spec/evaluate.js';
import type { ClaimOf } from '../../src/spec/schema.js';
import { decide } from '../../src/stats/decide.js';
import { meanInterval } from '../../src/stats/student.js';
import type { Checker } from '../checker.js';
import { fmt, metricOf, seedRuns, type CheckContext } from '../context.js';
import { applies, assumptionRows, round } from '../points.js';
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
 * A metric is monotone in a parameter. Paired by seed, each step between consecutive values is
 * tested for a violation (Bonferroni over the steps); the claim passes when no step violates it
 * significantly and the first-to-last change is significantly in the claimed direction. Plateaus
 * between neighbours are allowed (monotone, not strictly monotone).
 */
export const monotoneChecker: Checker<'monotone'> = {
  kind: 'monotone',

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
    const values: (number | null)[][] = [];
    for (const p of pts) values.push((await ctx.runs.run(p.runs)).map((r) => metricOf(r, claim.metric)));
    const steps = pts.length - 1;
    const stepLevel = 1 - (1 - budget.level) / Math.max(1, steps);
    const diff = (a: number, b: number) => {
      const ds: number[] = [];
      ctx.seeds.forEach((_, s) => {
        const x = values[a][s];
        const y = values[b][s];
        if (x !== null && y !== null) ds.push(sgn * (y - x));
      });
      return ds;
    };
    const rows = pts.map((p, i) => {
      const finite = values[i].filter((v): v is number => v !== null);
      const row: Record<string, number | string | boolean | null> = {
        [claim.param]: p.value,
        [`mean ${claim.metric}`]: round(finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : null),
        perSeed: values[i].map((v) => (v === null ? 'diverged' : fmt(v))).join(' '),
      };
      if (i > 0) {
        const iv = meanInterval(diff(i - 1, i), stepLevel);
        row.stepChange = round(iv.mean);
        row.stepLower = round(iv.lower);
        row.stepUpper = round(iv.upper);
        row.stepViolation = iv.upper < 0;
      }
      return row;
    });
    const violations = rows.filter((r) => r.stepViolation === true);
    const total = steps >= 1 ? meanInterval(diff(0, steps), budget.level) : null;
    const totalVerdict = total ? decide(total, 0, 'at-least') : 'inconclusive';
    const verdict = steps < 1 ? 'inconclusive' : violations.length ? 'fail' : totalVerdict === 'pass' && Number.isFinite(total!.lower) && total!.lower > 0 ? 'pass' : totalVerdict === 'fail' ? 'fail' : 'inconclusive';
    const dir = claim.direction === 'increasing' ? 'rises' : 'falls';
    const reason =
      steps < 1
        ? `Fewer than two values of ${claim.param} satisfy the claim's assumptions.`
        : violations.length
          ? `${claim.metric} significantly moves against the claimed direction between ${violations.map((r) => `${claim.param} = ${r[claim.param]}`).join(', ')} and the value before (Bonferroni over ${steps} steps).`
          : `No step violates the claim significantly; from ${claim.param} = ${pts[0].value} to ${pts[steps].value} the metric ${dir} by ${fmt(total!.mean)} (${budget.level * 100}% interval [${fmt(total!.lower)}, ${fmt(total!.upper)}])${verdict === 'pass' ? '' : verdict === 'fail' ? ', against the claim' : ', not significantly'}.`;
    return {
      verdict,
      reason,
      statistic: total
        ? { name: `${claim.metric} change from first to last ${claim.param} (in the claimed direction)`, value: round(total.mean), interval: Number.isFinite(total.lower) ? [total.lower, total.upper] : null, level: budget.level, threshold: '> 0, no significant step against', method: `paired Student t over ${ctx.seeds.length} seeds` }
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
    };
  },
};
