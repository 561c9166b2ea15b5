import type { DecompositionPoint } from '../result.js';
import { classOf, type Decomposition } from './decomposition.js';

/**
 * Proof-level invariants of GD on the data model (Cao et al. 2022, Kou et al. 2023), as small pure
 * functions over plain data, for tests and for `invariant` claim checkers:
 * - identity: w_{j,r}(t) = w_{j,r}(0) + j gamma_{j,r} mu/||mu||^2 + sum_i rho_{j,r,i} xi_i/||xi_i||^2;
 * - rho-sign: rho_{j,r,i} has the sign of j y_i (rho-bar >= 0 >= rho-underbar), any activation with sigma' >= 0;
 * - rho-monotone: |rho_{j,r,i}| never decreases;
 * - gamma-monotone: gamma_{j,r} never decreases when no label is flipped (with flips a flipped
 *   sample pushes gamma down, so the proofs of Kou et al. do not claim it).
 * All hold exactly in floating point for the exact engine (sums of same-signed terms), so the
 * default tolerance is 0.
 */
export type InvariantName = 'identity' | 'rho-sign' | 'rho-monotone' | 'gamma-monotone';

export interface Violation {
  invariant: InvariantName;
  step: number;
  detail: string;
}

/** w_f(0) + j gamma_f mu/||mu||^2 + sum_i rho_{f,i} xi_i/||xi_i||^2 for one filter f. */
export function reconstructFilter(
  f: number,
  dec: Decomposition,
  w0: ArrayLike<number>,
  mu: ArrayLike<number>,
  noise: ArrayLike<number>,
  d: number,
): Float64Array {
  const out = new Float64Array(d);
  for (let k = 0; k < d; k++) out[k] = w0[f * d + k];
  const mu2 = dot(mu, 0, mu, 0, d);
  const a = (classOf(f, dec.m) * dec.gamma[f]) / mu2;
  for (let k = 0; k < d; k++) out[k] += a * mu[k];
  for (let i = 0; i < dec.n; i++) {
    const c = dec.rho[f * dec.n + i] / dot(noise, i * d, noise, i * d, d);
    for (let k = 0; k < d; k++) out[k] += c * noise[i * d + k];
  }
  return out;
}

function dot(a: ArrayLike<number>, ao: number, b: ArrayLike<number>, bo: number, d: number): number {
  let s = 0;
  for (let k = 0; k < d; k++) s += a[ao + k] * b[bo + k];
  return s;
}

/** Max over filters of ||w_f - reconstruction_f|| / ||w_f||; w and w0 are 2m x d. */
export function identityResidual(
  w: ArrayLike<number>,
  dec: Decomposition,
  w0: ArrayLike<number>,
  mu: ArrayLike<number>,
  noise: ArrayLike<number>,
  d: number,
): number {
  let worst = 0;
  for (let f = 0; f < 2 * dec.m; f++) {
    const rec = reconstructFilter(f, dec, w0, mu, noise, d);
    let diff = 0;
    let norm = 0;
    for (let k = 0; k < d; k++) {
      diff += (w[f * d + k] - rec[k]) ** 2;
      norm += w[f * d + k] ** 2;
    }
    worst = Math.max(worst, Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-300));
  }
  return worst;
}

/** rho_{j,r,i} * j * y_i >= 0 for every filter and sample. */
export function rhoSignViolations(step: number, dec: Decomposition, y: Int8Array): Violation[] {
  const out: Violation[] = [];
  for (let f = 0; f < 2 * dec.m; f++) {
    const j = classOf(f, dec.m);
    for (let i = 0; i < dec.n; i++) {
      const v = dec.rho[f * dec.n + i];
      if (v * j * y[i] < 0) out.push({ invariant: 'rho-sign', step, detail: `rho[${f}][${i}] = ${v} but j y_i = ${j * y[i]}` });
    }
  }
  return out;
}

/** Between consecutive snapshots: |rho| does not decrease; gamma does not decrease if labels are clean. */
export function stepViolations(
  step: number,
  prev: Decomposition,
  next: Decomposition,
  y: Int8Array,
  options: { cleanLabels: boolean },
): Violation[] {
  const out: Violation[] = [];
  for (let f = 0; f < 2 * next.m; f++) {
    const j = classOf(f, next.m);
    if (options.cleanLabels && next.gamma[f] < prev.gamma[f]) {
      out.push({ invariant: 'gamma-monotone', step, detail: `gamma[${f}] fell from ${prev.gamma[f]} to ${next.gamma[f]}` });
    }
    for (let i = 0; i < next.n; i++) {
      const k = f * next.n + i;
      if (j * y[i] * (next.rho[k] - prev.rho[k]) < 0) {
        out.push({ invariant: 'rho-monotone', step, detail: `|rho[${f}][${i}]| fell from ${Math.abs(prev.rho[k])} to ${Math.abs(next.rho[k])}` });
      }
    }
  }
  return out;
}

/** Every invariant except the identity along a trajectory of snapshots (consecutive GD steps or not). */
export function trajectoryViolations(
  snapshots: ReadonlyArray<{ step: number; dec: Decomposition }>,
  y: Int8Array,
  options: { cleanLabels: boolean },
): Violation[] {
  const out: Violation[] = [];
  snapshots.forEach(({ step, dec }, k) => {
    out.push(...rhoSignViolations(step, dec, y));
    if (k > 0) out.push(...stepViolations(step, snapshots[k - 1].dec, dec, y, options));
  });
  return out;
}

/**
 * The same invariants read off a RunResult's decomposition summaries (what a checker has): signs
 * of rho-bar / rho-underbar, monotone extremes and means, gamma monotone with clean labels, and the
 * identity residual (when measured) at most `identityTolerance`.
 */
export function summaryViolations(
  points: ReadonlyArray<DecompositionPoint>,
  options: { cleanLabels: boolean; identityTolerance?: number },
): Violation[] {
  const out: Violation[] = [];
  const tol = options.identityTolerance ?? 1e-9;
  const fell = (name: InvariantName, step: number, field: string, a: number, b: number): void => {
    out.push({ invariant: name, step, detail: `${field} went from ${a} to ${b}` });
  };
  points.forEach((p, k) => {
    const low = p.rhoBarMin ?? p.rhoBarMean;
    const high = p.rhoUnderMax ?? p.rhoUnderMean;
    if (low < 0) out.push({ invariant: 'rho-sign', step: p.step, detail: `rho-bar has ${low} < 0` });
    if (high > 0) out.push({ invariant: 'rho-sign', step: p.step, detail: `rho-underbar has ${high} > 0` });
    if (p.identityResidual !== undefined && !(p.identityResidual <= tol)) {
      out.push({ invariant: 'identity', step: p.step, detail: `identity residual ${p.identityResidual} > ${tol}` });
    }
    if (k === 0) return;
    const q = points[k - 1];
    if (p.rhoBarMax < q.rhoBarMax) fell('rho-monotone', p.step, 'rhoBarMax', q.rhoBarMax, p.rhoBarMax);
    if (p.rhoBarMean < q.rhoBarMean) fell('rho-monotone', p.step, 'rhoBarMean', q.rhoBarMean, p.rhoBarMean);
    if (p.rhoUnderMin > q.rhoUnderMin) fell('rho-monotone', p.step, 'rhoUnderMin', q.rhoUnderMin, p.rhoUnderMin);
    if (p.rhoUnderMean > q.rhoUnderMean) fell('rho-monotone', p.step, 'rhoUnderMean', q.rhoUnderMean, p.rhoUnderMean);
    if (options.cleanLabels) {
      if (p.gammaMin < q.gammaMin) fell('gamma-monotone', p.step, 'gammaMin', q.gammaMin, p.gammaMin);
      if (p.gammaMean < q.gammaMean) fell('gamma-monotone', p.step, 'gammaMean', q.gammaMean, p.gammaMean);
      if (p.gammaMax < q.gammaMax) fell('gamma-monotone', p.step, 'gammaMax', q.gammaMax, p.gammaMax);
    }
  });
  return out;
}
