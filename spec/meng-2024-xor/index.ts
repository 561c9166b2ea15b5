import { defineSpec } from '../../src/spec/schema.js';

/**
 * Meng, Zou, Cao. Benign Overfitting in Two-layer ReLU Convolutional Neural Networks for XOR Data
 * (ICML 2024, arXiv 2310.01975). See README.md in this folder for the data model, the analytic
 * Bayes risk and where each statement comes from. What the abstract states is `paper`; the
 * theorem forms are recalled (`lineage`); sizes and constants are ours (`choice`), set from a small
 * sweep of a float64 reference of the same network (d = 200, m = 10, eta = 1, 200 GD steps, p = 0.1).
 */

const abstract = 'Meng, Zou & Cao 2024, abstract';
const upper = 'Meng, Zou & Cao 2024, main theorem, upper bound (recalled form n ||mu||^4 >= C sigma_p^4 d; not verified)';
const lower = 'Meng, Zou & Cao 2024, main theorem, matching lower bound (recalled form n ||mu||^4 <= C sigma_p^4 d; not verified)';
const cond = 'Meng, Zou & Cao 2024, conditions of the main theorem (recalled, not verified)';

export default defineSpec({
  id: 'meng-2024-xor',
  title: 'Benign overfitting of a two-layer ReLU CNN on XOR data with label flips',
  source: {
    citation: 'Meng, Zou, Cao. Benign Overfitting in Two-layer ReLU Convolutional Neural Networks for XOR Data. ICML 2024.',
    arxiv: '2310.01975',
    url: 'https://proceedings.mlr.press/v235/meng24c.html',
  },
  description:
    'Signal patch one of +-u (label +1) or +-v (label -1), u = a + b, v = a - b, <u, v> = ||mu||^2 cos(theta); labels flipped with probability p, ' +
    'so the Bayes risk is exactly p (README.md derives it). Near Bayes-optimal test error above n ||mu||^4 = C sigma_p^4 d, at least p + a constant below it.',
  plugins: ['./plugin.ts'],

  parameters: [
    { name: 'data', type: 'enum', default: 'xor', values: ['xor'], description: 'the XOR data model of this folder\'s plug-in' },
    { name: 'd', type: 'int', default: 200, range: [10, 100_000], description: 'patch dimension' },
    { name: 'm', type: 'int', default: 10, range: [1, 1000], description: 'filters per class' },
    { name: 'muNorm', type: 'real', tex: '\\|\\mu\\|', default: 4, range: [0.01, 1000], description: '||u|| = ||v||' },
    { name: 'cosTheta', type: 'real', tex: '\\cos\\theta', default: 0, range: [0, 0.99], description: 'feature correlation <u, v> / ||mu||^2' },
    { name: 'sigmaP', type: 'real', tex: '\\sigma_p', default: 1, range: [1e-3, 1e3], description: 'noise standard deviation per coordinate' },
    { name: 'nLabeled', type: 'int', tex: 'n', default: 80, range: [2, 100_000], description: 'training samples' },
    { name: 'nTest', type: 'int', default: 1000, range: [100, 1_000_000], description: 'test samples' },
    { name: 'labelNoise', type: 'real', tex: 'p', default: 0.1, range: [0, 0.45], description: 'label-flip probability' },
    { name: 'activation', type: 'enum', default: 'relu', values: ['relu'], description: 'ReLU activation' },
    { name: 'sigma0', type: 'real', tex: '\\sigma_0', default: 0.01, range: [1e-8, 1], description: 'init scale' },
    { name: 'eta', type: 'real', tex: '\\eta', default: 1, range: [1e-6, 100], description: 'GD step' },
    { name: 'steps', type: 'int', tex: 'T', default: 200, range: [1, 1_000_000], description: 'GD steps' },
  ],

  constants: [
    { name: 'C1', tex: 'C_1', default: 300, range: [0.01, 1e5], description: 'near Bayes-optimal when n ||mu||^4 >= C1 sigma_p^4 d (value ours: at ratio 100 the quick check measured a mean test error of 0.155, above p + 0.05)', provenance: { mark: 'lineage', ref: `${upper}; value ours` } },
    { name: 'C3', tex: 'C_3', default: 8, range: [1e-4, 1e5], description: 'at least p + gap when n ||mu||^4 <= C3 sigma_p^4 d (value from the reference sweep)', provenance: { mark: 'lineage', ref: `${lower}; value ours` } },
    { name: 'C_boundary', tex: 'C', default: 40, range: [0.1, 1e4], description: 'the boundary n ||mu||^4 = C sigma_p^4 d, fitted by the phase-transition claim', provenance: { mark: 'lineage', ref: upper } },
    { name: 'eps', tex: '\\varepsilon', default: 0.05, range: [0.001, 0.5], description: '"near Bayes-optimal": test error <= p + eps', provenance: { mark: 'choice', ref: upper } },
    { name: 'gap', tex: 'c', default: 0.1, range: [0.001, 0.5], description: 'the absolute constant of the lower bound, test error >= p + gap (Kou et al. 2023 use 0.1)', provenance: { mark: 'choice', ref: lower } },
    { name: 'C_n', default: 40, range: [2, 1e5], description: 'enough samples: n >= C_n (recalled as n = Omega(polylog); value ours: at n = 20 seeds disagreed at every signal)', provenance: { mark: 'choice', ref: cond } },
    { name: 'C_d', default: 0.0066, range: [1e-12, 1e6], description: 'over-parameterisation d >= C_d n^2 (recalled form; the default admits d = 200 up to n = 174)', provenance: { mark: 'choice', ref: cond } },
    { name: 'C_theta', tex: 'C_{\\theta}', default: 0.9, range: [0, 0.99], description: 'features not too correlated: cos(theta) <= C_theta (recalled as a bound away from 1)', provenance: { mark: 'lineage', ref: cond } },
  ],

  derived: [
    { name: 'snr', tex: '\\mathrm{SNR}', expr: 'muNorm / (sigmaP * sqrt(d))', description: 'signal-to-noise ratio' },
    { name: 'ratio', tex: '\\frac{n \\|\\mu\\|^4}{\\sigma_p^4 d}', expr: 'nLabeled * muNorm^4 / (sigmaP^4 * d)', description: 'the quantity both bounds are stated in' },
    { name: 'bayes', tex: 'R^*', expr: 'labelNoise', description: 'the Bayes risk p + (1 - 2p) R*_clean with R*_clean = 0 (bayes.ts)' },
  ],

  assumptions: [
    { id: 'over-parameterised', expr: 'd >= C_d * nLabeled^2', description: 'd large against n', provenance: { mark: 'lineage', ref: cond } },
    { id: 'features-distinct', expr: 'cosTheta <= C_theta', description: 'u and v not almost parallel', provenance: { mark: 'lineage', ref: cond } },
    { id: 'label-noise-small', expr: 'labelNoise <= 0.3', description: 'label noise below a constant', provenance: { mark: 'lineage', ref: cond } },
  ],

  claims: [
    {
      id: 'near-bayes-optimal',
      kind: 'bound',
      title: 'Near Bayes-optimal test error above the boundary',
      statement: 'Where n ||mu||^4 >= C1 sigma_p^4 d and n >= C_n, GD on the ReLU CNN ends with test error at most the Bayes risk p plus eps.',
      provenance: { mark: 'paper', ref: `${abstract} ("near Bayes-optimal accuracy" under a condition on sample size and SNR); form from ${upper}` },
      regime: 'supervised',
      metric: 'testError',
      direction: 'at-most',
      bound: 'bayes + eps',
      hypothesis: 'ratio >= C1 and nLabeled >= C_n',
      region: { muNorm: { values: [6, 8] }, nLabeled: { values: [80] } },
      // The bounded-support rule needs a few hundred seeds to show a mean about 0.01 above p below p + 0.05.
      budget: { quick: { seeds: 3, points: 2, maxSeeds: 24 }, standard: { maxSeeds: 96 }, paper: { maxSeeds: 320 } },
    },
    {
      id: 'lower-bound',
      kind: 'bound',
      title: 'A constant away from Bayes-optimal below the boundary',
      statement: 'Where n ||mu||^4 <= C3 sigma_p^4 d, the test error is at least p + gap.',
      provenance: { mark: 'paper', ref: `${abstract} ("matching lower bound ... an absolute constant away from the Bayes-optimal rate"); form from ${lower}` },
      regime: 'supervised',
      metric: 'testError',
      direction: 'at-least',
      bound: 'bayes + gap',
      hypothesis: 'ratio <= C3',
      region: { muNorm: { values: [1.5, 2] }, nLabeled: { values: [20, 40, 80] } },
      budget: { quick: { seeds: 3, points: 4 } },
    },
    {
      id: 'phase-transition',
      kind: 'phase-transition',
      title: 'The outcome flips across n ||mu||^4 = C sigma_p^4 d',
      statement: 'Test error <= p + 0.1 above the boundary and above it below (C fitted); boundary exponent d log ||mu|| / d log n = -1/4.',
      provenance: { mark: 'lineage', ref: `${upper}; ${lower}` },
      regime: 'supervised',
      metric: 'testError',
      success: { direction: 'at-most', threshold: 'bayes + gap' },
      x: { param: 'nLabeled', values: [20, 40, 80] },
      y: { param: 'muNorm', values: [2, 3, 4, 6] },
      boundary: 'log(ratio) - log(C_boundary)',
      fit: ['C_boundary'],
      minAgreement: 0.7,
      budget: { quick: { seeds: 3, maxSeeds: 24 }, standard: { maxSeeds: 48 } },
    },
    {
      id: 'correlated-features',
      kind: 'bound',
      title: 'Near Bayes-optimal with correlated features',
      statement: 'At cos(theta) = 0.5 the upper bound still holds where n ||mu||^4 >= C1 sigma_p^4 d.',
      provenance: { mark: 'paper', ref: `${abstract} ("even in the presence of highly correlated features")` },
      set: { cosTheta: 0.5 },
      regime: 'supervised',
      metric: 'testError',
      direction: 'at-most',
      bound: 'bayes + eps',
      hypothesis: 'ratio >= C1 and nLabeled >= C_n',
      region: { muNorm: { values: [8] }, nLabeled: { values: [80] } },
      budget: { quick: { seeds: 3, points: 1, maxSeeds: 24 }, standard: { maxSeeds: 96 }, paper: { maxSeeds: 320 } },
    },
    {
      id: 'control-below-bayes',
      kind: 'bound',
      title: 'Negative control: test error below the Bayes risk',
      statement: 'Claims test error <= p - 0.03 where the CNN is near Bayes-optimal: below the Bayes risk, impossible. Expected to FAIL.',
      provenance: { mark: 'choice', ref: 'negative control for near-bayes-optimal (README.md: the Bayes risk is p)' },
      expect: 'fail',
      regime: 'supervised',
      metric: 'testError',
      direction: 'at-most',
      bound: 'bayes - 0.03',
      region: { muNorm: { values: [8] }, nLabeled: { values: [80] } },
      budget: { quick: { seeds: 3, points: 1, maxSeeds: 48 } },
    },
    {
      id: 'control-near-bayes-without-signal',
      kind: 'bound',
      title: 'Negative control: near Bayes-optimal with almost no signal',
      statement: 'Claims test error <= p + eps far below the boundary. Expected to FAIL.',
      provenance: { mark: 'choice', ref: 'negative control for near-bayes-optimal' },
      expect: 'fail',
      regime: 'supervised',
      metric: 'testError',
      direction: 'at-most',
      bound: 'bayes + eps',
      region: { muNorm: { values: [1] }, nLabeled: { values: [40] } },
      budget: { quick: { seeds: 3, points: 1 } },
    },
  ],
});
