import type { RowFill } from './rows.js';

/**
 * Where a run's samples come from. Every source produces the two-patch input of the data model,
 * x = [signal patch, noise patch], so engines never know whether the signal is y * mu or an image.
 */
export interface Dataset {
  n: number;
  d: number;
  /** Labels the learner sees (after label flips), +1 or -1. */
  y: Int8Array;
  /** Labels that generated the signal patch, +1 or -1. */
  yTrue: Int8Array;
  /** Signal patches x^(1), row-major n x d. */
  signal: Float32Array;
  /** Noise patches x^(2), row-major n x d. */
  noise: Float32Array;
}

export type Split = 'train' | 'test' | 'unlabeled' | 'validation';

export interface DataSource {
  readonly name: string;
  readonly d: number;
  /** Unit vector of the label-relevant direction (mu / ||mu|| for the toy model), for alignment metrics. */
  signalDirection(): Float32Array;
  /** n samples of a split; same (source parameters, seed, split, n) gives the same data everywhere. */
  sample(split: Split, n: number): Dataset;
  /** Fresh noise patches (n x d), from the named stream; used by augmentations. */
  freshNoise(stream: string, n: number): Float32Array;
  /** Optional: rows of freshNoise(stream, n) on demand, the same numbers (src/data/rows.ts). */
  freshNoiseRows?(stream: string): RowFill;
  /** Signal patches (n x d) for the given labels, from the named stream; used by `shuffle-signal`. */
  signalFor(labels: Int8Array, stream: string): Float32Array;
  /** Image sources only: rows x cols of the signal patch. */
  readonly imageShape?: readonly [number, number];
  /** Image sources only: signal patches shifted at random by up to maxShift pixels, norms kept (augmentation). */
  shiftSignal?(signal: Float32Array, maxShift: number, stream: string): Float32Array;
}
