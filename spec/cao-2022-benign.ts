import { defineSpec } from '../src/spec/schema.js';

/**
 * Cao, Chen, Belkin, Gu, Benign Overfitting in Two-layer Convolutional Neural Networks (NeurIPS 2022).
 * relu^q CNN (q > 2), no label noise, full-batch GD on the logistic loss. Threshold forms are
 * confirmed by secondary sources; the side conditions (how large d must be, the bounds on sigma_0
 * and eta) are recalled, not verified: they are named assumptions with editable constants.
 */

const benign = 'Cao et al. 2022, Theorem 4.3 (benign overfitting)';
const harmful = 'Cao et al. 2022, Theorem 4.4 (harmful overfitting)';
const cond = 'Cao et al. 2022, Condition 4.2 (recalled, not verified)';

/** The window where the prototype saw the supervised transition (d = 1000, m = 10, sigma_0 = 0.01, eta = 1). */
const transitionRegion = {
  snr: { range: [0.2, 0.45] as [number, number], scale: 'log' as const },
  nLabeled: { range: [10, 200] as [number, number], scale: 'log' as const },
};

export default defineSpec({
  id: 'cao-2022-benign',
  title: 'Benign and harmful overfitting of a two-layer relu^q CNN trained by gradient descent',
  source: {
    citation: 'Cao, Chen, Belkin, Gu. Benign Overfitting in Two-layer Convolutional Neural Networks. NeurIPS 2022.',
    arxiv: '2202.06526',
    url: 'https://arxiv.org/abs/2202.06526',
  },
  description: 'Data x = [y mu, xi] with xi orthogonal to mu; f = F_{+1} - F_{-1}, second layer fixed at +-1/m; GD on n labelled samples.',

  parameters: [
    { name: 'd', type: 'int', default: 1000, range: [10, 10_000_000], description: 'patch dimension' },
    { name: 'm', type: 'int', default: 10, range: [1, 1000], description: 'filters per class' },
    { name: 'snr', type: 'real', tex: '\\mathrm{SNR}', default: 0.3, range: [0.005, 5], description: 'signal-to-noise ratio ||mu|| / (sigma_p sqrt(d))' },
    { name: 'sigmaP', type: 'real', tex: '\\sigma_p', default: 1, range: [1e-3, 1e3], description: 'noise standard deviation per coordinate' },
    { name: 'nLabeled', type: 'int', tex: 'n', default: 40, range: [2, 100_000], description: 'training samples' },
    { name: 'q', type: 'real', default: 3, range: [1, 8], description: 'exponent of the relu^q activation' },
    { name: 'activation', type: 'enum', default: 'relu^q', values: ['relu^q'], description: 'activation (the theorems are for relu^q, q > 2)' },
    { name: 'noiseCovariance', type: 'enum', default: 'projected', values: ['projected', 'isotropic'], description: 'noise orthogonal to mu (Cao et al.) or isotropic' },
    { name: 'labelNoise', type: 'real', tex: 'p', default: 0, range: [0, 0], description: 'no label noise in this paper' },
    { name: 'sigma0', type: 'real', tex: '\\sigma_0', default: 0.01, range: [1e-8, 1], description: 'init scale' },
    { name: 'eta', type: 'real', tex: '\\eta', default: 1, range: [1e-6, 100], description: 'GD step' },
    { name: 'steps', type: 'int', tex: 'T', default: 2000, range: [0, 1_000_000], description: 'GD steps' },
  ],

  constants: [
    {
      name: 'C_benign',
      tex: 'C_1',
      default: 1.3,
      range: [0.01, 100],
      description: 'benign when n SNR^q >= C_benign (prototype: transition inside n = 10..200 for SNR 0.2..0.45)',
      provenance: { mark: 'paper', ref: `${benign}; value from the prototype` },
    },
    {
      name: 'C_harm',
      tex: 'C_2',
      default: 0.3,
      range: [1e-4, 100],
      description: 'harmful when n SNR^q <= C_harm (the paper states n^-1 (sigma_p sqrt d)^q >= C ||mu||^q, i.e. C_harm = 1/C)',
      provenance: { mark: 'paper', ref: harmful },
    },
    {
      name: 'eps',
      tex: '\\varepsilon',
      default: 0.05,
      range: [1e-6, 1],
      description: 'training-loss level reached by GD (the theorems\' eps)',
      provenance: { mark: 'paper', ref: benign },
    },
    {
      name: 'C_loss',
      tex: 'C_3',
      default: 10,
      range: [1e-3, 1e6],
      description: 'constant in the benign test-loss bound 6 eps + exp(-n^2 / C_loss)',
      provenance: { mark: 'paper', ref: benign },
    },
    {
      name: 'C_log',
      default: 4,
      range: [0.1, 100],
      description: 'the coefficients stay below C_log log T up to the horizon T',
      provenance: { mark: 'lineage', ref: 'Cao et al. 2022, Section 5 (recalled: 4 log T*)' },
    },
    {
      name: 'C_dim',
      tex: 'C_d',
      default: 5e-11,
      range: [1e-16, 10],
      description: 'over-parameterisation d >= C_dim m^4 n^4 (the q = 3 case of the recalled condition); the default admits d = 1000 at m = 10, n <= 211',
      provenance: { mark: 'choice', ref: `${cond}: d = Omega~(m^(2 v 4/(q-2)) n^(4 v (2q-2)/(q-2)))` },
    },
    {
      name: 'C_s0',
      tex: 'C_{\\sigma}',
      default: 1e4,
      range: [1e-6, 1e8],
      description: 'small init: sigma_0 <= C_s0 / (m^2 n sigma_p sqrt(d)) (q = 3 form of the recalled condition; the default admits sigma_0 = 0.01 at d = 1000, m = 10, n <= 316)',
      provenance: { mark: 'lineage', ref: cond },
    },
    {
      name: 'C_eta',
      tex: 'C_{\\eta}',
      default: 100,
      range: [1e-6, 1e6],
      description: 'small step: eta <= C_eta n m / (q sigma_p^2 d) (recalled form)',
      provenance: { mark: 'lineage', ref: cond },
    },
  ],

  derived: [
    { name: 'muNorm', tex: '\\|\\mu\\|', expr: 'snr * sigmaP * sqrt(d)', description: 'signal norm' },
    { name: 'load', tex: 'n \\mathrm{SNR}^q', expr: 'nLabeled * snr^q', description: 'the quantity both theorems are stated in' },
  ],

  assumptions: [
    { id: 'q-above-2', expr: 'q > 2', description: 'relu^q with q > 2', provenance: { mark: 'paper', ref: 'Cao et al. 2022, Section 3' } },
    {
      id: 'over-parameterised',
      expr: 'd >= C_dim * m^4 * nLabeled^4',
      description: 'd large against n and m',
      provenance: { mark: 'lineage', ref: cond },
    },
    {
      id: 'small-init',
      expr: 'sigma0 <= C_s0 / (m^2 * nLabeled * sigmaP * sqrt(d))',
      description: 'small Gaussian initialisation',
      provenance: { mark: 'lineage', ref: cond },
    },
    {
      id: 'small-step',
      expr: 'eta <= C_eta * nLabeled * m / (q * sigmaP^2 * d)',
      description: 'small GD step',
      provenance: { mark: 'lineage', ref: cond },
    },
  ],

  claims: [
    {
      id: 'benign-test-loss',
      kind: 'bound',
      title: 'Benign overfitting: test loss <= 6 eps + exp(-n^2 / C)',
      statement: 'Where n SNR^q >= C_benign, GD reaches training loss <= eps and test loss <= 6 eps + exp(-n^2 / C_loss).',
      provenance: { mark: 'paper', ref: benign },
      regime: 'supervised',
      metric: 'testLoss',
      direction: 'at-most',
      bound: '6 * eps + exp(-nLabeled^2 / C_loss)',
      hypothesis: 'load >= C_benign',
      region: transitionRegion,
      budget: { quick: { seeds: 1, points: 6 }, standard: { seeds: 3, points: 12 } },
    },
    {
      id: 'harmful-test-loss',
      kind: 'bound',
      title: 'Harmful overfitting: test loss >= 0.1',
      statement: 'Where n SNR^q <= C_harm, GD still drives the training loss below eps, but the test loss stays at least 0.1.',
      provenance: { mark: 'paper', ref: harmful },
      regime: 'supervised',
      metric: 'testLoss',
      direction: 'at-least',
      bound: '0.1',
      hypothesis: 'load <= C_harm',
      region: { snr: { range: [0.1, 0.3], scale: 'log' }, nLabeled: { range: [10, 100], scale: 'log' } },
      budget: { quick: { seeds: 1, points: 6 }, standard: { seeds: 3, points: 12 } },
    },
    {
      id: 'training-loss-small',
      kind: 'bound',
      title: 'GD fits the training data in both regimes',
      statement: 'In both regimes GD reaches training loss <= eps within the step budget.',
      provenance: { mark: 'paper', ref: 'Cao et al. 2022, Theorems 4.3 and 4.4' },
      regime: 'supervised',
      metric: 'trainLoss',
      direction: 'at-most',
      bound: 'eps',
      region: { snr: { range: [0.1, 0.45], scale: 'log' }, nLabeled: { range: [10, 200], scale: 'log' } },
      budget: { quick: { seeds: 1, points: 6 } },
    },
    {
      id: 'phase-transition',
      kind: 'phase-transition',
      title: 'The outcome flips across n SNR^q = C',
      statement: 'Test error <= 0.1 where n SNR^q > C_benign, > 0.1 where n SNR^q < C_benign, on at least 80% of the grid.',
      provenance: { mark: 'paper', ref: 'Cao et al. 2022, Theorems 4.3 and 4.4' },
      regime: 'supervised',
      metric: 'testError',
      success: { direction: 'at-most', threshold: '0.1' },
      x: { param: 'nLabeled', values: [10, 20, 40, 80, 160] },
      y: { param: 'snr', values: [0.2, 0.25, 0.3, 0.35, 0.45] },
      boundary: 'load - C_benign',
      // C is unspecified in the theorem: estimate it from the grid and test the boundary's shape n SNR^q.
      fit: ['C_benign'],
      minAgreement: 0.75,
      // The exponent test resolves the boundary only through seed-to-seed variation near it: at 3 seeds a
      // correct exponent passed none of the planted replicates (bench/verdict-scaling.ts, PHASE_CLAIMS).
      budget: { quick: { seeds: 1 }, standard: { seeds: 16 }, paper: { seeds: 24 } },
    },
    {
      id: 'label-complexity-slope',
      kind: 'scaling',
      title: 'Label complexity scales like SNR^-q',
      statement: 'The smallest n with test error <= 0.1 has log-log slope -q in SNR.',
      provenance: { mark: 'lineage', ref: 'Cao et al. 2022, Theorems 4.3-4.4 (the threshold n SNR^q = C read as a scaling law)' },
      quantity: { kind: 'threshold', param: 'nLabeled', regime: 'supervised', metric: 'testError', direction: 'at-most', target: '0.1', range: [2, 400] },
      along: { param: 'snr', values: [0.2, 0.25, 0.3, 0.35, 0.45] },
      slope: '-q',
      tolerance: 1,
      budget: { quick: { seeds: 1 }, standard: { seeds: 3 } },
    },
    {
      id: 'signal-coefficient-monotone',
      kind: 'invariant',
      title: 'Signal coefficients never decrease',
      statement: 'Along GD, the smallest right-class signal coefficient gamma_{j,r}(t) is non-decreasing (up to float tolerance).',
      provenance: { mark: 'lineage', ref: 'Cao et al. 2022, proof of Theorem 4.3 (gamma_{j,r}^(t) is non-decreasing)' },
      regime: 'supervised',
      predicate: 'gammaMin >= prev_gammaMin - 1e-9 * max(1, abs(prev_gammaMin))',
      region: { snr: { values: [0.2, 0.4] }, nLabeled: { values: [20, 80] } },
      engine: 'exact',
      budget: { quick: { seeds: 1 } },
    },
    {
      id: 'rho-signs',
      kind: 'invariant',
      title: 'Noise coefficients keep their signs',
      statement:
        'Along GD, every positive noise coefficient rho-bar_{j,r,i}(t) stays >= 0 and every negative one rho-underbar_{j,r,i}(t) stays <= 0 ' +
        '(the split of rho into its positive and negative parts that the proofs use).',
      provenance: { mark: 'lineage', ref: 'Cao et al. 2022, Definition 5.1 and Lemma 5.3 (decomposition of the filters)' },
      regime: 'supervised',
      predicate: 'rhoBarMin >= 0 and rhoUnderMax <= 0',
      region: { snr: { values: [0.2, 0.4] }, nLabeled: { values: [20, 80] } },
      engine: 'exact',
      budget: { quick: { seeds: 1 } },
    },
    {
      id: 'coefficients-logarithmic',
      kind: 'invariant',
      title: 'Signal and noise coefficients grow at most logarithmically',
      statement:
        'Along GD up to the horizon T, 0 <= gamma_{j,r}(t) <= C_log log T and 0 <= rho-bar_{j,r,i}(t) <= C_log log T ' +
        '(the proofs\' bound with C_log = 4).',
      provenance: { mark: 'lineage', ref: 'Cao et al. 2022, Section 5 (bounds on the coefficients up to T*; recalled form, not verified)' },
      regime: 'supervised',
      predicate: 'gammaMax <= C_log * log(steps) and rhoBarMax <= C_log * log(steps) and rhoBarMin >= 0',
      region: { snr: { values: [0.2, 0.4] }, nLabeled: { values: [20, 80] } },
      engine: 'exact',
      budget: { quick: { seeds: 1 } },
    },
    {
      id: 'decomposition-identity',
      kind: 'invariant',
      title: 'The filters are exactly W(0) plus their signal and noise components',
      statement:
        'w_{j,r}(t) = w_{j,r}(0) + j gamma_{j,r}(t) mu/||mu||^2 + sum_i rho_{j,r,i}(t) xi_i/||xi_i||^2 at every step, to float64 ' +
        'rounding (measured against plain d-dimensional GD, which is affordable at this size).',
      provenance: { mark: 'lineage', ref: 'Cao et al. 2022, Definition 5.1 (signal-noise decomposition)' },
      regime: 'supervised',
      set: { d: 200, steps: 200, nLabeled: 20 },
      predicate: 'identityResidual <= 1e-6',
      region: { snr: { values: [0.2, 0.4] } },
      engine: 'exact',
      budget: { quick: { seeds: 2 } },
    },
    {
      id: 'control-no-snr-dependence',
      kind: 'scaling',
      title: 'Negative control: label complexity independent of SNR',
      statement: 'Claims the supervised label complexity does not depend on SNR (slope 0). Expected to FAIL: it scales like SNR^-q.',
      provenance: { mark: 'choice', ref: 'negative control for label-complexity-slope' },
      expect: 'fail',
      quantity: { kind: 'threshold', param: 'nLabeled', regime: 'supervised', metric: 'testError', direction: 'at-most', target: '0.1', range: [2, 400] },
      along: { param: 'snr', values: [0.2, 0.25, 0.3, 0.35, 0.45] },
      slope: '0',
      tolerance: 1,
      budget: { quick: { seeds: 1 } },
    },
  ],
});
