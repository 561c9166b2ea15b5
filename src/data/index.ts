import type { SimParams } from '../engine/params.js';
import type { DataSource } from './source.js';
import { RealImageSource } from './real/source.js';
import { SyntheticSource } from './synthetic.js';

export type { Dataset, DataSource, Split } from './source.js';

/** The data source a run's parameters ask for. Real-image sources register here too. */
export function dataSourceFor(params: SimParams): DataSource {
  if (params.data !== 'synthetic') {
    return new RealImageSource({
      data: params.data,
      classes: params.classes,
      muNorm: params.muNorm,
      sigmaP: params.sigmaP,
      labelNoise: params.labelNoise,
      seed: params.seed,
      nLabeled: params.nLabeled,
      nUnlabeled: params.regime === 'simclr' ? params.nUnlabeled : 0,
      nTest: params.nTest,
    });
  }
  return new SyntheticSource(
    { d: params.d, muNorm: params.muNorm, sigmaP: params.sigmaP, labelNoise: params.labelNoise, noiseCovariance: params.noiseCovariance },
    params.seed,
  );
}
