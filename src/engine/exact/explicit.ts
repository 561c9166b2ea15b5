import { scalarActivation, sigmoidNeg } from './activation.js';
import type { GdOptions } from './train.js';

/** The d-dimensional data of a small run, in float64 (for the identity check and for tests). */
export interface ExplicitData {
  d: number;
  m: number;
  n: number;
  /** 2m x d. */
  W0: Float64Array;
  /** d. */
  mu: Float64Array;
  /** n x d. */
  noise: Float64Array;
  y: Int8Array;
  yTrue: Int8Array;
}

/**
 * Plain GD on the d-dimensional filters, in float64: the reference the coefficient recursion is
 * checked against (decomposition identity). Cost per step: about 4 * 2m * n * d.
 */
export class ExplicitGd {
  readonly w: Float64Array;
  private readonly act;
  constructor(private readonly data: ExplicitData, private readonly options: GdOptions) {
    this.w = Float64Array.from(data.W0);
    this.act = scalarActivation(options.activation, options.q);
  }

  private dot(a: Float64Array, ao: number, b: Float64Array, bo: number): number {
    let s = 0;
    for (let k = 0; k < this.data.d; k++) s += a[ao + k] * b[bo + k];
    return s;
  }

  advance(): void {
    const { d, m, n, mu, noise, y, yTrue } = this.data;
    const F = 2 * m;
    const s = new Float64Array(F);
    const u = new Float64Array(F * n);
    for (let r = 0; r < F; r++) {
      s[r] = this.dot(this.w, r * d, mu, 0);
      for (let i = 0; i < n; i++) u[r * n + i] = this.dot(this.w, r * d, noise, i * d);
    }
    const g = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let f = 0;
      for (let r = 0; r < F; r++) f += (r < m ? 1 : -1) * (this.act.value(yTrue[i] * s[r]) + this.act.value(u[r * n + i]));
      f /= m;
      g[i] = (-y[i] * sigmoidNeg(y[i] * f)) / n;
    }
    for (let r = 0; r < F; r++) {
      const scale = (this.options.eta * (r < m ? 1 : -1)) / m;
      let signal = 0;
      for (let i = 0; i < n; i++) signal += g[i] * this.act.derivative(yTrue[i] * s[r]) * yTrue[i];
      for (let k = 0; k < d; k++) this.w[r * d + k] -= scale * signal * mu[k];
      for (let i = 0; i < n; i++) {
        const c = scale * g[i] * this.act.derivative(u[r * n + i]);
        if (c === 0) continue;
        for (let k = 0; k < d; k++) this.w[r * d + k] -= c * noise[i * d + k];
      }
    }
  }
}
