import { InputError } from '../../util/errors.js';
import { Rng } from '../../util/rng.js';
import type { Dataset, DataSource, Split } from '../source.js';
import { sampleNoise, type DataModel } from '../synthetic.js';
import { loadFashionMnist } from './fashion.js';
import { IMAGE_DIM, type ImageSet } from './images.js';
import { loadMnistDigits } from './mnist.js';
import { shiftImages } from './shift.js';

export const REAL_DATA = ['mnist', 'fashion-mnist'] as const;
export type RealData = (typeof REAL_DATA)[number];

export interface RealImageOptions {
  data: RealData;
  /** [a, b]: images of class a get label +1, class b label -1. */
  classes: readonly [number, number];
  /** Norm of every signal patch (the flattened image), so SNR = muNorm / (sigmaP sqrt(784)). */
  muNorm: number;
  sigmaP: number;
  /** Probability that an observed label is flipped, as in the synthetic model. */
  labelNoise: number;
  seed: number;
  /** Sizes the run will ask for, to reserve disjoint parts of each split up front. */
  nLabeled: number;
  /** 0 when the run uses no unlabelled data (supervised regime). */
  nUnlabeled: number;
  nTest: number;
  /** Loader override (tests); default reads the installed data set. */
  load?: (split: 'train' | 'test') => ImageSet;
}

export function loadImages(data: RealData, split: 'train' | 'test', classes: readonly number[]): ImageSet {
  return data === 'mnist' ? loadMnistDigits(split, classes) : loadFashionMnist(split, undefined, classes);
}

/** A balanced, shuffled list of image indices of a split: pairs (one of class a, one of class b) in random order. */
interface Pool {
  index: Int32Array;
  label: Int8Array;
}

/**
 * Real images in the two-patch input of the data model: x = [signal patch, noise patch], where the
 * signal patch is a flattened 28 x 28 image of class a (label +1) or b (label -1) rescaled to norm
 * muNorm, and the noise patch is N(0, sigmaP^2 I) (isotropic: an image set has no single mu to
 * project out [choice]). d = 784.
 *
 * Splits [choice]: each split of the image set gives a balanced pool of size 2 min(count_a, count_b),
 * shuffled by the seed. From the training split's pool, the labelled set (`train`, at most nLabeled)
 * comes from the front, the unlabelled set (`unlabeled`, at most nUnlabeled; labels dropped by the
 * consumer) from the back, and `validation` (held-out unlabelled data for early stopping) from what
 * lies between; the test set comes from the test split's pool. So the four sets are disjoint for
 * every request that fits its region (else InputError), and a smaller n gives a prefix of a larger one.
 */
export class RealImageSource implements DataSource {
  readonly name: string;
  readonly d = IMAGE_DIM;
  readonly imageShape = [28, 28] as const;
  private readonly sets: Record<'train' | 'test', ImageSet>;
  private readonly pools: Record<'train' | 'test', Pool>;
  private readonly byClass: [Int32Array, Int32Array];
  private readonly noiseModel: DataModel;
  private direction: Float32Array | null = null;

  constructor(readonly options: RealImageOptions) {
    const [a, b] = options.classes;
    for (const c of options.classes) {
      if (!Number.isInteger(c) || c < 0 || c > 9) throw new InputError(`classes: ${c} is not a class 0..9`, { field: 'classes', value: options.classes });
    }
    if (a === b) throw new InputError(`classes: a binary task needs two different classes (got ${a},${b})`, { field: 'classes', value: options.classes });
    this.name = `${options.data}:${a}v${b}`;
    const load = options.load ?? ((split: 'train' | 'test') => loadImages(options.data, split, options.classes));
    this.sets = { train: load('train'), test: load('test') };
    for (const split of ['train', 'test'] as const) {
      const set = this.sets[split];
      if (set.rows * set.cols !== IMAGE_DIM) throw new InputError(`${set.name} ${split}: images of ${set.rows} x ${set.cols}, expected 28 x 28`);
    }
    this.pools = { train: this.pool('train'), test: this.pool('test') };
    this.checkReservations();
    this.byClass = [classIndices(this.sets.train, a), classIndices(this.sets.train, b)];
    this.noiseModel = { d: IMAGE_DIM, muNorm: options.muNorm, sigmaP: options.sigmaP, labelNoise: options.labelNoise, noiseCovariance: 'isotropic' };
  }

  private pool(split: 'train' | 'test'): Pool {
    const set = this.sets[split];
    const [a, b] = this.options.classes;
    const rng = new Rng(this.options.seed, 'real-pool', split);
    const ia = shuffle(classIndices(set, a), rng);
    const ib = shuffle(classIndices(set, b), rng);
    const pairs = Math.min(ia.length, ib.length);
    const index = new Int32Array(2 * pairs);
    const label = new Int8Array(2 * pairs);
    for (let k = 0; k < pairs; k++) {
      const aFirst = rng.bernoulli(0.5);
      index[2 * k] = aFirst ? ia[k] : ib[k];
      label[2 * k] = aFirst ? 1 : -1;
      index[2 * k + 1] = aFirst ? ib[k] : ia[k];
      label[2 * k + 1] = aFirst ? -1 : 1;
    }
    return { index, label };
  }

  /** Size of the balanced pool of a split of the image set. */
  poolSize(split: 'train' | 'test'): number {
    return this.pools[split].index.length;
  }

  /** Which image of the image set's split each sample of `sample(split, n)` is (for tests and reports). */
  imageIndices(split: Split, n: number): { from: 'train' | 'test'; index: Int32Array } {
    const { from, positions } = this.positions(split, n);
    return { from, index: Int32Array.from(positions, (p) => this.pools[from].index[p]) };
  }

  /**
   * Layout of the balanced pools: training pool = [labelled: nLabeled | validation: the rest | unlabelled: nUnlabeled],
   * the unlabelled set counted from the back; the test pool serves the test set from the front.
   */
  private region(split: Split): { from: 'train' | 'test'; start: number; capacity: number; fromBack: boolean } {
    const { nLabeled, nUnlabeled } = this.options;
    const size = this.poolSize(split === 'test' ? 'test' : 'train');
    switch (split) {
      case 'train':
        return { from: 'train', start: 0, capacity: nLabeled, fromBack: false };
      case 'validation':
        return { from: 'train', start: nLabeled, capacity: size - nLabeled - nUnlabeled, fromBack: false };
      case 'unlabeled':
        return { from: 'train', start: size - 1, capacity: nUnlabeled, fromBack: true };
      case 'test':
        return { from: 'test', start: 0, capacity: size, fromBack: false };
    }
  }

  private checkReservations(): void {
    const { nLabeled, nUnlabeled, nTest, data, classes } = this.options;
    const train = this.poolSize('train');
    const test = this.poolSize('test');
    const what = `${data} classes ${classes[0]},${classes[1]}`;
    if (nLabeled + nUnlabeled > train) {
      throw new InputError(
        `${what}: the training split has ${train} images in balanced pairs; nLabeled=${nLabeled} plus nUnlabeled=${nUnlabeled} exceed it (lower them or choose classes with more images)`,
        { field: nUnlabeled > 0 ? 'nUnlabeled' : 'nLabeled', value: nLabeled + nUnlabeled },
      );
    }
    if (nTest > test) {
      throw new InputError(`${what}: the test split has ${test} images in balanced pairs; nTest=${nTest} exceeds it (lower nTest)`, { field: 'nTest', value: nTest });
    }
  }

  private positions(split: Split, n: number): { from: 'train' | 'test'; positions: Int32Array } {
    const { from, start, capacity, fromBack } = this.region(split);
    if (n > capacity) {
      const [a, b] = this.options.classes;
      const reserved = split === 'validation' ? 'what nLabeled and nUnlabeled leave of the training split' : `the run's reservation for it`;
      throw new InputError(
        `${this.options.data} classes ${a},${b}: ${split} n=${n} exceeds ${reserved} (${capacity} images); the labelled, unlabelled, validation and test sets must stay disjoint`,
        { field: split, value: n },
      );
    }
    return { from, positions: Int32Array.from({ length: n }, (_, i) => (fromBack ? start - i : start + i)) };
  }

  sample(split: Split, n: number): Dataset {
    const { from, positions } = this.positions(split, n);
    const pool = this.pools[from];
    const set = this.sets[from];
    const yTrue = Int8Array.from(positions, (p) => pool.label[p]);
    const y = new Int8Array(n);
    const flips = new Rng(this.options.seed, 'labels', split);
    for (let i = 0; i < n; i++) y[i] = this.options.labelNoise > 0 && flips.bernoulli(this.options.labelNoise) ? -yTrue[i] : yTrue[i];
    const signal = new Float32Array(n * IMAGE_DIM);
    for (let i = 0; i < n; i++) this.writeImage(set, pool.index[positions[i]], signal, i);
    return { n, d: IMAGE_DIM, y, yTrue, signal, noise: sampleNoise(this.noiseModel, this.options.seed, split, n) };
  }

  private writeImage(set: ImageSet, image: number, out: Float32Array, row: number): void {
    const src = set.pixels.subarray(image * IMAGE_DIM, (image + 1) * IMAGE_DIM);
    let sq = 0;
    for (let k = 0; k < IMAGE_DIM; k++) sq += src[k] * src[k];
    if (sq === 0) throw new InputError(`${set.name} ${set.split} image ${image} is blank: it cannot be normalised`);
    const scale = this.options.muNorm / Math.sqrt(sq);
    for (let k = 0; k < IMAGE_DIM; k++) out[row * IMAGE_DIM + k] = Math.fround(src[k] * scale);
  }

  freshNoise(stream: string, n: number): Float32Array {
    return sampleNoise(this.noiseModel, this.options.seed, `fresh:${stream}`, n);
  }

  /** Random training images of the class of each label (+1: class a, -1: class b), for `shuffle-signal`. */
  signalFor(labels: Int8Array, stream = ''): Float32Array {
    const rng = new Rng(this.options.seed, 'real-signal', stream);
    const out = new Float32Array(labels.length * IMAGE_DIM);
    for (let i = 0; i < labels.length; i++) {
      const candidates = this.byClass[labels[i] > 0 ? 0 : 1];
      this.writeImage(this.sets.train, candidates[rng.int(candidates.length)], out, i);
    }
    return out;
  }

  /** Image augmentation: random shifts of up to maxShift pixels, norm kept (see shift.ts). */
  shiftSignal(signal: Float32Array, maxShift: number, stream: string): Float32Array {
    const n = signal.length / IMAGE_DIM;
    return shiftImages(signal, n, 28, 28, maxShift, new Rng(this.options.seed, 'real-shift', stream));
  }

  /**
   * [choice] The label-relevant direction of an image task: the difference of the class means of the
   * unit-norm training images, normalised. Alignment with it is the image analogue of |cos(w, mu)|.
   */
  signalDirection(): Float32Array {
    if (this.direction) return this.direction;
    const mean = new Float64Array(IMAGE_DIM);
    for (const [side, indices] of this.byClass.entries()) {
      const sign = side === 0 ? 1 : -1;
      for (const image of indices) {
        const src = this.sets.train.pixels.subarray(image * IMAGE_DIM, (image + 1) * IMAGE_DIM);
        let sq = 0;
        for (let k = 0; k < IMAGE_DIM; k++) sq += src[k] * src[k];
        const w = sign / (Math.sqrt(sq) * indices.length);
        for (let k = 0; k < IMAGE_DIM; k++) mean[k] += w * src[k];
      }
    }
    let norm = 0;
    for (const v of mean) norm += v * v;
    norm = Math.sqrt(norm);
    this.direction = Float32Array.from(mean, (v) => v / norm);
    return this.direction;
  }
}

function classIndices(set: ImageSet, c: number): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < set.n; i++) if (set.labels[i] === c) out.push(i);
  if (out.length === 0) throw new InputError(`${set.name} ${set.split} split has no image of class ${c}`, { field: 'classes', value: c });
  return Int32Array.from(out);
}

function shuffle(values: Int32Array, rng: Rng): Int32Array {
  const perm = rng.permutation(values.length);
  return Int32Array.from(perm, (p) => values[p]);
}
