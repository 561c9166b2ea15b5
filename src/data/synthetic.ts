import { Rng } from '../util/rng.js';
import { lazyDataset, type RowFill } from './rows.js';
import type { Dataset, DataSource, Split } from './source.js';

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

/** Labels of a split: true labels uniform on {-1,+1}, observed ones flipped with probability labelNoise. */
export function sampleLabels(model: DataModel, seed: number, split: string, n: number): { y: Int8Array; yTrue: Int8Array } {
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
  constructor(private readonly model: DataModel, seed: number, stream: string, index: number) {
    this.rng = new Rng(seed, 'noise', stream, index);
  }

  /** Write the next `count` coordinates into out[offset..offset+count). */
  fill(out: Float32Array | Float64Array, offset = 0, count = out.length - offset): void {
    this.rng.fillNormal(out, this.model.sigmaP, offset, count);
    // The projection onto mu's orthogonal complement zeroes coordinate 0, since mu is along e_1.
    if (this.model.noiseCovariance === 'projected' && this.position === 0 && count > 0) out[offset] = 0;
    this.position += count;
  }

  /** Move past the next `count` coordinates as fill() would, without generating them. */
  skip(count: number): void {
    this.rng.skipNormals(count);
    this.position += count;
  }
}

/** n noise patches (n x d) from stream `stream`; sample i uses NoiseStream(model, seed, stream, i). */
export function sampleNoise(model: DataModel, seed: number, stream: string, n: number): Float32Array {
  const out = new Float32Array(n * model.d);
  noiseRows(model, seed, stream)(0, n, out);
  return out;
}

/** Rows of sampleNoise(model, seed, stream, n), any range of them, without making the rest. */
export function noiseRows(model: DataModel, seed: number, stream: string): RowFill {
  return (r0, rows, out) => {
    for (let i = 0; i < rows; i++) new NoiseStream(model, seed, stream, r0 + i).fill(out, i * model.d, model.d);
  };
}

export class SyntheticSource implements DataSource {
  readonly name = 'synthetic';
  readonly d: number;
  constructor(readonly model: DataModel, readonly seed: number) {
    this.d = model.d;
  }

  signalDirection(): Float32Array {
    const e1 = new Float32Array(this.d);
    e1[0] = 1;
    return e1;
  }

  /** The patches are made on first read and can be streamed instead (src/data/rows.ts). */
  sample(split: Split, n: number): Dataset {
    const { y, yTrue } = sampleLabels(this.model, this.seed, split, n);
    return lazyDataset({ n, d: this.d, y, yTrue }, { signal: this.signalRows(yTrue), noise: noiseRows(this.model, this.seed, split) }, n, this.d);
  }

  freshNoise(stream: string, n: number): Float32Array {
    return sampleNoise(this.model, this.seed, `fresh:${stream}`, n);
  }

  freshNoiseRows(stream: string): RowFill {
    return noiseRows(this.model, this.seed, `fresh:${stream}`);
  }

  signalFor(labels: Int8Array, _stream = ''): Float32Array {
    const out = new Float32Array(labels.length * this.d);
    this.signalRows(labels)(0, labels.length, out);
    return out;
  }

  /** Rows of signalFor(labels): y_i mu, mu along e_1. */
  private signalRows(labels: Int8Array): RowFill {
    const { d } = this;
    const mu = Math.fround(this.model.muNorm);
    return (r0, rows, out) => {
      out.fill(0, 0, rows * d);
      for (let i = 0; i < rows; i++) out[i * d] = labels[r0 + i] * mu;
    };
  }
}
