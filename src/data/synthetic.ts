import { Rng } from '../util/rng.js';

/**
 * The data model of Cao et al. 2022 / Kou et al. 2023 [lineage]:
 * x = [y_true * mu, xi] with mu = muNorm * e_1, observed label y = -y_true with probability labelNoise,
 * xi ~ N(0, sigmaP^2 (I - e_1 e_1^T)) (`projected`) or N(0, sigmaP^2 I) (`isotropic`).
 *
 * Every sample's noise comes from its own stream (seed, split, index), generated coordinate by
 * coordinate, so the same seed gives the same data on every machine and a consumer can stream
 * the noise in blocks of coordinates (the exact engine at d = 10^6) and see the very same numbers.
 */
export interface DataModel {
  d: number;
  muNorm: number;
  sigmaP: number;
  labelNoise: number;
  noiseCovariance: 'projected' | 'isotropic';
}

export type Split = 'train' | 'test' | 'unlabeled' | 'validation' | string;

export interface Dataset {
  n: number;
  d: number;
  /** Labels the learner sees (after label flips), +1 or -1. */
  y: Int8Array;
  /** Labels that generated the signal patch, +1 or -1. */
  yTrue: Int8Array;
  /** Noise patches, row-major n x d (float32 values). */
  xi: Float32Array;
}

/** Labels of a split: true labels uniform on {-1,+1}, observed ones flipped with probability labelNoise. */
export function sampleLabels(model: DataModel, seed: number, split: Split, n: number): { y: Int8Array; yTrue: Int8Array } {
  const rng = new Rng(seed, 'labels', split);
  const y = new Int8Array(n);
  const yTrue = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    yTrue[i] = rng.sign();
    const flipped = model.labelNoise > 0 && rng.bernoulli(model.labelNoise);
    y[i] = flipped ? -yTrue[i] : yTrue[i];
  }
  return { y, yTrue };
}

/** Sequential generator of one sample's noise patch; fill() continues where the last call stopped. */
export class NoiseStream {
  private readonly rng: Rng;
  private position = 0;
  constructor(private readonly model: DataModel, seed: number, split: Split, index: number) {
    this.rng = new Rng(seed, 'noise', split, index);
  }

  /** Write the next `count` coordinates into out[offset..offset+count). */
  fill(out: Float32Array | Float64Array, offset = 0, count = out.length - offset): void {
    this.rng.fillNormal(out, this.model.sigmaP, offset, count);
    // The projection onto mu's orthogonal complement zeroes coordinate 0, since mu is along e_1.
    if (this.model.noiseCovariance === 'projected' && this.position === 0 && count > 0) out[offset] = 0;
    this.position += count;
  }
}

export function sampleDataset(model: DataModel, seed: number, split: Split, n: number): Dataset {
  const { y, yTrue } = sampleLabels(model, seed, split, n);
  const xi = new Float32Array(n * model.d);
  for (let i = 0; i < n; i++) new NoiseStream(model, seed, split, i).fill(xi, i * model.d, model.d);
  return { n, d: model.d, y, yTrue, xi };
}

/** The signal vector mu = muNorm * e_1 as a dense array (for engines that need it). */
export function signalVector(model: Pick<DataModel, 'd' | 'muNorm'>): Float32Array {
  const mu = new Float32Array(model.d);
  mu[0] = model.muNorm;
  return mu;
}
