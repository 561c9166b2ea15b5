import type { DecompositionClassSummary, DecompositionPoint } from '../result.js';
import type { Problem } from './problem.js';

/**
 * Cao et al.'s coordinates of filter (j, r): w_{j,r}(t) = w_{j,r}(0) + j gamma_{j,r} mu/||mu||^2
 * + sum_i rho_{j,r,i} xi_i/||xi_i||^2. Filters are indexed f = 0..2m-1 (f < m: j = +1).
 */
export interface Decomposition {
  m: number;
  n: number;
  /** 2m. */
  gamma: Float64Array;
  /** 2m x n, row-major. */
  rho: Float64Array;
}

export const classOf = (f: number, m: number): 1 | -1 => (f < m ? 1 : -1);

/** From the raw coefficients C (2m x (n+1), over the basis mu, xi_1..xi_n) to (gamma, rho). */
export function decompose(problem: Problem, C: Float64Array): Decomposition {
  const { m, n, K } = problem;
  const B = n + 1;
  const gamma = new Float64Array(2 * m);
  const rho = new Float64Array(2 * m * n);
  for (let f = 0; f < 2 * m; f++) {
    gamma[f] = classOf(f, m) * C[f * B] * K[0];
    for (let i = 0; i < n; i++) rho[f * n + i] = C[f * B + 1 + i] * K[(1 + i) * B + 1 + i];
  }
  return { m, n, gamma, rho };
}

class Stat {
  min = Infinity;
  max = -Infinity;
  sum = 0;
  count = 0;
  add(v: number): void {
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
    this.sum += v;
    this.count++;
  }
  get mean(): number {
    return this.sum / this.count;
  }
}

const orNull = (s: Stat, v: (s: Stat) => number): number | null => (s.count === 0 ? null : v(s));

/**
 * Summaries over filters and samples. rho-bar is rho_{j,r,i} on pairs with j = y_i and rho-underbar
 * on pairs with j = -y_i (Cao et al.'s update rules, where each is monotone from 0), so
 * rho-bar >= 0 >= rho-underbar is a property of the run, not of the definition.
 */
export function summarize(step: number, dec: Decomposition, y: Int8Array): DecompositionPoint {
  const { m, n, gamma, rho } = dec;
  const all = { gamma: new Stat(), bar: new Stat(), under: new Stat() };
  const perClass = new Map<1 | -1, typeof all>([
    [1, { gamma: new Stat(), bar: new Stat(), under: new Stat() }],
    [-1, { gamma: new Stat(), bar: new Stat(), under: new Stat() }],
  ]);
  for (let f = 0; f < 2 * m; f++) {
    const j = classOf(f, m);
    const cls = perClass.get(j)!;
    all.gamma.add(gamma[f]);
    cls.gamma.add(gamma[f]);
    for (let i = 0; i < n; i++) {
      const v = rho[f * n + i];
      const key = y[i] === j ? 'bar' : 'under';
      all[key].add(v);
      cls[key].add(v);
    }
  }
  const byClass: DecompositionClassSummary[] = [...perClass].map(([j, s]) => ({
    j,
    gammaMin: s.gamma.min,
    gammaMean: s.gamma.mean,
    gammaMax: s.gamma.max,
    rhoBarMin: orNull(s.bar, (x) => x.min),
    rhoBarMean: orNull(s.bar, (x) => x.mean),
    rhoBarMax: orNull(s.bar, (x) => x.max),
    rhoUnderMin: orNull(s.under, (x) => x.min),
    rhoUnderMean: orNull(s.under, (x) => x.mean),
    rhoUnderMax: orNull(s.under, (x) => x.max),
  }));
  // Every sample i meets filters of both classes, so the global bar and under sets are never empty.
  return {
    step,
    gammaMax: all.gamma.max,
    gammaMean: all.gamma.mean,
    gammaMin: all.gamma.min,
    rhoBarMax: all.bar.max,
    rhoBarMean: all.bar.mean,
    rhoUnderMin: all.under.min,
    rhoUnderMean: all.under.mean,
    rhoBarMin: all.bar.min,
    rhoUnderMax: all.under.max,
    byClass,
  };
}
