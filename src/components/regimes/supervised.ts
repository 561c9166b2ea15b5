import { z } from 'zod';
import { defineRegime } from '../regime.js';

export const supervisedParams = z.object({
  eta: z.number().finite().positive().default(1).describe('step size of supervised training'),
  steps: z.number().int().nonnegative().default(2000).describe('steps of supervised training'),
});

/** Direct supervised training [lineage]: the CNN from a small random initialisation on the labelled logistic loss. */
export const supervised = defineRegime({
  name: 'supervised',
  description: 'train the CNN on the labelled samples',
  params: supervisedParams,
  blocks: [],
  run(b, p) {
    const fit = b.fit(b.initialise('supervised', p.sigma0), { phase: 'train', eta: p.eta, steps: p.steps, activation: p.activation });
    return { metrics: b.evaluate(fit.W, p.activation), trainCurve: fit.curve, diverged: fit.diverged, lastPhase: 'train', lastSteps: p.steps };
  },
});
