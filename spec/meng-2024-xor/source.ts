import type { Dataset, DataSource, Split } from '../../src/data/source.js';
import { Rng } from '../../src/util/rng.js';
import { featureScales, sampleXor, type XorModel } from './xor-data.js';

/**
 * The XOR model as a harness data source: the two-patch input [signal patch, noise patch] with the
 * signal patch one of +-u, +-v per sample. Values are rounded to float32 as the shipped sources
 * round theirs, so every engine sees the same numbers.
 */
export class XorSource implements DataSource {
  readonly name = 'xor';
  readonly d: number;

  constructor(readonly model: XorModel, readonly seed: number) {
    this.d = model.d;
  }

  /** e_1 = (u + v) / ||u + v||: the direction both features share (alignment metrics only). */
  signalDirection(): Float32Array {
    const e1 = new Float32Array(this.d);
    e1[0] = 1;
    return e1;
  }

  sample(split: Split, n: number): Dataset {
    const s = sampleXor(this.model, this.seed, split, n);
    return { n, d: this.d, y: s.y, yTrue: s.yTrue, signal: Float32Array.from(s.signal), noise: Float32Array.from(s.noise) };
  }

  freshNoise(stream: string, n: number): Float32Array {
    return Float32Array.from(sampleXor(this.model, this.seed, `fresh-${stream}`, n).noise);
  }

  /** A signal patch for each label: s_1 uniform, s_2 = y s_1, from stream (seed, 'xor-signal', stream). */
  signalFor(labels: Int8Array, stream = 'signal'): Float32Array {
    const { alpha, beta } = featureScales(this.model);
    const rng = new Rng(this.seed, 'xor-signal', stream);
    const out = new Float32Array(labels.length * this.d);
    for (let i = 0; i < labels.length; i++) {
      const s1 = rng.sign();
      out[i * this.d] = s1 * alpha;
      out[i * this.d + 1] = labels[i] * s1 * beta;
    }
    return out;
  }
}
