import { claimPoint, type PointEvaluation } from '../../src/spec/evaluate.js';
import { claimExprs } from '../../src/spec/load.js';
import type { ClaimOf } from '../../src/spec/schema.js';
import { decideWithin } from '../../src/stats/decide.js';
import { boundaryExponent, phaseAgreement, type PhaseCell, type PhaseRun } from '../../src/stats/phase.js';
import type { Checker, Decision } from '../checker.js';
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
 * over each constant's declared range (log-spaced when positive); among equally good values the
 * middle one for a single constant, else the one nearest the defaults.
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
  // One constant: every value with the best agreement, so the middle of that range can be taken
  // (the value nearest the default would sit at the range's edge).
  let ties: number[] = [];
  const visit = (i: number, chosen: Record<string, number>) => {
    if (i === grids.length) {
      let agree = 0;
      for (const cell of cells) {
        const b = e.number(claimPoint(ctx.loaded, ctx.claimIndex, { [claim.x.param]: cell.x, [claim.y.param]: cell.y, ...chosen }).scope);
        if (b !== 0 && (b > 0) === (cell.k * 2 > cell.n)) agree++;
      }
      const distance = grids.reduce((s, g) => s + Math.abs(g.log ? Math.log(chosen[g.name] / g.def) : chosen[g.name] - g.def), 0);
      if (agree > best.agree) ties = [];
      if (agree >= best.agree && grids.length === 1) ties.push(chosen[grids[0].name]);
      if (agree > best.agree || (agree === best.agree && distance < best.distance)) best = { values: { ...chosen }, agree, distance };
      return;
    }
    for (const v of grids[i].values) visit(i + 1, { ...chosen, [grids[i].name]: Number(v.toPrecision(4)) });
  };
  visit(0, {});
  if (grids.length === 1 && ties.length > 1) return { values: { [grids[0].name]: ties[Math.floor((ties.length - 1) / 2)] }, agree: best.agree };
  return { values: best.values, agree: best.agree };
}


/**
 * The predicted boundary's exponent d log y / d log x, as the log-log slope of the predicted
 * boundary curve across the grid (exact for a power-law boundary), and the direction in (log x,
 * log y) in which the boundary expression grows at the grid's centre (its sign decides which side
 * is predicted to succeed).
 */
function predictedShape(ctx: Ctx, constants: Record<string, number>, curve: readonly { x: number; y: number }[]): { exponent: number; direction: [number, number] } {
  const { claim } = ctx;
  const e = claimExprs(ctx.loaded, ctx.claimIndex).get('boundary')!;
  const isInt = (name: string) => ctx.loaded.spec.parameters.find((p) => p.name === name)?.type === 'int';
  const centre = (vs: readonly number[]) => Math.exp(vs.reduce((s, v) => s + Math.log(v), 0) / vs.length);
  const value = (name: string, v: number) => (isInt(name) ? Math.max(1, Math.round(v)) : v);
  const at = (x: number, y: number) => e.number(claimPoint(ctx.loaded, ctx.claimIndex, { [claim.x.param]: x, [claim.y.param]: y, ...constants }).scope);
  const h = 0.05;
  const [cx, cy] = [centre(claim.x.values), centre(claim.y.values)];
  const [x0, x1] = [value(claim.x.param, cx * Math.exp(-h)), value(claim.x.param, cx * Math.exp(h))];
  const [y0, y1] = [value(claim.y.param, cy * Math.exp(-h)), value(claim.y.param, cy * Math.exp(h))];
  const [xm, ym] = [value(claim.x.param, cx), value(claim.y.param, cy)];
  const dx = (at(x1, ym) - at(x0, ym)) / Math.log(x1 / x0);
  const dy = (at(xm, y1) - at(xm, y0)) / Math.log(y1 / y0);
  const norm = Math.hypot(dx, dy);
  const direction: [number, number] = norm > 0 ? [dx / norm, dy / norm] : [NaN, NaN];
  if (curve.length >= 3) {
    const lx = curve.map((p) => Math.log(p.x));
    const ly = curve.map((p) => Math.log(p.y));
    const mx = lx.reduce((a, b) => a + b, 0) / lx.length;
    const my = ly.reduce((a, b) => a + b, 0) / ly.length;
    const sxx = lx.reduce((a, v) => a + (v - mx) ** 2, 0);
    if (sxx > 0) return { exponent: lx.reduce((a, v, i) => a + (v - mx) * (ly[i] - my), 0) / sxx, direction };
  }
  return { exponent: -dx / dy, direction };
}

/**
 * The outcome flips across a predicted boundary. The decision rests on the boundary's shape: its
 * exponent (d log y / d log x along it) is fitted from every run (logistic model with an intercept
 * per seed, angle profiled) and must lie within `tolerance` of the predicted one (its interval
 * inside the band: two one-sided tests), with success on the predicted side. Agreement of the
 * cells' majority outcomes with the predicted side is evidence, measured on cells not used to fit
 * the boundary's constants (a checkerboard half when constants are fitted); it can refute the
 * claim (its interval below minAgreement) but never confirms it alone.
 */
export const phaseTransitionChecker: Checker<'phase-transition'> = {
  kind: 'phase-transition',
  // The profile-likelihood interval of the exponent holds at a fixed number of seeds.
  anytimeValid: false,

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
    const runs: PhaseRun[] = [];
    const rows: Record<string, number | string | boolean | null>[] = [];
    const heldOut: boolean[] = [];
    let diverged = 0;
    const xIndex = (x: number) => claim.x.values.indexOf(x);
    const yIndex = (y: number) => claim.y.values.indexOf(y);
    const cellUsed: typeof used = [];
    for (const c of used) {
      const results = await ctx.runs.run(c.runs);
      const threshold = exprs.get('success.threshold')!.number(c.point.scope);
      // A diverged run never enters a statistic.
      const kept = results.map((r, s) => ({ r, seed: ctx.seeds[s] })).filter((o) => o.r.diverged === null);
      diverged += results.length - kept.length;
      if (!kept.length) continue;
      const values = kept.map((o) => metricOf(o.r, claim.metric));
      const k = values.filter((v) => meets(v, threshold, claim.success.direction)).length;
      kept.forEach((o, i) => runs.push({ x: c.x, y: c.y, seed: o.seed, success: meets(values[i], threshold, claim.success.direction) }));
      phase.push({ x: c.x, y: c.y, k, n: kept.length });
      cellUsed.push(c);
      heldOut.push(!claim.fit?.length || (xIndex(c.x) + yIndex(c.y)) % 2 === 1);
      const finite = values.filter((v): v is number => v !== null);
      rows.push({
        [claim.x.param]: c.x,
        [claim.y.param]: c.y,
        [`mean ${claim.metric}`]: round(finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : null),
        successes: `${k}/${kept.length}`,
      });
    }
    const fitCells = phase.filter((_, i) => !heldOut[i]);
    const fitted = fitCells.length && claim.fit?.length ? fitConstants(ctx, fitCells) : null;
    const constants = fitted?.values ?? {};
    const boundaryAt = (x: number, y: number) => exprs.get('boundary')!.number(claimPoint(ctx.loaded, ctx.claimIndex, { [claim.x.param]: x, [claim.y.param]: y, ...constants }).scope);
    rows.forEach((r, i) => {
      const b = boundaryAt(cellUsed[i].x, cellUsed[i].y);
      r.boundary = round(b);
      r.predicted = b > 0 ? 'success' : b < 0 ? 'failure' : 'on the boundary';
      r.role = heldOut[i] ? 'held out' : 'fits the constant';
    });
    const testCells = phase.filter((_, i) => heldOut[i]);
    const agreement = testCells.length ? phaseAgreement(testCells, boundaryAt, { level: budget.level, unit: 'cell' }) : null;
    agreement?.cells.forEach((c) => {
      const i = phase.findIndex((u) => u.x === c.x && u.y === c.y);
      rows[i].agrees = c.agrees;
    });

    const curve = boundaryCurve(ctx, constants);
    const shape = predictedShape(ctx, constants, curve);
    const tolerance = claim.tolerance ?? Math.abs(shape.exponent) / 4;
    const band: [number, number] = [shape.exponent - tolerance, shape.exponent + tolerance];
    const xs = new Set(runs.map((r) => r.x));
    const ys = new Set(runs.map((r) => r.y));
    const outcomes = new Set(runs.map((r) => r.success));
    let fit: ReturnType<typeof boundaryExponent> | null = null;
    let noFit = '';
    if (xs.size < 2 || ys.size < 2) noFit = `the grid needs two values on each axis inside the assumptions (${xs.size} x ${ys.size})`;
    else if (outcomes.size < 2) noFit = `every run ${runs[0]?.success ? 'succeeded' : 'failed'}, so the grid does not contain the boundary`;
    else if (!Number.isFinite(shape.exponent) || !(tolerance > 0)) noFit = `the predicted boundary has no finite, non-zero exponent d log ${claim.y.param} / d log ${claim.x.param} at the grid's centre`;
    else fit = boundaryExponent(runs, { level: budget.level });

    let verdict: Decision['verdict'] = 'inconclusive';
    const parts: string[] = [];
    if (fit) {
      const [gx, gy] = fit.successDirection;
      const sameSide = gx * shape.direction[0] + gy * shape.direction[1] > 0;
      const hasEffect = fit.devianceNoEffect > fit.cutoff;
      const exponentVerdict = decideWithin(fit, band[0], band[1]);
      if (hasEffect && !sameSide) verdict = 'fail';
      else if (exponentVerdict === 'pass' && !sameSide) verdict = 'inconclusive';
      else verdict = exponentVerdict;
      parts.push(
        `Fitted boundary exponent d log ${claim.y.param} / d log ${claim.x.param} = ${fmt(fit.exponent)} (${budget.level * 100}% profile-likelihood interval [${fmt(fit.lower)}, ${fmt(fit.upper)}] from ${fit.runs} runs, logistic in log ${claim.x.param} and log ${claim.y.param} with an intercept per seed, ${fit.seeds} seeds) against the predicted ${fmt(shape.exponent)} +- ${fmt(tolerance)}: ${
          exponentVerdict === 'pass' ? 'the interval lies within the tolerance' : exponentVerdict === 'fail' ? 'the interval lies outside the tolerance' : 'the interval straddles the tolerance band'
        }.`,
      );
      if (!sameSide) parts.push(hasEffect ? 'Success lies on the side where the claim predicts failure.' : 'The fitted success side is opposite to the prediction, but the outcome does not measurably depend on the grid.');
    } else {
      parts.push(`The boundary's exponent is not measured: ${noFit}.`);
    }
    // With fitted constants only the shape is claimed and the held-out agreement can only refute; with
    // none, the boundary's position is claimed too, so a pass also needs the agreement above minAgreement.
    const positionClaimed = !claim.fit?.length;
    if (agreement && agreement.total > 0) {
      const r = agreement.rate;
      const below = r.upper < claim.minAgreement;
      const above = r.lower >= claim.minAgreement;
      if (below) verdict = 'fail';
      else if (positionClaimed && verdict === 'pass' && !above) verdict = 'inconclusive';
      parts.push(
        `${agreement.agree} of ${agreement.total} ${positionClaimed ? '' : 'held-out '}cells agree with the predicted side (${agreement.ties} ties, ${agreement.undecided} on the boundary); exact ${budget.level * 100}% interval [${fmt(r.lower)}, ${fmt(r.upper)}] against ${claim.minAgreement}${
          below ? ': below it, so the boundary is refuted' : positionClaimed ? (above ? ': the predicted position holds' : ': the predicted position is not established') : ' (evidence: it can refute, never confirm alone)'
        }.`,
      );
    } else if (positionClaimed && verdict === 'pass') {
      verdict = 'inconclusive';
      parts.push('No cell is off the predicted boundary, so its position is not tested.');
    }
    if (fitted) {
      parts.push(
        `Boundary constant${claim.fit!.length > 1 ? 's' : ''} (from the other half of the cells) fitted within the declared range: ${Object.entries(fitted.values).map(([k, v]) => `${k} = ${fmt(v)} (default ${fmt(ctx.loaded.spec.constants.find((c) => c.name === k)!.default)})`).join(', ')}.`,
      );
    }
    if (diverged) parts.push(`${diverged} diverged run${diverged > 1 ? 's' : ''} left out.`);
    if (used.length < grid.length) parts.push(`${grid.length - used.length} of ${grid.length} cells lie outside the claim's assumptions.`);
    const held = agreement?.cells ?? [];
    const allCells = phase.length ? phaseAgreement(phase, boundaryAt, { level: budget.level, unit: 'cell' }).cells : [];
    const finiteIv = fit && Number.isFinite(fit.lower) && Number.isFinite(fit.upper) ? ([fit.lower, fit.upper] as [number, number]) : null;
    return {
      verdict,
      reason: parts.join(' '),
      statistic: fit
        ? {
            name: `boundary exponent d log ${claim.y.param} / d log ${claim.x.param}`,
            value: round(fit.exponent),
            interval: finiteIv,
            level: budget.level,
            threshold: `in [${fmt(band[0])}, ${fmt(band[1])}]`,
            method: `profile likelihood (chi-square 1) of a per-run logistic boundary with seed intercepts, ${fit.runs} runs`,
          }
        : null,
      measurements: rows,
      fits: [
        ...(fitted ? Object.entries(fitted.values).map(([k, v]) => ({ name: `fitted constant ${k}`, slope: v, interval: null, predicted: null, tolerance: null })) : []),
        ...(fit ? [{ name: `boundary exponent: ${claim.y.param} ~ ${claim.x.param}^e`, slope: fit.exponent, interval: finiteIv, predicted: shape.exponent, tolerance }] : []),
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
            { name: 'success (majority of seeds)', points: allCells.filter((c) => c.observed > 0.5).map((c) => ({ x: c.x, y: c.y, label: `${Math.round(c.observed * 100)}%` })) },
            { name: 'failure', points: allCells.filter((c) => c.observed <= 0.5).map((c) => ({ x: c.x, y: c.y, label: `${Math.round(c.observed * 100)}%` })) },
            ...(claim.fit?.length ? [{ name: 'held out (agreement measured here)', points: held.map((c) => ({ x: c.x, y: c.y, label: c.agrees === null ? 'on the boundary' : c.agrees ? 'agrees' : 'disagrees' })) }] : []),
          ],
          boundary: curve,
          // The fitted boundary (average seed's 50% line), straight in the figure's log-log axes.
          ...(fit && fit.log10Intercept !== null && Number.isFinite(fit.exponent) ? { lines: [{ name: 'fitted boundary', style: 'fit' as const, slope: fit.exponent, intercept: fit.log10Intercept }] } : {}),
        },
      ],
      assumptions: assumptionRows(ctx, grid.slice(0, 4).map((c) => ({ label: `${claim.x.param}=${fmt(c.x)}, ${claim.y.param}=${fmt(c.y)}`, point: c.point }))),
    };
  },
};
