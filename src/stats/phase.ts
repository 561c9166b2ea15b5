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
