import { z } from 'zod';
import { IMAGE_DIM } from '../../data/real/images.js';
import { RealImageSource, type RealData } from '../../data/real/source.js';
import { defineDataModel } from '../data-model.js';
import { regimes } from '../regime.js';

const imageClass = z.number().int().min(0).max(9);

/** Shared by both image sources (one schema, so one run parameter). */
export const imageParams = z.object({
  /** The two classes of the binary task; the first gets label +1. Also "a,b" (flags, spec enums). */
  classes: z
    .preprocess(
      (v) => (typeof v === 'string' && /^\s*\d+\s*,\s*\d+\s*$/.test(v) ? v.split(',').map(Number) : v),
      z.tuple([imageClass, imageClass]).refine(([a, b]) => a !== b, 'the two classes must differ'),
    )
    .default([0, 1])
    .describe("real images: the two classes as 'a,b', the first labelled +1"),
  /** The partner view's image is shifted by up to this many pixels in each direction [choice]. */
  imageShift: z.number().int().min(0).max(27).default(0).describe('real images: partner image shifted by up to this many pixels'),
});

/** The signal patch is a real 28 x 28 image of norm muNorm [choice] (src/data/real/source.ts). */
function imageModel(name: RealData, title: string) {
  return defineDataModel({
    name,
    description: `${title} images as the signal patch, Gaussian noise patch`,
    params: imageParams,
    dimension: IMAGE_DIM,
    source: (p) =>
      new RealImageSource({
        data: name,
        classes: p.classes,
        muNorm: p.muNorm,
        sigmaP: p.sigmaP,
        labelNoise: p.labelNoise,
        seed: p.seed,
        nLabeled: p.nLabeled,
        nUnlabeled: regimes.require(p.regime, 'regime').unlabeled?.(p) ?? 0,
        nTest: p.nTest,
      }),
  });
}

export const mnist = imageModel('mnist', 'MNIST digit');
export const fashionMnist = imageModel('fashion-mnist', 'Fashion-MNIST');
