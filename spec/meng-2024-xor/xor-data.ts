import { Rng } from '../../src/util/rng.js';

/**
 * XOR-type data with label flips, after Meng, Zou & Cao 2024 (the exact form is recalled, not
 * verified; see README.md):
 *
 *   a = ||mu|| cos(theta/2) e_1,  b = ||mu|| sin(theta/2) e_2,  u = a + b,  v = a - b,
 *   so ||u|| = ||v|| = ||mu|| and <u, v> = ||mu||^2 cos(theta).
 *   The signal patch is s_1 a + s_2 b with s_1, s_2 independent uniform signs; the clean label is
 *   y = s_1 s_2 (signal +-u: y = +1, signal +-v: y = -1), and the observed label is -y with
 *   probability p. The noise patch is xi ~ N(0, sigma_p^2 (I - e_1 e_1^T - e_2 e_2^T))
 *   (`projected`, orthogonal to both features) or N(0, sigma_p^2 I) (`isotropic`).
 *
 * No linear classifier beats chance on the clean labels (u and -u share a label), which is what
 * makes the task XOR.
 */
export interface XorModel {
  d: number;
  muNorm: number;
  /** cos(theta) = <u, v> / ||mu||^2 in [0, 1): 0 for orthogonal features, near 1 for highly correlated ones. */
  cosTheta: number;
  sigmaP: number;
  labelNoise: number;
  noiseCovariance: 'projected' | 'isotropic';
}

export interface XorSample {
  n: number;
  d: number;
  /** Signal patches, n x d row-major. */
  signal: Float64Array;
  /** Noise patches, n x d row-major. */
  noise: Float64Array;
  /** Observed labels (after flips). */
  y: Int8Array;
  /** Clean labels s_1 s_2. */
  yTrue: Int8Array;
  s1: Int8Array;
  s2: Int8Array;
}

/** The two feature directions' coefficients on e_1 and e_2: a = alpha e_1, b = beta e_2. */
export function featureScales(model: Pick<XorModel, 'muNorm' | 'cosTheta'>): { alpha: number; beta: number } {
  const { muNorm, cosTheta } = model;
  if (!(cosTheta >= 0 && cosTheta < 1)) throw new RangeError(`cosTheta must lie in [0, 1) (got ${cosTheta})`);
  // cos(theta/2) = sqrt((1 + cos theta) / 2), sin(theta/2) = sqrt((1 - cos theta) / 2).
  return { alpha: muNorm * Math.sqrt((1 + cosTheta) / 2), beta: muNorm * Math.sqrt((1 - cosTheta) / 2) };
}

/** u = a + b and v = a - b as d-vectors. */
export function xorFeatures(model: Pick<XorModel, 'd' | 'muNorm' | 'cosTheta'>): { u: Float64Array; v: Float64Array } {
  if (model.d < 3) throw new RangeError(`d must be at least 3 (two feature coordinates and noise; got ${model.d})`);
  const { alpha, beta } = featureScales(model);
  const u = new Float64Array(model.d);
  const v = new Float64Array(model.d);
  u[0] = alpha;
  u[1] = beta;
  v[0] = alpha;
  v[1] = -beta;
  return { u, v };
}

/**
 * n samples of split `split` from seeded streams: signs and flips from (seed, 'xor-labels', split),
 * sample i's noise from (seed, 'noise', split, i), so the same seed gives the same data everywhere
 * and the training set does not change when nTest does.
 */
export function sampleXor(model: XorModel, seed: number, split: string, n: number): XorSample {
  const { d } = model;
  const { alpha, beta } = featureScales(model);
  const labels = new Rng(seed, 'xor-labels', split);
  const signal = new Float64Array(n * d);
  const noise = new Float64Array(n * d);
  const y = new Int8Array(n);
  const yTrue = new Int8Array(n);
  const s1 = new Int8Array(n);
  const s2 = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    s1[i] = labels.sign();
    s2[i] = labels.sign();
    yTrue[i] = s1[i] * s2[i];
    y[i] = model.labelNoise > 0 && labels.bernoulli(model.labelNoise) ? -yTrue[i] : yTrue[i];
    signal[i * d] = s1[i] * alpha;
    signal[i * d + 1] = s2[i] * beta;
    const rng = new Rng(seed, 'noise', split, i);
    for (let k = 0; k < d; k++) noise[i * d + k] = model.sigmaP * rng.normal();
    if (model.noiseCovariance === 'projected') {
      noise[i * d] = 0;
      noise[i * d + 1] = 0;
    }
  }
  return { n, d, signal, noise, y, yTrue, s1, s2 };
}
