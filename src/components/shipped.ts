import { SHIPPED } from '../registry.js';
import { fashionMnist, imageParams, mnist } from './data/real-images.js';
import { synthetic, syntheticParams } from './data/synthetic.js';
import { registerDataModel } from './data-model.js';
import { registerMetric } from './metric.js';
import { SHIPPED_METRICS } from './metrics/shipped.js';
import { gd } from './optimizers/gd.js';
import { sgd, sgdParams } from './optimizers/sgd.js';
import { registerOptimizer } from './optimizer.js';
import { simclr, simclrParams } from './regimes/simclr.js';
import { supervised, supervisedParams } from './regimes/supervised.js';
import { registerRegime } from './regime.js';

// The shipped components register through the same calls as a plug-in's (src/plugins/register.ts).
for (const model of [synthetic, mnist, fashionMnist]) registerDataModel(model, SHIPPED);
for (const regime of [supervised, simclr]) registerRegime(regime, SHIPPED);
for (const optimizer of [gd, sgd]) registerOptimizer(optimizer, SHIPPED);
for (const metric of SHIPPED_METRICS) registerMetric(metric, SHIPPED);

/** The shipped components' own parameters, for the static type of SimParams. */
export const SHIPPED_PARAMS = { ...syntheticParams.shape, ...imageParams.shape, ...supervisedParams.shape, ...simclrParams.shape, ...sgdParams.shape };
