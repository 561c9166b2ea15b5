// The public API, as a spec folder outside this repository imports it from 'theorem-harness'.
import { defineOptimizer, definePlugin, z } from '../../src/index.js';
import { samUpdate } from './sam.js';

/**
 * SAM as a harness optimizer: W(t+1) = W(t) - eta grad L(W(t) + tau g / ||g||), g = grad L(W(t)).
 * samRadius = 0 is plain gradient descent on the same steps, so the spec's SGD arm is the same
 * optimizer at radius 0 and the two arms differ only in tau.
 */
export const sam = defineOptimizer({
  name: 'sam',
  description: 'sharpness-aware minimization: W - eta grad L(W + tau g / ||g||)',
  params: z.object({
    samRadius: z.number().finite().min(0).default(0.05).describe('SAM perturbation radius tau (0: plain gradient descent)'),
  }),
  create: (p) => ({
    step: ({ weights, gradient, gradientAt, lr, ops }) => samUpdate(ops, weights, gradient, gradientAt, lr, p.samRadius),
  }),
});

export default definePlugin({ name: 'chen-2023-sam', optimizers: [sam] });
