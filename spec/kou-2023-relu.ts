import { defineSpec } from '../src/spec/schema.js';

/**
 * Kou, Chen, Chen, Gu, Benign Overfitting in Two-layer ReLU Convolutional Neural Networks (ICML 2023).
 * ReLU CNN, label-flip noise p. Threshold forms from secondary sources (paper-model.md); side
 * conditions recalled, not verified. No prototype measured this setting: the constants' defaults are
 * guesses to be tuned against the engine, and are marked `choice` where the value is ours.
 */

const main = 'Kou et al. 2023, main theorem';
const cond = 'Kou et al. 2023, conditions of the main theorem (recalled, not verified)';

export default defineSpec({
  id: 'kou-2023-relu',
  title: 'Benign overfitting of a two-layer ReLU CNN under label-flip noise',
  source: {
    citation: 'Kou, Chen, Chen, Gu. Benign Overfitting in Two-layer ReLU Convolutional Neural Networks. ICML 2023.',
    arxiv: '2303.04145',
    url: 'https://arxiv.org/abs/2303.04145',
  },
  description:
    'Labels flipped with probability p, so the Bayes-optimal test error is p (test errors are against noisy labels). ' +
    'Benign if n ||mu||^4 >= C1 d sigma_p^4 (test error <= p + exp(-n ||mu||^4 / (C2 d sigma_p^4))), harmful if n ||mu||^4 <= C3 d sigma_p^4 (test error >= p + 0.1).',

  parameters: [
    { name: 'd', type: 'int', default: 1000, range: [10, 10_000_000], description: 'patch dimension' },
    { name: 'm', type: 'int', default: 10, range: [1, 1000], description: 'filters per class' },
    { name: 'muNorm', type: 'real', tex: '\\|\\mu\\|', default: 6, range: [0.01, 1000], description: 'signal norm' },
    { name: 'sigmaP', type: 'real', tex: '\\sigma_p', default: 1, range: [1e-3, 1e3], description: 'noise standard deviation per coordinate' },
    { name: 'nLabeled', type: 'int', tex: 'n', default: 50, range: [2, 100_000], description: 'training samples' },
    { name: 'labelNoise', type: 'real', tex: 'p', default: 0.1, range: [0, 0.45], description: 'label-flip probability' },
    { name: 'activation', type: 'enum', default: 'relu', values: ['relu'], description: 'ReLU activation' },
    {
      name: 'noiseCovariance',
      type: 'enum',
      default: 'projected',
      values: ['projected', 'isotropic'],
      description: 'noise orthogonal to mu (as in Cao et al.) or isotropic (possibly Kou et al.\'s) [choice]',
    },
    { name: 'sigma0', type: 'real', tex: '\\sigma_0', default: 0.01, range: [1e-8, 1], description: 'init scale' },
    { name: 'eta', type: 'real', tex: '\\eta', default: 1, range: [1e-6, 100], description: 'GD step' },
    { name: 'steps', type: 'int', tex: 'T', default: 2000, range: [0, 1_000_000], description: 'GD steps' },
  ],

  constants: [
    {
      name: 'C1',
      tex: 'C_1',
      default: 20,
      range: [1e-3, 1e6],
      description: 'benign when n ||mu||^4 >= C1 d sigma_p^4 (value unmeasured: tune against the engine)',
      provenance: { mark: 'paper', ref: `${main} (benign case)` },
    },
    {
      name: 'C2',
      tex: 'C_2',
      default: 10,
      range: [1e-3, 1e6],
      description: 'rate constant of the benign bound p + exp(-n ||mu||^4 / (C2 d sigma_p^4))',
      provenance: { mark: 'paper', ref: `${main} (benign case)` },
    },
    {
      name: 'C3',
      tex: 'C_3',
      default: 2,
      range: [1e-4, 1e6],
      description: 'harmful when n ||mu||^4 <= C3 d sigma_p^4 (value unmeasured)',
      provenance: { mark: 'paper', ref: `${main} (harmful case)` },
    },
    {
      name: 'C_d',
      default: 0.005,
      range: [1e-12, 1e6],
      description: 'over-parameterisation d >= C_d max(n^2, n ||mu||^2 / sigma_p^2); the default admits d = 1000 up to n = 160, ||mu|| = 8',
      provenance: { mark: 'choice', ref: cond },
    },
    {
      name: 'C_s0',
      tex: 'C_{\\sigma}',
      default: 1,
      range: [1e-6, 1e6],
      description: 'small init: sigma_0 max(sigma_p sqrt(d), ||mu||) <= C_s0',
      provenance: { mark: 'lineage', ref: cond },
    },
    {
      name: 'C_eta',
      tex: 'C_{\\eta}',
      default: 2000,
      range: [1e-6, 1e8],
      description: 'small step: eta max(sigma_p^2 d, ||mu||^2) <= C_eta',
      provenance: { mark: 'lineage', ref: cond },
    },
    {
      name: 'C_log',
      default: 4,
      range: [0.1, 100],
      description: 'the coefficients stay below C_log log T up to the horizon T',
      provenance: { mark: 'lineage', ref: 'Kou et al. 2023, Section 5 (recalled: 4 log T*)' },
    },
    {
      name: 'C_p',
      default: 0.3,
      range: [0, 0.5],
      description: 'label noise below a constant: p <= C_p',
      provenance: { mark: 'lineage', ref: cond },
    },
  ],

  derived: [
    { name: 'snr', tex: '\\mathrm{SNR}', expr: 'muNorm / (sigmaP * sqrt(d))', description: 'signal-to-noise ratio' },
    {
      name: 'ratio',
      tex: '\\frac{n \\|\\mu\\|^4}{d \\sigma_p^4}',
      expr: 'nLabeled * muNorm^4 / (d * sigmaP^4)',
      description: 'the quantity the benign/harmful conditions are stated in',
    },
  ],

  assumptions: [
    {
      id: 'over-parameterised',
      expr: 'd >= C_d * max(nLabeled^2, nLabeled * muNorm^2 / sigmaP^2)',
      description: 'd large against n and n ||mu||^2 / sigma_p^2',
      provenance: { mark: 'lineage', ref: cond },
    },
    { id: 'small-init', expr: 'sigma0 * max(sigmaP * sqrt(d), muNorm) <= C_s0', description: 'small initialisation', provenance: { mark: 'lineage', ref: cond } },
    { id: 'small-step', expr: 'eta * max(sigmaP^2 * d, muNorm^2) <= C_eta', description: 'small GD step', provenance: { mark: 'lineage', ref: cond } },
    { id: 'label-noise-small', expr: 'labelNoise <= C_p', description: 'label noise below a constant', provenance: { mark: 'lineage', ref: cond } },
  ],

  claims: [
    {
      id: 'benign-test-error',
      kind: 'bound',
      title: 'Benign: test error <= p + exp(-n ||mu||^4 / (C2 d sigma_p^4))',
      statement: 'Where n ||mu||^4 >= C1 d sigma_p^4, the trained ReLU CNN has test error near the Bayes error p.',
      provenance: { mark: 'paper', ref: `${main} (benign case)` },
      regime: 'supervised',
      metric: 'testError',
      direction: 'at-most',
      bound: 'labelNoise + exp(-ratio / C2)',
      hypothesis: 'ratio >= C1',
      region: { muNorm: { range: [3, 8], scale: 'log' }, nLabeled: { range: [20, 160], scale: 'log' } },
      budget: { quick: { seeds: 1, points: 6 }, standard: { seeds: 3, points: 12 } },
    },
    {
      id: 'harmful-test-error',
      kind: 'bound',
      title: 'Harmful: test error >= p + 0.1',
      statement: 'Where n ||mu||^4 <= C3 d sigma_p^4, the test error is at least p + 0.1.',
      provenance: { mark: 'paper', ref: `${main} (harmful case)` },
      regime: 'supervised',
      metric: 'testError',
      direction: 'at-least',
      bound: 'labelNoise + 0.1',
      hypothesis: 'ratio <= C3',
      region: { muNorm: { range: [1.5, 5], scale: 'log' }, nLabeled: { range: [10, 80], scale: 'log' } },
      budget: { quick: { seeds: 1, points: 6 }, standard: { seeds: 3, points: 12 } },
    },
    {
      id: 'phase-transition',
      kind: 'phase-transition',
      title: 'The outcome flips across n ||mu||^4 = C d sigma_p^4',
      statement: 'Test error <= p + 0.05 above the boundary (taken at sqrt(C1 C3), between the two conditions) and above p + 0.05 below it.',
      provenance: { mark: 'paper', ref: main },
      regime: 'supervised',
      metric: 'testError',
      success: { direction: 'at-most', threshold: 'labelNoise + 0.05' },
      x: { param: 'nLabeled', values: [10, 20, 40, 80, 160] },
      y: { param: 'muNorm', values: [2, 3, 4, 6, 8] },
      boundary: 'log(ratio) - log(sqrt(C1 * C3))',
      minAgreement: 0.75,
      budget: { quick: { seeds: 1 }, standard: { seeds: 3 } },
    },
    {
      id: 'label-complexity-slope',
      kind: 'scaling',
      title: 'Label complexity scales like ||mu||^-4 at fixed d',
      statement: 'The smallest n with test error <= p + 0.05 has log-log slope -4 in ||mu||.',
      provenance: { mark: 'lineage', ref: `${main}: the threshold n ||mu||^4 = C d sigma_p^4 read as a scaling law` },
      quantity: { kind: 'threshold', param: 'nLabeled', regime: 'supervised', metric: 'testError', direction: 'at-most', target: 'labelNoise + 0.05', range: [2, 1000] },
      along: { param: 'muNorm', values: [3, 4, 5, 6, 8] },
      slope: '-4',
      tolerance: 1,
      budget: { quick: { seeds: 1 }, standard: { seeds: 3 } },
    },
    {
      id: 'error-increases-with-label-noise',
      kind: 'monotone',
      title: 'In the benign regime the test error tracks p',
      statement: 'Above the boundary, the test error increases with the label-flip probability p.',
      provenance: { mark: 'lineage', ref: `${main}: test error near the Bayes error p` },
      set: { muNorm: 8, nLabeled: 80 },
      regime: 'supervised',
      metric: 'testError',
      param: 'labelNoise',
      values: [0, 0.1, 0.2, 0.3],
      direction: 'increasing',
      budget: { quick: { seeds: 2 } },
    },
    {
      id: 'rho-signs',
      kind: 'invariant',
      title: 'Noise coefficients keep their signs, with label noise too',
      statement:
        'Along GD with flipped labels, every positive noise coefficient rho-bar stays >= 0 and every negative one rho-underbar ' +
        'stays <= 0: the decomposition the proofs use holds at every step.',
      provenance: { mark: 'lineage', ref: 'Kou et al. 2023, Section 5 (signal-noise decomposition), after Cao et al. 2022 Definition 5.1' },
      regime: 'supervised',
      predicate: 'rhoBarMin >= 0 and rhoUnderMax <= 0',
      region: { muNorm: { values: [3, 8] }, labelNoise: { values: [0, 0.2] } },
      engine: 'exact',
      budget: { quick: { seeds: 1 } },
    },
    {
      id: 'coefficients-logarithmic',
      kind: 'invariant',
      title: 'Coefficients grow at most logarithmically, with label noise too',
      statement: 'Along GD up to the horizon T, gamma_{j,r}(t) and rho-bar_{j,r,i}(t) stay below C_log log T (the proofs\' bound with C_log = 4).',
      provenance: { mark: 'lineage', ref: 'Kou et al. 2023, Section 5 (coefficient bounds up to T*, after Cao et al. 2022; recalled form, not verified)' },
      regime: 'supervised',
      predicate: 'gammaMax <= C_log * log(steps) and rhoBarMax <= C_log * log(steps)',
      region: { muNorm: { values: [3, 8] }, labelNoise: { values: [0, 0.2] } },
      engine: 'exact',
      budget: { quick: { seeds: 1 } },
    },
    {
      id: 'control-benign-without-signal',
      kind: 'bound',
      title: 'Negative control: near-Bayes test error with almost no signal',
      statement: 'Claims test error <= p + 0.05 where n ||mu||^4 is far below d sigma_p^4. Expected to FAIL.',
      provenance: { mark: 'choice', ref: 'negative control for benign-test-error' },
      expect: 'fail',
      regime: 'supervised',
      metric: 'testError',
      direction: 'at-most',
      bound: 'labelNoise + 0.05',
      region: { muNorm: { range: [0.5, 1], scale: 'log' }, nLabeled: { values: [20, 40] } },
      budget: { quick: { seeds: 1, points: 3 } },
    },
  ],
});
