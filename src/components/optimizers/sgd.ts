import { z } from 'zod';
import { defineOptimizer } from '../optimizer.js';
import { miniBatch } from './batches.js';

export const sgdParams = z.object({
  batchSize: z.number().int().positive().optional().describe('mini-batch size B of sgd (default: the full batch, i.e. gradient descent)'),
});

/**
 * Mini-batch SGD W(t+1) = W(t) - eta grad L_{B_t}(W(t)) [lineage], batches from miniBatch (seeded,
 * an epoch a permutation). In a phase without per-sample batches (SimCLR pre-training) and with
 * batchSize >= n it is gradient descent on the full loss.
 */
export const sgd = defineOptimizer({
  name: 'sgd',
  description: 'mini-batch SGD: W - eta grad L_B(W), batches of batchSize drawn per epoch',
  params: sgdParams,
  create: (p) => ({
    step: ({ weights, gradient, gradientAt, lr, ops, nSamples, seed, phase, step }) => {
      const B = p.batchSize;
      if (B === undefined || nSamples === null || B >= nSamples) return ops.sub(weights, ops.scale(gradient, lr));
      return ops.sub(weights, ops.scale(gradientAt(weights, miniBatch({ seed, phase, step, nSamples, batchSize: B })), lr));
    },
  }),
});
