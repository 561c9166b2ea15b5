import { lup, lusolve, type MathArray, type Matrix } from 'mathjs';

/**
 * Signal learning and noise memorisation of a two-layer CNN's filters (Cao et al. 2022,
 * Definition 5.1; Chen et al. 2023 use the same decomposition):
 *
 *   w_{j,r}(t) = w_{j,r}(0) + j gamma_{j,r}(t) mu / ||mu||^2 + sum_i rho_{j,r,i}(t) xi_i / ||xi_i||^2.
 *
 * Every gradient of the CNN (at W, or at SAM's ascent point) is a combination of the patches
 * {mu, xi_1..xi_n}, so w(t) - w(0) lies in their span and the coefficients are exact: they solve
 * the Gram system G c = X^T (w(t) - w(0)) with X = [mu, xi_1, ..., xi_n].
 */

export interface Decomposition {
  /** gamma_{j,r}, 2m values in filter order (c * m + r). */
  gamma: Float64Array;
  /** rho_{j,r,i}, 2m x n, row (c * m + r). */
  rho: Float64Array;
  /** max over filters of ||w - w0 - reconstruction|| / max(||w - w0||, tiny): 0 up to rounding when the span holds. */
  residual: number;
}

export interface NoiseSummary {
  /** max over j, r and i with y_i = j of rho_{j,r,i}: the noise the filters of the sample's own class memorised. */
  rhoBarMax: number;
  /** Mean of max(rho_{j,r,i}, 0) over j, r and i with y_i = j. */
  rhoBarMean: number;
  /** max over r of gamma_{+1,r} and gamma_{-1,r}, the smaller of the two classes: both must learn the signal. */
  gammaMax: number;
}

/** A reusable decomposer for fixed data (mu, noise patches n x d). */
export class Decomposer {
  private readonly n: number;
  private readonly factor: ReturnType<typeof lup>;
  private readonly norms2: Float64Array;

  constructor(private readonly d: number, private readonly mu: Float64Array, private readonly noise: Float64Array, n: number) {
    this.n = n;
    const K = n + 1;
    const row = (a: number, k: number) => (a === 0 ? mu[k] : noise[(a - 1) * d + k]);
    const G: number[][] = [];
    this.norms2 = new Float64Array(K);
    for (let a = 0; a < K; a++) {
      G.push(new Array<number>(K).fill(0));
    }
    for (let a = 0; a < K; a++) {
      for (let b = a; b < K; b++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += row(a, k) * row(b, k);
        G[a][b] = s;
        G[b][a] = s;
      }
      this.norms2[a] = G[a][a];
    }
    this.factor = lup(G);
  }

  /** The coefficients of every filter's displacement W - W0 (2m filters of dimension d). */
  decompose(W: Float64Array, W0: Float64Array, m: number): Decomposition {
    const { d, n, mu, noise } = this;
    const K = n + 1;
    const gamma = new Float64Array(2 * m);
    const rho = new Float64Array(2 * m * n);
    let residual = 0;
    const delta = new Float64Array(d);
    for (let f = 0; f < 2 * m; f++) {
      const j = f < m ? 1 : -1;
      for (let k = 0; k < d; k++) delta[k] = W[f * d + k] - W0[f * d + k];
      const rhs: number[] = new Array<number>(K);
      rhs[0] = dotRow(mu, 0, delta, d);
      for (let i = 0; i < n; i++) rhs[i + 1] = dotRow(noise, i * d, delta, d);
      const solved = lusolve(this.factor, rhs) as Matrix | MathArray;
      const c = ((Array.isArray(solved) ? solved : solved.valueOf()) as number[][]).map((row) => row[0]);
      gamma[f] = j * c[0] * this.norms2[0];
      for (let i = 0; i < n; i++) rho[f * n + i] = c[i + 1] * this.norms2[i + 1];
      // Residual of the reconstruction, relative to the displacement.
      let err = 0;
      let size = 0;
      for (let k = 0; k < d; k++) {
        let rec = c[0] * mu[k];
        for (let i = 0; i < n; i++) rec += c[i + 1] * noise[i * d + k];
        err += (delta[k] - rec) ** 2;
        size += delta[k] ** 2;
      }
      residual = Math.max(residual, Math.sqrt(err) / Math.max(Math.sqrt(size), 1e-300));
    }
    return { gamma, rho, residual };
  }
}

function dotRow(a: Float64Array, offset: number, b: Float64Array, d: number): number {
  let s = 0;
  for (let k = 0; k < d; k++) s += a[offset + k] * b[k];
  return s;
}

/** The summaries a claim reads: noise memorised by the sample's own class, and the signal learnt. */
export function summarizeNoise(dec: Decomposition, y: Int8Array, m: number): NoiseSummary {
  const n = y.length;
  let rhoBarMax = -Infinity;
  let sum = 0;
  let count = 0;
  for (let f = 0; f < 2 * m; f++) {
    const j = f < m ? 1 : -1;
    for (let i = 0; i < n; i++) {
      if (y[i] !== j) continue;
      const r = dec.rho[f * n + i];
      rhoBarMax = Math.max(rhoBarMax, r);
      sum += Math.max(r, 0);
      count++;
    }
  }
  let gPlus = -Infinity;
  let gMinus = -Infinity;
  for (let r = 0; r < m; r++) {
    gPlus = Math.max(gPlus, dec.gamma[r]);
    gMinus = Math.max(gMinus, dec.gamma[m + r]);
  }
  return { rhoBarMax: count ? rhoBarMax : 0, rhoBarMean: count ? sum / count : 0, gammaMax: Math.min(gPlus, gMinus) };
}

/**
 * Noise memorisation in its projection form, the paper's rho-bar up to the cross terms
 * <xi_i, xi_i'> (small against ||xi_i||^2 when d >> n):
 * max over j, r and i with y_i = j of <w_{j,r}(T) - w_{j,r}(0), xi_i> / ||xi_i||^2.
 * Filters are 2m x d row-major, filter c * m + r belongs to class j = +1 for c = 0.
 */
export function noiseMemorisation(W0: ArrayLike<number>, W: ArrayLike<number>, m: number, d: number, noise: ArrayLike<number>, y: ArrayLike<number>): number | null {
  const n = y.length;
  let most = -Infinity;
  for (let i = 0; i < n; i++) {
    let norm2 = 0;
    for (let k = 0; k < d; k++) norm2 += noise[i * d + k] ** 2;
    if (norm2 === 0) continue;
    const c = y[i] === 1 ? 0 : 1;
    for (let r = 0; r < m; r++) {
      const f = (c * m + r) * d;
      let s = 0;
      for (let k = 0; k < d; k++) s += (W[f + k] - W0[f + k]) * noise[i * d + k];
      most = Math.max(most, s / norm2);
    }
  }
  return Number.isFinite(most) ? most : null;
}

/** Signal learning: min over j of max_r <w_{j,r}(T), j mu> / ||mu||^2, mu = muNorm u (u the unit signal direction). */
export function signalLearning(W: ArrayLike<number>, m: number, d: number, u: ArrayLike<number>, muNorm: number): number {
  let least = Infinity;
  for (const [c, j] of [[0, 1], [1, -1]] as const) {
    let most = -Infinity;
    for (let r = 0; r < m; r++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += W[(c * m + r) * d + k] * u[k];
      most = Math.max(most, (j * s) / muNorm);
    }
    least = Math.min(least, most);
  }
  return least;
}
