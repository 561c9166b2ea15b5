import { defineSpec } from '../../src/spec/schema.js';

// The same spec as toy.yaml and toy.json, as a TypeScript module (test/spec-load.test.ts checks they load equal).
export default defineSpec({
  id: 'toy-benign-overfitting',
  title: 'Toy spec - supervised relu^3 CNN, benign vs harmful overfitting',
  source: {
    citation: 'Cao, Chen, Belkin, Gu. Benign Overfitting in Two-layer Convolutional Neural Networks. NeurIPS 2022.',
    arxiv: '2202.06526',
  },
  parameters: [
    { name: 'd', type: 'int', default: 1000, range: [10, 100000], description: 'dimension of each patch' },
    { name: 'snr', type: 'real', tex: '\\mathrm{SNR}', default: 0.3, range: [0.01, 2], description: 'signal-to-noise ratio ||mu|| / (sigma_p sqrt(d))' },
    { name: 'nLabeled', type: 'int', tex: 'n', default: 40, range: [2, 1000], description: 'number of labelled training samples' },
    { name: 'q', type: 'real', default: 3, range: [2, 6], description: 'exponent of the relu^q activation' },
    { name: 'activation', type: 'enum', default: 'relu^q', values: ['relu^q'], description: 'activation of the CNN' },
  ],
  constants: [
    {
      name: 'C_benign',
      tex: 'C',
      default: 1.3,
      range: [0.1, 20],
      description: 'the unspecified constant of the benign condition n * SNR^q >= C',
      provenance: { mark: 'paper', ref: 'Cao et al. 2022, Theorem 4.3 (value: our estimate)' },
    },
  ],
  derived: [{ name: 'load', tex: 'n\\,\\mathrm{SNR}^q', expr: 'nLabeled * snr^q', description: 'the quantity the benign/harmful boundary is stated in' }],
  assumptions: [
    { id: 'q-above-2', expr: 'q > 2', description: 'the theory covers relu^q with q > 2', provenance: { mark: 'paper', ref: 'Cao et al. 2022, Section 3' } },
  ],
  claims: [
    {
      id: 'benign-test-error',
      kind: 'bound',
      title: 'Benign overfitting above the boundary',
      statement: 'Where n * SNR^q >= C, supervised training reaches test error at most 0.1.',
      provenance: { mark: 'paper', ref: 'Cao et al. 2022, Theorem 4.3' },
      regime: 'supervised',
      metric: 'testError',
      direction: 'at-most',
      bound: '0.1',
      hypothesis: 'load >= C_benign',
      region: { snr: { range: [0.2, 0.45], scale: 'log' }, nLabeled: { values: [20, 40, 80, 160] } },
      budget: { quick: { seeds: 2, points: 4 } },
    },
    {
      id: 'label-complexity-slope',
      kind: 'scaling',
      title: 'Label complexity scales like SNR^-q',
      statement: 'The smallest n with test error <= 0.1 has slope -q against SNR on log-log axes.',
      provenance: { mark: 'lineage', ref: 'Cao et al. 2022, Theorems 4.3-4.4' },
      quantity: { kind: 'threshold', param: 'nLabeled', regime: 'supervised', metric: 'testError', direction: 'at-most', target: '0.1', range: [2, 400] },
      along: { param: 'snr', values: [0.2, 0.25, 0.3, 0.35, 0.45] },
      slope: '-q',
      tolerance: 1,
    },
  ],
});
