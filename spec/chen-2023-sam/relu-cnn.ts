/**
 * The two-layer ReLU CNN of Chen et al. 2023 (after Cao et al. 2022, Kou et al. 2023) in float64,
 * for the optimizer's unit tests and the decomposition of its trajectory:
 *
 *   f(W, x) = F_{+1}(W_{+1}, x) - F_{-1}(W_{-1}, x),   F_j = (1/m) sum_r sum_p relu(<w_{j,r}, x^(p)>),
 *
 * on two patches x = [signal, noise], second layer fixed at +-1/m, logistic loss
 * L(W) = (1/|B|) sum_{i in B} log(1 + exp(-y_i f(W, x_i))).
 *
 * Filters are stored flat: filter (j, r) occupies W[(c * m + r) * d .. + d) with c = 0 for j = +1
 * and c = 1 for j = -1.
 */

/** n samples of two patches each: the signal patch (n x d, row-major), the noise patch, the observed labels. */
export interface PatchData {
  n: number;
  d: number;
  signal: Float64Array;
  noise: Float64Array;
  y: Int8Array;
}

export interface Cnn {
  d: number;
  m: number;
}

/** The class j = +1 / -1 of filter block c = 0 / 1. */
export function classOf(c: number): 1 | -1 {
  return c === 0 ? 1 : -1;
}

function dot(a: Float64Array, aOffset: number, b: Float64Array, bOffset: number, d: number): number {
  let s = 0;
  for (let k = 0; k < d; k++) s += a[aOffset + k] * b[bOffset + k];
  return s;
}

/** f(W, x_i) for every sample. */
export function outputs(net: Cnn, W: Float64Array, data: PatchData): Float64Array {
  const { d, m } = net;
  const out = new Float64Array(data.n);
  for (let i = 0; i < data.n; i++) {
    let f = 0;
    for (let c = 0; c < 2; c++) {
      let F = 0;
      for (let r = 0; r < m; r++) {
        const w = (c * m + r) * d;
        F += Math.max(0, dot(W, w, data.signal, i * d, d)) + Math.max(0, dot(W, w, data.noise, i * d, d));
      }
      f += (classOf(c) * F) / m;
    }
    out[i] = f;
  }
  return out;
}

/** log(1 + exp(-z)) without overflow. */
export function logisticLoss(z: number): number {
  return z > 0 ? Math.log1p(Math.exp(-z)) : -z + Math.log1p(Math.exp(z));
}

/** -l'(z) = 1 / (1 + exp(z)), the weight GD puts on a sample with margin z. */
export function lossWeight(z: number): number {
  return z > 0 ? Math.exp(-z) / (1 + Math.exp(-z)) : 1 / (1 + Math.exp(z));
}

/** Mean logistic loss over `batch` (all samples when omitted). */
export function loss(net: Cnn, W: Float64Array, data: PatchData, batch?: ArrayLike<number>): number {
  const f = outputs(net, W, data);
  const idx = batch ?? Array.from({ length: data.n }, (_, i) => i);
  let s = 0;
  for (let b = 0; b < idx.length; b++) s += logisticLoss(data.y[idx[b]] * f[idx[b]]);
  return s / idx.length;
}

/**
 * Gradient of the mean logistic loss over `batch` at W (relu'(0) = 0, as autodiff takes it):
 * dL/dw_{j,r} = -(1/|B|) sum_i lossWeight(y_i f_i) y_i (j/m) sum_p 1[<w_{j,r}, x_i^(p)> > 0] x_i^(p).
 */
export function gradient(net: Cnn, W: Float64Array, data: PatchData, batch?: ArrayLike<number>): Float64Array {
  const { d, m } = net;
  const idx = batch ?? Array.from({ length: data.n }, (_, i) => i);
  const g = new Float64Array(W.length);
  // Pre-activations of every filter on both patches of one sample, computed once for f and the gradient.
  const onSignal = new Float64Array(2 * m);
  const onNoise = new Float64Array(2 * m);
  for (let b = 0; b < idx.length; b++) {
    const i = idx[b];
    let f = 0;
    for (let c = 0; c < 2; c++) {
      for (let r = 0; r < m; r++) {
        const w = (c * m + r) * d;
        onSignal[c * m + r] = dot(W, w, data.signal, i * d, d);
        onNoise[c * m + r] = dot(W, w, data.noise, i * d, d);
        f += (classOf(c) * (Math.max(0, onSignal[c * m + r]) + Math.max(0, onNoise[c * m + r]))) / m;
      }
    }
    const weight = (lossWeight(data.y[i] * f) * data.y[i]) / idx.length / m;
    for (let c = 0; c < 2; c++) {
      const scale = -weight * classOf(c);
      for (let r = 0; r < m; r++) {
        const w = (c * m + r) * d;
        if (onSignal[c * m + r] > 0) for (let k = 0; k < d; k++) g[w + k] += scale * data.signal[i * d + k];
        if (onNoise[c * m + r] > 0) for (let k = 0; k < d; k++) g[w + k] += scale * data.noise[i * d + k];
      }
    }
  }
  return g;
}

/** Fraction of samples whose observed label disagrees with sign f (f = 0 counts as an error). */
export function errorRate(net: Cnn, W: Float64Array, data: PatchData): number {
  const f = outputs(net, W, data);
  let wrong = 0;
  for (let i = 0; i < data.n; i++) if (data.y[i] * f[i] <= 0) wrong++;
  return wrong / data.n;
}
