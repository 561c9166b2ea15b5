// The public API, as a spec folder outside this repository imports it from 'theorem-harness'.
import { defineDataModel, definePlugin, z } from '../../src/index.js';
import { XorSource } from './source.js';

/** The XOR data model (xor-data.ts) as a harness data model, selected by `data: 'xor'`. */
export const xor = defineDataModel({
  name: 'xor',
  description: 'XOR signal patch (+-u: +1, +-v: -1), Gaussian noise patch orthogonal to both features',
  params: z.object({
    cosTheta: z.number().min(0).lt(1).default(0).describe('feature correlation <u, v> / ||mu||^2 in [0, 1)'),
    // Its own name: sharing the synthetic model's `noiseCovariance` needs that very zod object, and a
    // spec inside this repository imports src/ while the CLI runs dist/ (two instances of it).
    xorNoise: z.enum(['projected', 'isotropic']).default('projected').describe('noise patch projected off both features, or isotropic'),
  }),
  source: (p) =>
    new XorSource({ d: p.d, muNorm: p.muNorm, cosTheta: p.cosTheta, sigmaP: p.sigmaP, labelNoise: p.labelNoise, noiseCovariance: p.xorNoise }, p.seed),
});

export default definePlugin({ name: 'meng-2024-xor', dataModels: [xor] });
