import { defineMetric, type MetricComponent } from '../metric.js';

// Errors are fractions of points and alignments mean |cos| values, in [0, 1]; losses are logistic
// losses, >= 0 and unbounded above. Every engine measures these at the end of every run.
export const SHIPPED_METRICS: readonly MetricComponent[] = [
  defineMetric({ name: 'trainLoss', description: 'logistic loss on the training split', preference: 'lower', range: [0, Infinity], tex: 'L_{\\mathrm{train}}' }),
  defineMetric({ name: 'trainError', description: '0-1 error on the training split (observed labels)', preference: 'lower', range: [0, 1], tex: '\\mathrm{err}_{\\mathrm{train}}' }),
  defineMetric({ name: 'testLoss', description: 'logistic loss on the test split', preference: 'lower', range: [0, Infinity], tex: 'L_{\\mathrm{test}}' }),
  defineMetric({ name: 'testError', description: '0-1 error on the test split', preference: 'lower', range: [0, 1], tex: '\\mathrm{err}_{\\mathrm{test}}' }),
  defineMetric({ name: 'alignment', description: 'mean over filters of |cos(w_r, signal direction)| at the end of the run', preference: 'higher', range: [0, 1], tex: '\\mathrm{align}' }),
  defineMetric({
    name: 'alignmentPretrain',
    description: 'mean |cos(w_r, signal direction)| right after pre-training (simclr regime)',
    preference: 'higher',
    range: [0, 1],
    tex: '\\mathrm{align}_{\\mathrm{pre}}',
  }),
];
