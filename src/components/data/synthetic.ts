import { z } from 'zod';
import { SyntheticSource } from '../../data/synthetic.js';
import { defineDataModel } from '../data-model.js';

/**
 * The signal-noise patch model of Cao et al. 2022 / Kou et al. 2023 [lineage] (src/data/synthetic.ts):
 * x = [y mu, xi], mu = muNorm e_1, labels flipped with probability labelNoise.
 */
export const syntheticParams = z.object({
  /** `projected`: xi ~ N(0, sigmaP^2 (I - mu mu^T/||mu||^2)) (Cao et al.); `isotropic`: N(0, sigmaP^2 I). */
  noiseCovariance: z.enum(['projected', 'isotropic']).default('projected').describe('projected | isotropic'),
});

export const synthetic = defineDataModel({
  name: 'synthetic',
  description: 'signal patch y mu, Gaussian noise patch',
  params: syntheticParams,
  source: (p) => new SyntheticSource({ d: p.d, muNorm: p.muNorm, sigmaP: p.sigmaP, labelNoise: p.labelNoise, noiseCovariance: p.noiseCovariance }, p.seed),
});
