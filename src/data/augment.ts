import type { SimParams } from '../engine/params.js';
import { InputError } from '../util/errors.js';
import { Rng } from '../util/rng.js';
import { streamedPatches, type StreamedPatches } from './rows.js';
import type { Dataset, DataSource } from './source.js';

/** The two patches of the partner views of a batch, row-major n x d each. */
export interface Views {
  signal: Float32Array;
  noise: Float32Array;
}

export type AugmentOptions = Pick<SimParams, 'seed' | 'augment' | 'augmentResample' | 'alpha' | 'maskProb'> & Partial<Pick<SimParams, 'imageShift'>>;

/** True when the partner views change from step to step (the engine must rebuild them). */
export function resamplesEachStep(opts: AugmentOptions): boolean {
  return opts.augmentResample === 'every-step' && (opts.augment !== 'identity' || (opts.imageShift ?? 0) > 0);
}

/**
 * The augmented partner of every sample of `data` (paper-model.md, "Augmentation options"):
 * - class-conditional [paper]: same signal patch, an independent noise patch xi~_i;
 * - perturb-noise [choice]: same signal, noise sqrt(1 - alpha^2) xi_i + alpha xi~_i;
 * - mask [choice]: same signal, each noise coordinate zeroed with probability maskProb (no rescaling);
 * - identity: the sample itself;
 * - shuffle-signal (negative control): the sample's own noise patch with the signal of an
 *   independent random label, so the two views share only what is irrelevant to the label.
 *
 * Engine-agnostic and deterministic: the randomness comes from named streams of (seed, stream,
 * draw), where the draw is fixed for `augmentResample: 'once'` and is the step for `every-step`.
 *
 * Image sources also take `imageShift` [choice]: after the above, the partner's signal patch (the
 * image) is shifted at random by up to imageShift pixels each way, its norm kept (src/data/real/shift.ts).
 */
export function partnerViews(source: DataSource, data: Dataset, opts: AugmentOptions, stream: string, step = 0): Views {
  const draw = resamplesEachStep(opts) ? `${stream}:step${step}` : stream;
  const views = baseViews(source, data, opts, draw);
  const shift = opts.imageShift ?? 0;
  if (shift === 0) return views;
  if (!source.shiftSignal) {
    throw new InputError(`imageShift: data source '${source.name}' has no images to shift (got imageShift=${shift})`, { field: 'imageShift', value: shift });
  }
  return { signal: source.shiftSignal(views.signal, shift, `augment-shift:${draw}`), noise: views.noise };
}

function baseViews(source: DataSource, data: Dataset, opts: AugmentOptions, draw: string): Views {
  switch (opts.augment) {
    case 'identity':
      return { signal: data.signal, noise: data.noise };
    case 'class-conditional':
      return { signal: data.signal, noise: source.freshNoise(`augment:${draw}`, data.n) };
    case 'perturb-noise': {
      const fresh = source.freshNoise(`augment:${draw}`, data.n);
      const keep = Math.sqrt(1 - opts.alpha * opts.alpha);
      const noise = new Float32Array(fresh.length);
      for (let k = 0; k < noise.length; k++) noise[k] = keep * data.noise[k] + opts.alpha * fresh[k];
      return { signal: data.signal, noise };
    }
    case 'mask': {
      const rng = new Rng(opts.seed, 'augment-mask', draw);
      const noise = new Float32Array(data.noise.length);
      for (let k = 0; k < noise.length; k++) noise[k] = rng.bernoulli(opts.maskProb) ? 0 : data.noise[k];
      return { signal: data.signal, noise };
    }
    case 'shuffle-signal': {
      const rng = new Rng(opts.seed, 'augment-shuffle', draw);
      const labels = new Int8Array(data.n);
      for (let i = 0; i < data.n; i++) labels[i] = rng.sign();
      return { signal: source.signalFor(labels, `augment:${draw}`), noise: data.noise };
    }
  }
}

/**
 * partnerViews as row generators (src/data/rows.ts), the same numbers without holding them, when the
 * dataset streams its rows and the augmentation needs no pass over all of them (class-conditional,
 * identity; no image shift); null otherwise (use partnerViews).
 */
export function partnerRows(source: DataSource, data: Dataset, opts: AugmentOptions, stream: string, step = 0): StreamedPatches | null {
  const own = streamedPatches(data);
  if (!own || (opts.imageShift ?? 0) > 0) return null;
  if (opts.augment === 'identity') return own;
  if (opts.augment === 'class-conditional' && source.freshNoiseRows) {
    const draw = resamplesEachStep(opts) ? `${stream}:step${step}` : stream;
    return { signal: own.signal, noise: source.freshNoiseRows(`augment:${draw}`) };
  }
  return null;
}
