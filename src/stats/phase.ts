import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { binomialInterval, type BinomialMethod, type ProportionInterval } from './binomial.js';
import { findThreshold, type ThresholdResult } from './threshold.js';

/** Outcomes at one cell of a 2-D grid: k of n runs were "positive" (e.g. the regime generalised). */
export interface PhaseCell {
  x: number;
  y: number;
  k: number;
  n: number;
}

export interface LogisticBoundary {
  /** P(positive) = sigmoid(b0 + bx log x + by log y). */
  b0: number;
  bx: number;
  by: number;
  /** The boundary P = 1/2 as a power law y = prefactor * x^exponent (null when by is 0). */
  exponent: number | null;
  prefactor: number | null;
  /** Newton iterations run and whether they converged. */
  iterations: number;
  converged: boolean;
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

function solve3(a: number[][], g: number[]): number[] {
  // Gaussian elimination with partial pivoting on a 3x3 system.
  const m = a.map((row, i) => [...row, g[i]]);
  for (let c = 0; c < 3; c++) {
    let p = c;
    for (let r = c + 1; r < 3; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    [m[c], m[p]] = [m[p], m[c]];
    for (let r = c + 1; r < 3; r++) {
      const f = m[r][c] / m[c][c];
      for (let j = c; j < 4; j++) m[r][j] -= f * m[c][j];
    }
  }
  const x = [0, 0, 0];
  for (let r = 2; r >= 0; r--) {
    let s = m[r][3];
    for (let j = r + 1; j < 3; j++) s -= m[r][j] * x[j];
    x[r] = s / m[r][r];
  }
  return x;
}

/**
 * Binomial logistic regression of the cell outcomes on (log x, log y), by Newton's method with a
 * small ridge penalty `ridge` on the two slopes: a perfectly separated grid (the usual case for a
 * sharp phase transition) has no finite maximum-likelihood fit, and the ridge keeps the boundary
 * direction well-defined while the coefficients stay finite. Coordinates are centred first.
 */
export function fitLogisticBoundary(cells: readonly PhaseCell[], opts: { ridge?: number; maxIterations?: number } = {}): LogisticBoundary {
  const ridge = opts.ridge ?? 1e-3;
  const maxIterations = opts.maxIterations ?? 100;
  const rows = cells.map((c) => {
    if (!(c.x > 0 && c.y > 0)) throw new RangeError(`phase fit: cell coordinates must be > 0, got (${c.x}, ${c.y})`);
    if (!Number.isInteger(c.n) || c.n < 1 || !Number.isInteger(c.k) || c.k < 0 || c.k > c.n) {
      throw new RangeError(`phase fit: cell (${c.x}, ${c.y}) needs integers 0 <= k <= n, n >= 1, got k=${c.k}, n=${c.n}`);
    }
    return { lx: Math.log(c.x), ly: Math.log(c.y), k: c.k, n: c.n };
  });
  if (rows.length === 0) throw new RangeError('phase fit: no cells');
  const total = rows.reduce((s, r) => s + r.n, 0);
  const mx = rows.reduce((s, r) => s + r.n * r.lx, 0) / total;
  const my = rows.reduce((s, r) => s + r.n * r.ly, 0) / total;
  let beta = [0, 0, 0];
  let iterations = 0;
  let converged = false;
  for (; iterations < maxIterations && !converged; iterations++) {
    const g = [0, -ridge * total * beta[1], -ridge * total * beta[2]];
    const h = [
      [0, 0, 0],
      [0, ridge * total, 0],
      [0, 0, ridge * total],
    ];
    for (const r of rows) {
      const f = [1, r.lx - mx, r.ly - my];
      const p = sigmoid(beta[0] + beta[1] * f[1] + beta[2] * f[2]);
      const w = r.n * p * (1 - p);
      for (let i = 0; i < 3; i++) {
        g[i] += (r.k - r.n * p) * f[i];
        for (let j = 0; j < 3; j++) h[i][j] += w * f[i] * f[j];
      }
    }
    // Tiny jitter keeps H invertible when every cell has p at 0 or 1 in floating point.
    for (let i = 0; i < 3; i++) h[i][i] += 1e-12 * total;
    const step = solve3(h, g);
    beta = beta.map((b, i) => b + step[i]);
    converged = Math.max(...step.map(Math.abs)) < 1e-10;
  }
  const b0 = beta[0] - beta[1] * mx - beta[2] * my;
  const [, bx, by] = beta;
  const ok = Math.abs(by) > 1e-12;
  return {
    b0,
    bx,
    by,
    exponent: ok ? -bx / by : null,
    prefactor: ok ? Math.exp(-b0 / by) : null,
    iterations,
    converged,
  };
}

/**
 * Per-row thresholds: for each distinct x, the smallest y where the positive rate reaches
 * `target` (monotone in y), with its censoring. A boundary y*(x) that can be fed to fitLogLog
 * (censored rows as lower bounds).
 */
export function rowThresholds(
  cells: readonly PhaseCell[],
  opts: { target: number; level?: number; method?: BinomialMethod },
): { x: number; threshold: ThresholdResult }[] {
  const byX = new Map<number, PhaseCell[]>();
  for (const c of cells) byX.set(c.x, [...(byX.get(c.x) ?? []), c]);
  return [...byX.entries()]
    .sort(([a], [b]) => a - b)
    .map(([x, row]) => ({ x, threshold: findThreshold(row.map((c) => ({ value: c.y, k: c.k, n: c.n })), opts) }));
}

export interface Agreement {
  /** Binomial interval of the agreement rate, over cells or runs (see `unit`). */
  rate: ProportionInterval;
  unit: 'cell' | 'run';
  agree: number;
  total: number;
  /** Cells the prediction left undecided (sign 0), excluded from the count. */
  undecided: number;
  /** Cells whose observed rate was exactly 1/2 (unit `cell` only); counted as disagreeing. */
  ties: number;
  cells: { x: number; y: number; observed: number; predicted: -1 | 0 | 1; agrees: boolean | null }[];
}

/**
 * Agreement of observed outcomes with a predicted sign function (+1: positive expected, -1:
 * negative, 0: too close to call, excluded). `cell` compares each cell's majority outcome (a tie
 * counts against agreement); `run` counts every run, weighting cells by their runs.
 */
export function phaseAgreement(
  cells: readonly PhaseCell[],
  predict: (x: number, y: number) => number,
  opts: { level?: number; method?: BinomialMethod; unit?: 'cell' | 'run' } = {},
): Agreement {
  const unit = opts.unit ?? 'cell';
  let agree = 0;
  let total = 0;
  let undecided = 0;
  let ties = 0;
  const out: Agreement['cells'] = [];
  for (const c of cells) {
    if (!Number.isInteger(c.n) || c.n < 1 || !Number.isInteger(c.k) || c.k < 0 || c.k > c.n) {
      throw new RangeError(`phase agreement: cell (${c.x}, ${c.y}) needs integers 0 <= k <= n, n >= 1, got k=${c.k}, n=${c.n}`);
    }
    const s = Math.sign(predict(c.x, c.y));
    const predicted = (Number.isNaN(s) ? 0 : s) as -1 | 0 | 1;
    const observed = c.k / c.n;
    if (predicted === 0) {
      undecided++;
      out.push({ x: c.x, y: c.y, observed, predicted, agrees: null });
      continue;
    }
    if (unit === 'run') {
      const hits = predicted > 0 ? c.k : c.n - c.k;
      agree += hits;
      total += c.n;
      out.push({ x: c.x, y: c.y, observed, predicted, agrees: hits * 2 > c.n });
    } else {
      if (observed === 0.5) ties++;
      const agrees = predicted > 0 ? observed > 0.5 : observed < 0.5;
      if (agrees) agree++;
      total++;
      out.push({ x: c.x, y: c.y, observed, predicted, agrees });
    }
  }
  return { rate: binomialInterval(agree, total, opts.level ?? 0.95, opts.method), unit, agree, total, undecided, ties, cells: out };
}

/** One run of a phase grid: its coordinates, its seed and whether it succeeded. */
export interface PhaseRun {
  x: number;
  y: number;
  seed: number;
  success: boolean;
}

export interface BoundaryExponent {
  /** Maximum-likelihood exponent of the boundary, d log y / d log x along it. */
  exponent: number;
  /** Profile-likelihood interval of the exponent; an infinite end when the boundary may be vertical on that side. */
  lower: number;
  upper: number;
  level: number;
  /** Direction in (log x, log y) in which success becomes more likely, at the fitted boundary (unit vector). */
  successDirection: [number, number];
  /** Likelihood-ratio statistic of "the outcome does not depend on x and y" (seed intercepts only) against the fit. */
  devianceNoEffect: number;
  /** The chi-square(1) cut-off used for the interval. */
  cutoff: number;
  /**
   * Where the fitted boundary lies: log10 y = log10Intercept + exponent * log10 x is the 50% line of the average
   * seed (its intercept the mean of the seeds'); null when the fit has no slope in the distance to the boundary.
   */
  log10Intercept: number | null;
  seeds: number;
  runs: number;
}

/** Solve a small dense linear system (Gaussian elimination with partial pivoting). */
function solveDense(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    [m[c], m[p]] = [m[p], m[c]];
    for (let r = c + 1; r < n; r++) {
      const f = m[r][c] / m[c][c];
      for (let j = c; j <= n; j++) m[r][j] -= f * m[c][j];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r][n];
    for (let j = r + 1; j < n; j++) s -= m[r][j] * x[j];
    x[r] = s / m[r][r];
  }
  return x;
}

/**
 * Penalised logistic fit of success on one covariate z with an intercept per seed, by Newton's
 * method: returns the maximised penalised log-likelihood and the coefficients (seed intercepts, then
 * the slope of z). The small ridge keeps a perfectly separated grid (a sharp transition) finite.
 */
function seedLogistic(z: Float64Array, seedOf: Int32Array, success: Uint8Array, k: number, ridge: number, warm?: number[]): { ll: number; beta: number[] } {
  const n = z.length;
  let beta = warm ? [...warm] : new Array<number>(k + 1).fill(0);
  const loglik = (b: readonly number[]) => {
    let ll = 0;
    for (let i = 0; i < n; i++) {
      const eta = b[seedOf[i]] + b[k] * z[i];
      ll += (success[i] ? eta : 0) - (eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta)));
    }
    return ll - 0.5 * ridge * b.reduce((s, v) => s + v * v, 0);
  };
  let ll = loglik(beta);
  for (let it = 0; it < 40; it++) {
    const g = beta.map((v) => -ridge * v);
    const h = Array.from({ length: k + 1 }, (_, i) => Array.from({ length: k + 1 }, (_, j) => (i === j ? ridge : 0)));
    for (let i = 0; i < n; i++) {
      const s = seedOf[i];
      const eta = beta[s] + beta[k] * z[i];
      const p = eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
      const r = (success[i] ? 1 : 0) - p;
      const w = p * (1 - p);
      g[s] += r;
      g[k] += r * z[i];
      h[s][s] += w;
      h[s][k] += w * z[i];
      h[k][s] += w * z[i];
      h[k][k] += w * z[i] * z[i];
    }
    const step = solveDense(h, g);
    let t = 1;
    let next = beta.map((v, i) => v + t * step[i]);
    let nextLl = loglik(next);
    while (nextLl < ll - 1e-12 && t > 1e-6) {
      t /= 2;
      next = beta.map((v, i) => v + t * step[i]);
      nextLl = loglik(next);
    }
    const gain = nextLl - ll;
    beta = next;
    ll = nextLl;
    if (Math.max(...step.map((v) => Math.abs(v * t))) < 1e-6 || gain < 1e-10) break;
  }
  return { ll, beta };
}

/**
 * The exponent of a phase boundary and its interval, from every run (not cell majorities): a
 * logistic model of success on the signed distance from a straight boundary in (log x, log y),
 * with one intercept per seed, so a seed whose data sit it on one side of the boundary at every
 * cell (seeds are shared across the grid) shifts its own boundary instead of counting as evidence
 * about the exponent. The boundary's angle is profiled (intercepts and sharpness maximised at each
 * angle) and the interval is where the profile deviance stays within chi-square(1) at `level`.
 * With a perfectly separated grid the profile is flat over the separating angles and the interval
 * is (close to) the range of exponents that separate the outcomes.
 */
export function boundaryExponent(runs: readonly PhaseRun[], opts: { level?: number; ridge?: number; steps?: number } = {}): BoundaryExponent {
  const level = opts.level ?? 0.95;
  const ridge = opts.ridge ?? 1e-2;
  const steps = opts.steps ?? 48;
  if (runs.length === 0) throw new RangeError('boundary exponent: no runs');
  for (const r of runs) if (!(r.x > 0 && r.y > 0)) throw new RangeError(`boundary exponent: coordinates must be > 0, got (${r.x}, ${r.y})`);
  const seedIds = [...new Set(runs.map((r) => r.seed))];
  const k = seedIds.length;
  const lx = runs.map((r) => Math.log(r.x));
  const ly = runs.map((r) => Math.log(r.y));
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const sdOf = (v: number[]) => Math.sqrt(mean(v.map((x) => (x - mean(v)) ** 2)));
  const [mx, my, sx, sy] = [mean(lx), mean(ly), sdOf(lx), sdOf(ly)];
  if (!(sx > 0 && sy > 0)) throw new RangeError('boundary exponent: the grid needs at least two values on each axis');
  const u = lx.map((v) => (v - mx) / sx);
  const v = ly.map((w) => (w - my) / sy);
  const seedOf = Int32Array.from(runs.map((r) => seedIds.indexOf(r.seed)));
  const success = Uint8Array.from(runs.map((r) => (r.success ? 1 : 0)));
  const z = new Float64Array(runs.length);
  // The boundary v = tan(phi) u + c; z is the signed distance from it (standardised coordinates).
  let warm: number[] | undefined;
  const at = (phi: number) => {
    const c = Math.cos(phi);
    const s = Math.sin(phi);
    for (let i = 0; i < z.length; i++) z[i] = v[i] * c - u[i] * s;
    const fit = seedLogistic(z, seedOf, success, k, ridge, warm);
    warm = fit.beta;
    return fit;
  };
  const grid = Array.from({ length: steps }, (_, j) => -Math.PI / 2 + (Math.PI * (j + 0.5)) / steps);
  const lls = grid.map((phi) => at(phi).ll);
  let j0 = 0;
  for (let j = 1; j < steps; j++) if (lls[j] > lls[j0]) j0 = j;
  // Refine the maximum by golden-section search between the neighbouring grid angles.
  let lo = grid[j0] - Math.PI / steps;
  let hi = grid[j0] + Math.PI / steps;
  const gr = (Math.sqrt(5) - 1) / 2;
  for (let it = 0; it < 24; it++) {
    const c = hi - gr * (hi - lo);
    const d = lo + gr * (hi - lo);
    if (at(c).ll > at(d).ll) hi = d;
    else lo = c;
  }
  const phiHat = (lo + hi) / 2;
  const best = at(phiHat);
  const llMax = Math.max(best.ll, lls[j0]);
  const zq = normalQuantile(1 - (1 - level) / 2, 0, 1);
  const cutoff = zq * zq;
  const deviance = (phi: number) => 2 * (llMax - at(phi).ll);
  // Walk out from the maximum on the grid until the deviance exceeds the cut-off, then bisect.
  const edge = (side: 1 | -1): number => {
    let inner = phiHat;
    let j = side > 0 ? grid.findIndex((p) => p > phiHat) : grid.length - 1 - [...grid].reverse().findIndex((p) => p < phiHat);
    while (j >= 0 && j < steps) {
      if (deviance(grid[j]) > cutoff) {
        let outer = grid[j];
        for (let it = 0; it < 20; it++) {
          const mid = (inner + outer) / 2;
          if (deviance(mid) > cutoff) outer = mid;
          else inner = mid;
        }
        return (inner + outer) / 2;
      }
      inner = grid[j];
      j += side;
    }
    return side * Infinity;
  };
  const phiLo = edge(-1);
  const phiHi = edge(1);
  const toExponent = (phi: number) => (Number.isFinite(phi) ? Math.tan(phi) * (sy / sx) : phi);
  // Success grows along +z when the slope coefficient is positive: z's gradient in (log x, log y).
  const c = Math.cos(phiHat);
  const s = Math.sin(phiHat);
  const sign = Math.sign(best.beta[k]) || 1;
  const gx = (-s / sx) * sign;
  const gy = (c / sy) * sign;
  const norm = Math.hypot(gx, gy);
  const nullFit = seedLogistic(new Float64Array(runs.length), seedOf, success, k, ridge);
  // The boundary z = z0 with z0 = -(mean seed intercept) / slope, back in log10 coordinates (see log10Intercept).
  const meanIntercept = best.beta.slice(0, k).reduce((a, b) => a + b, 0) / k;
  const z0 = Math.abs(best.beta[k]) > 1e-12 ? -meanIntercept / best.beta[k] : null;
  const exponent = toExponent(phiHat);
  const log10Intercept = z0 !== null && Math.abs(c) > 1e-12 ? (my + (sy * z0) / c - exponent * mx) / Math.LN10 : null;
  return {
    exponent,
    log10Intercept,
    lower: toExponent(phiLo),
    upper: toExponent(phiHi),
    level,
    successDirection: [gx / norm, gy / norm],
    devianceNoEffect: 2 * (llMax - nullFit.ll),
    cutoff,
    seeds: k,
    runs: runs.length,
  };
}
