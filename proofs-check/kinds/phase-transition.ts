import { claimPoint, type PointEvaluation } from '../../src/spec/evaluate.js';
import { claimExprs } from '../../src/spec/load.js';
import type { ClaimOf } from '../../src/spec/schema.js';
import { decide } from '../../src/stats/decide.js';
import { fitLogisticBoundary, phaseAgreement, type PhaseCell } from '../../src/stats/phase.js';
import type { Checker } from '../checker.js';
import { fmt, meets, metricOf, seedRuns, type CheckContext } from '../context.js';
import { applies, assumptionRows, round } from '../points.js';

type Ctx = CheckContext<ClaimOf<'phase-transition'>>;

function cells(ctx: Ctx) {
  const { claim } = ctx;
  const out: { x: number; y: number; point: PointEvaluation; applies: boolean; runs: ReturnType<typeof seedRuns> }[] = [];
  for (const y of claim.y.values) {
    for (const x of claim.x.values) {
      const point = claimPoint(ctx.loaded, ctx.claimIndex, { [claim.x.param]: x, [claim.y.param]: y });
      out.push({ x, y, point, applies: applies(ctx, point), runs: seedRuns(ctx, point, { regime: claim.regime }) });
    }
  }
  return out;
}

/** The predicted boundary as a curve: for each x on a fine log grid, the y where the boundary expression is 0 (bisection in log y). */
function boundaryCurve(ctx: Ctx, constants: Record<string, number>): { x: number; y: number }[] {
  const { claim } = ctx;
  const e = claimExprs(ctx.loaded, ctx.claimIndex).get('boundary')!;
  const at = (x: number, y: number) => e.number(claimPoint(ctx.loaded, ctx.claimIndex, { [claim.x.param]: x, [claim.y.param]: y, ...constants }).scope);
  const xs = claim.x.values;
  const ys = claim.y.values;
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const curve: { x: number; y: number }[] = [];
  const isInt = (name: string) => ctx.loaded.spec.parameters.find((p) => p.name === name)?.type === 'int';
  for (let i = 0; i <= 24; i++) {
    let x = x0 * Math.pow(x1 / x0, i / 24);
    if (isInt(claim.x.param)) x = Math.round(x);
    let lo = Math.log(y0);
    let hi = Math.log(y1);
    let flo: number;
    let fhi: number;
    try {
      flo = at(x, Math.exp(lo));
      fhi = at(x, Math.exp(hi));
    } catch {
      continue; // a value outside a parameter's range
    }
    if (!(Math.sign(flo) * Math.sign(fhi) < 0) || isInt(claim.y.param)) continue;
    for (let it = 0; it < 50; it++) {
      const mid = (lo + hi) / 2;
      const f = at(x, Math.exp(mid));
      if (Math.sign(f) === Math.sign(flo)) lo = mid;
      else hi = mid;
    }
    curve.push({ x, y: Math.exp((lo + hi) / 2) });
  }
  return curve;
}

/**
 * The constants named in `fit` that make the boundary agree best with the observed cells: a grid
 * over each constant's declared range (log-spaced when positive), ties broken towards the default.
 */
function fitConstants(ctx: Ctx, cells: readonly PhaseCell[]): { values: Record<string, number>; agree: number } {
  const { claim } = ctx;
  const e = claimExprs(ctx.loaded, ctx.claimIndex).get('boundary')!;
  const grids = claim.fit!.map((name) => {
    const c = ctx.loaded.spec.constants.find((k) => k.name === name)!;
    // The schema requires a range for every fitted constant.
    const [lo, hi] = c.range!;
    const n = claim.fit!.length === 1 ? 241 : 61;
    const values = Array.from({ length: n }, (_, i) => (lo > 0 ? lo * Math.pow(hi / lo, i / (n - 1)) : lo + ((hi - lo) * i) / (n - 1)));
    return { name, values, def: c.default, log: lo > 0 };
  });
  let best = { values: {} as Record<string, number>, agree: -1, distance: Infinity };
  const visit = (i: number, chosen: Record<string, number>) => {
    if (i === grids.length) {
      let agree = 0;
      for (const cell of cells) {
        const b = e.number(claimPoint(ctx.loaded, ctx.claimIndex, { [claim.x.param]: cell.x, [claim.y.param]: cell.y, ...chosen }).scope);
        if (b !== 0 && (b > 0) === (cell.k * 2 > cell.n)) agree++;
      }
      const distance = grids.reduce((s, g) => s + Math.abs(g.log ? Math.log(chosen[g.name] / g.def) : chosen[g.name] - g.def), 0);
      if (agree > best.agree || (agree === best.agree && distance < best.distance)) best = { values: { ...chosen }, agree, distance };
      return;
    }
    for (const v of grids[i].values) visit(i + 1, { ...chosen, [grids[i].name]: Number(v.toPrecision(4)) });
  };
  visit(0, {});
  return { values: best.values, agree: best.agree };
}

/**
 * The outcome flips across a predicted boundary: on a grid, each cell's majority outcome over
 * seeds is compared with the sign of the boundary expression; the exact binomial interval of the
 * agreement rate over decided cells must clear minAgreement.
 */
export const phaseTransitionChecker: Checker<'phase-transition'> = {
  kind: 'phase-transition',

  plan(ctx) {
    return cells(ctx).filter((c) => c.applies).flatMap((c) => c.runs);
  },

  statementTex(ctx) {
    const b = claimExprs(ctx.loaded, ctx.claimIndex).get('boundary')!.tex;
    return `\\text{success} \\iff ${b} > 0`;
  },

  async decide(ctx) {
    const { claim, budget } = ctx;
    const exprs = claimExprs(ctx.loaded, ctx.claimIndex);
    const grid = cells(ctx);
    const used = grid.filter((c) => c.applies);
    const phase: PhaseCell[] = [];
    const rows: Record<string, number | string | boolean | null>[] = [];
    const predictions = new Map<string, number>();
    let diverged = 0;
    for (const c of used) {
      const results = await ctx.runs.run(c.runs);
      const threshold = exprs.get('success.threshold')!.number(c.point.scope);
      const values = results.map((r) => metricOf(r, claim.metric));
      diverged += values.filter((v) => v === null).length;
      const k = values.filter((v) => meets(v, threshold, claim.success.direction)).length;
      const boundary = exprs.get('boundary')!.number(c.point.scope);
      predictions.set(`${c.x}|${c.y}`, boundary);
      phase.push({ x: c.x, y: c.y, k, n: values.length });
      const finite = values.filter((v): v is number => v !== null);
      rows.push({
        [claim.x.param]: c.x,
        [claim.y.param]: c.y,
        [`mean ${claim.metric}`]: round(finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : null),
        successes: `${k}/${values.length}`,
        boundary: round(boundary),
        predicted: boundary > 0 ? 'success' : boundary < 0 ? 'failure' : 'on the boundary',
      });
    }
    const fitted = used.length && claim.fit?.length ? fitConstants(ctx, phase) : null;
    if (fitted) {
      for (const c of used) {
        const b = exprs.get('boundary')!.number(claimPoint(ctx.loaded, ctx.claimIndex, { [claim.x.param]: c.x, [claim.y.param]: c.y, ...fitted.values }).scope);
        predictions.set(`${c.x}|${c.y}`, b);
      }
      rows.forEach((r, i) => {
        r.boundary = round(predictions.get(`${used[i].x}|${used[i].y}`)!);
        r.predicted = predictions.get(`${used[i].x}|${used[i].y}`)! > 0 ? 'success' : 'failure';
      });
    }
    const agreement = used.length
      ? phaseAgreement(phase, (x, y) => predictions.get(`${x}|${y}`) ?? 0, { level: budget.level, unit: 'cell' })
      : null;
    let fit = null;
    try {
      fit = phase.length >= 3 ? fitLogisticBoundary(phase) : null;
    } catch {
      fit = null;
    }
    const rate = agreement?.rate;
    const verdict = !agreement || agreement.total === 0 ? 'inconclusive' : decide(rate!, claim.minAgreement, 'at-least');
    agreement?.cells.forEach((c, i) => {
      rows[i].agrees = c.agrees;
    });
    const fitNote = fitted
      ? ` Boundary constant${claim.fit!.length > 1 ? 's' : ''} fitted within the declared range: ${Object.entries(fitted.values).map(([k, v]) => `${k} = ${fmt(v)} (default ${fmt(ctx.loaded.spec.constants.find((c) => c.name === k)!.default)})`).join(', ')}; the agreement is measured at the fitted value, so it is slightly optimistic.`
      : '';
    const reason0 = !agreement || agreement.total === 0
      ? `No grid cell is both inside the claim's assumptions and off the predicted boundary (${grid.length} cells, ${used.length} inside).`
      : `${agreement.agree} of ${agreement.total} decided cells agree with the predicted side (${agreement.ties} ties, ${agreement.undecided} on the boundary${diverged ? `, ${diverged} diverged runs counted as failures` : ''}); exact ${budget.level * 100}% interval of the agreement rate [${fmt(rate!.lower)}, ${fmt(rate!.upper)}] against the required ${claim.minAgreement}.`;
    const reason = reason0 + fitNote;
    const benign = agreement?.cells ?? [];
    return {
      verdict,
      reason,
      statistic: rate
        ? { name: 'agreement with the predicted boundary', value: round(agreement!.agree / Math.max(1, agreement!.total)), interval: [rate.lower, rate.upper], level: budget.level, threshold: `>= ${claim.minAgreement}`, method: `Clopper-Pearson over ${agreement!.total} cells (majority of ${ctx.seeds.length} seeds each)` }
        : null,
      measurements: rows,
      fits: [
        ...(fitted ? Object.entries(fitted.values).map(([k, v]) => ({ name: `fitted constant ${k}`, slope: v, interval: null, predicted: null, tolerance: null })) : []),
        ...(fit && fit.exponent !== null
        ? [{ name: `fitted boundary: ${claim.y.param} = ${fmt(fit.prefactor)} * ${claim.x.param}^${fmt(fit.exponent)}`, slope: fit.exponent, interval: null, predicted: null, tolerance: null }]
        : []),
      ],
      figures: [
        {
          id: `${claim.id}-phase`,
          title: `Phase diagram: ${claim.regime}, ${claim.metric} ${claim.success.direction === 'at-most' ? '<=' : '>='} threshold`,
          kind: 'phase',
          xLabel: claim.x.param,
          yLabel: claim.y.param,
          xScale: 'log',
          yScale: 'log',
          series: [
            { name: 'success (majority of seeds)', points: benign.filter((c) => c.observed > 0.5).map((c) => ({ x: c.x, y: c.y, label: `${Math.round(c.observed * 100)}%` })) },
            { name: 'failure', points: benign.filter((c) => c.observed <= 0.5).map((c) => ({ x: c.x, y: c.y, label: `${Math.round(c.observed * 100)}%` })) },
          ],
          boundary: boundaryCurve(ctx, fitted?.values ?? {}),
        },
      ],
      assumptions: assumptionRows(ctx, grid.slice(0, 4).map((c) => ({ label: `${claim.x.param}=${fmt(c.x)}, ${claim.y.param}=${fmt(c.y)}`, point: c.point }))),
    };
  },
};
