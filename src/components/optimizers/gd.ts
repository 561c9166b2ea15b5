import { z } from 'zod';
import { defineOptimizer } from '../optimizer.js';

/** Full-batch gradient descent W(t+1) = W(t) - eta grad L(W(t)) [lineage]. */
export const gd = defineOptimizer({
  name: 'gd',
  description: 'gradient descent: W - eta grad L(W)',
  params: z.object({}),
  spanPreserving: true,
  create: () => ({
    step: ({ weights, gradient, lr, ops }) => ops.sub(weights, ops.scale(gradient, lr)),
  }),
});
