// The public API, as a spec folder outside this repository imports it from 'theorem-harness'.
import { defineMetric, defineOptimizer, definePlugin, defineRegime, miniBatch, z } from '../../src/index.js';
import { noiseMemorisation, signalLearning } from './memorisation.js';
import { samUpdate } from './sam.js';

/**
 * Mini-batch SAM as a harness optimizer: on the batch B_t of step t,
 * W(t+1) = W(t) - eta grad L_{B_t}(W(t) + tau g / ||g||), g = grad L_{B_t}(W(t)).
 * Batches come from the harness's seeded schedule (miniBatch: an epoch a fresh permutation), the
 * one the shipped `sgd` draws, so samRadius = 0 is mini-batch SGD on the same batches: the spec's
 * SGD arm is this optimizer at radius 0, and the two arms differ only in tau.
 */
export const sam = defineOptimizer({
  name: 'sam',
  description: 'sharpness-aware minimization on mini-batches: W - eta grad L_B(W + tau g / ||g||)',
  params: z.object({
    samRadius: z.number().finite().min(0).default(0.05).describe('SAM perturbation radius tau (0: plain (mini-batch) SGD)'),
    samBatchSize: z.number().int().positive().optional().describe('mini-batch size B of SAM and SGD (default: the full batch)'),
  }),
  create: (p) => ({
    step: ({ weights, gradient, gradientAt, lr, ops, nSamples, seed, phase, step }) => {
      const B = p.samBatchSize;
      if (B === undefined || nSamples === null || B >= nSamples) return samUpdate(ops, weights, gradient, gradientAt, lr, p.samRadius);
      const batch = miniBatch({ seed, phase, step, nSamples, batchSize: B });
      return samUpdate(ops, weights, gradientAt(weights, batch), (w) => gradientAt(w, batch), lr, p.samRadius);
    },
  }),
});

/** rho-bar (max form): the noise the filters of each sample's own class memorised (memorisation.ts). */
export const noiseMemorisationMetric = defineMetric({
  name: 'noiseMemorisation',
  description: 'max over j, r and i with y_i = j of <w_{j,r}(T) - w_{j,r}(0), xi_i> / ||xi_i||^2',
  preference: 'lower',
  range: null,
  tex: '\\bar{\\rho}_{\\max}',
  compute: ({ initial, final, m, d, train }) => noiseMemorisation(initial, final, m, d, train.noise, train.y),
});

/** gamma (max form): the signal each class's filters learnt, the smaller of the two classes. */
export const signalLearningMetric = defineMetric({
  name: 'signalLearning',
  description: 'min over j of max_r <w_{j,r}(T), j mu> / ||mu||^2',
  preference: 'higher',
  range: null,
  tex: '\\gamma_{\\max}',
  compute: ({ final, m, d, signalDirection, params }) => signalLearning(final, m, d, signalDirection, params.muNorm),
});

/** Supervised training (as the shipped `supervised` regime) that also reports the two coefficients at its last step. */
export const memorisation = defineRegime({
  name: 'memorisation',
  description: 'supervised training reporting noise memorisation and signal learning of the filters',
  params: z.object({}),
  blocks: ['toArray', 'trainingSet'],
  metrics: ['noiseMemorisation', 'signalLearning'],
  run(b, p) {
    const W0 = b.initialise('supervised', p.sigma0);
    const initial = b.toArray!(W0);
    const fit = b.fit(W0, { phase: 'train', eta: p.eta, steps: p.steps, activation: p.activation });
    return {
      metrics: b.evaluate(fit.W, p.activation),
      trainCurve: fit.curve,
      diverged: fit.diverged,
      lastPhase: 'train',
      lastSteps: p.steps,
      filters: { initial, final: b.toArray!(fit.W) },
    };
  },
});

export default definePlugin({ name: 'chen-2023-sam', optimizers: [sam], metrics: [noiseMemorisationMetric, signalLearningMetric], regimes: [memorisation] });
