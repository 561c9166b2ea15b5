import { defineSpec } from '../../src/spec/schema.js';

/**
 * Chen, Zhang, Kou, Chen, Hsieh, Gu. Why Does Sharpness-Aware Minimization Generalize Better Than
 * SGD? (NeurIPS 2023, arXiv 2310.07269). See README.md in this folder for the setting, the
 * theorem forms and where each comes from. Only the abstract was available: what it states is
 * `paper`; the theorem forms are recalled from this line of work (`lineage`); sizes, radii and
 * constants are ours (`choice`), set from a small sweep of the float64 reference in this folder
 * (d = 400, m = 10, eta = 0.5, 300 steps, p = 0.1).
 *
 * Both arms train on mini-batches of samBatchSize (as the paper has them): SGD is the SAM plug-in at
 * radius 0, so the two see the same batches in the same order at each seed (a paired comparison).
 */

const abstract = 'Chen et al. 2023, abstract';
const sgdThm = 'Chen et al. 2023, SGD theorem (recalled as Kou et al. 2023\'s GD condition, extended to SGD; not verified)';
const samThm = 'Chen et al. 2023, SAM theorem (recalled: benign under a condition on the signal alone; not verified)';
const cond = 'Chen et al. 2023, conditions of the main theorems (recalled, not verified)';

/**
 * SGD's harmful side of the diagram at these sizes (n ||mu||^4 / d <= 0.25; at n = 40, ||mu|| = 1.5 the
 * first quick check measured a mean test error of only 0.267). Two points keep the seeds affordable.
 */
const harmfulRegion = {
  muNorm: { values: [1, 1.5] },
  nLabeled: { values: [20] },
};
/** The bounded-support rule needs about 20-70 seeds at these effects (seedsToDecide of a full-batch quick check). */
const manySeeds = { quick: { seeds: 3, points: 2, maxSeeds: 48 }, standard: { maxSeeds: 96 } };

export default defineSpec({
  id: 'chen-2023-sam',
  title: 'SAM generalizes better than SGD on signal-noise patch data (two-layer ReLU CNN)',
  source: {
    citation: 'Chen, Zhang, Kou, Chen, Hsieh, Gu. Why Does Sharpness-Aware Minimization Generalize Better Than SGD? NeurIPS 2023.',
    arxiv: '2310.07269',
    url: 'https://arxiv.org/abs/2310.07269',
  },
  description:
    'Data x = [y mu, xi] with label flips p; f = F_{+1} - F_{-1} with ReLU filters, second layer fixed at +-1/m; ' +
    'mini-batch SGD (tau = 0) against mini-batch SAM (radius tau) on the logistic loss. SGD: benign if n ||mu||^4 >= C1 d sigma_p^4, harmful if <= C3 d sigma_p^4; ' +
    'SAM: benign where SGD is harmful, because it prevents noise memorisation early in training.',
  plugins: ['./plugin.ts'],

  parameters: [
    { name: 'd', type: 'int', default: 400, range: [10, 100_000], description: 'patch dimension' },
    { name: 'm', type: 'int', default: 10, range: [1, 1000], description: 'filters per class' },
    { name: 'muNorm', type: 'real', tex: '\\|\\mu\\|', default: 2, range: [0.01, 1000], description: 'signal norm' },
    { name: 'sigmaP', type: 'real', tex: '\\sigma_p', default: 1, range: [1e-3, 1e3], description: 'noise standard deviation per coordinate' },
    { name: 'nLabeled', type: 'int', tex: 'n', default: 40, range: [2, 100_000], description: 'training samples' },
    { name: 'labelNoise', type: 'real', tex: 'p', default: 0.1, range: [0, 0.45], description: 'label-flip probability (Bayes error p)' },
    { name: 'activation', type: 'enum', default: 'relu', values: ['relu'], description: 'ReLU activation' },
    { name: 'optimizer', type: 'enum', default: 'sam', values: ['sam'], description: 'SAM (this folder\'s plug-in); radius 0 is plain mini-batch SGD' },
    { name: 'samRadius', type: 'real', tex: '\\tau', default: 2, range: [0, 100], description: 'SAM perturbation radius tau (0: SGD) [choice: 2 from the reference sweep]' },
    { name: 'samBatchSize', type: 'int', tex: 'B', default: 10, range: [1, 100_000], description: 'mini-batch size of SGD and SAM [choice]' },
    { name: 'sigma0', type: 'real', tex: '\\sigma_0', default: 0.01, range: [1e-8, 1], description: 'init scale' },
    { name: 'eta', type: 'real', tex: '\\eta', default: 0.5, range: [1e-6, 100], description: 'step size' },
    { name: 'steps', type: 'int', tex: 'T', default: 300, range: [1, 1_000_000], description: 'training steps' },
    { name: 'nTest', type: 'int', default: 1000, range: [100, 1_000_000], description: 'test samples' },
  ],

  constants: [
    {
      name: 'C1',
      tex: 'C_1',
      default: 6,
      range: [0.01, 1e4],
      description: 'SGD benign when n ||mu||^4 >= C1 d sigma_p^4 (value from the reference sweep)',
      provenance: { mark: 'lineage', ref: `${sgdThm}; value ours` },
    },
    {
      name: 'C3',
      tex: 'C_3',
      default: 0.6,
      range: [1e-4, 1e4],
      description: 'SGD harmful when n ||mu||^4 <= C3 d sigma_p^4 (value from the reference sweep)',
      provenance: { mark: 'lineage', ref: `${sgdThm}; value ours` },
    },
    {
      name: 'C_boundary',
      tex: 'C',
      default: 1.5,
      range: [0.05, 50],
      description: 'the phase boundary n ||mu||^4 = C d sigma_p^4, fitted by the phase-transition claim',
      provenance: { mark: 'lineage', ref: sgdThm },
    },
    {
      name: 'eps',
      tex: '\\varepsilon',
      default: 0.1,
      range: [0.001, 0.5],
      description: 'excess test error allowed over the Bayes error p ("p + eps"; also the harmful gap 0.1)',
      provenance: { mark: 'lineage', ref: `${sgdThm} (harmful gap 0.1 as in Kou et al. 2023)` },
    },
    {
      name: 'C_sam',
      tex: 'C_{\\mathrm{sam}}',
      default: 0.5,
      range: [1e-3, 1e3],
      description: 'SAM benign when ||mu|| >= C_sam sigma_p (recalled form of SAM\'s condition on the signal; value ours)',
      provenance: { mark: 'lineage', ref: `${samThm}; value ours` },
    },
    {
      name: 'C_d',
      default: 0.05,
      range: [1e-12, 1e6],
      description: 'over-parameterisation d >= C_d n^2 (recalled form; the default admits d = 400 up to n = 89)',
      provenance: { mark: 'choice', ref: cond },
    },
  ],

  derived: [
    { name: 'snr', tex: '\\mathrm{SNR}', expr: 'muNorm / (sigmaP * sqrt(d))', description: 'signal-to-noise ratio' },
    {
      name: 'ratio',
      tex: '\\frac{n \\|\\mu\\|^4}{d \\sigma_p^4}',
      expr: 'nLabeled * muNorm^4 / (d * sigmaP^4)',
      description: 'the quantity SGD\'s benign/harmful conditions are stated in',
    },
  ],

  assumptions: [
    { id: 'over-parameterised', expr: 'd >= C_d * nLabeled^2', description: 'd large against n', provenance: { mark: 'lineage', ref: cond } },
    { id: 'label-noise-small', expr: 'labelNoise <= 0.3', description: 'label noise below a constant', provenance: { mark: 'lineage', ref: cond } },
  ],

  claims: [
    {
      id: 'sgd-harmful',
      kind: 'bound',
      title: 'SGD overfits harmfully below the boundary',
      statement: 'Where n ||mu||^4 <= C3 d sigma_p^4, SGD (tau = 0) ends with test error at least p + 0.1.',
      provenance: { mark: 'lineage', ref: `${sgdThm} (harmful case)` },
      set: { samRadius: 0 },
      regime: 'supervised',
      metric: 'testError',
      direction: 'at-least',
      bound: 'labelNoise + eps',
      hypothesis: 'ratio <= C3',
      region: harmfulRegion,
      budget: manySeeds,
    },
    {
      id: 'sgd-benign',
      kind: 'bound',
      title: 'SGD overfits benignly above the boundary',
      statement: 'Where n ||mu||^4 >= C1 d sigma_p^4, SGD (tau = 0) ends with test error at most p + 0.1.',
      provenance: { mark: 'lineage', ref: `${sgdThm} (benign case)` },
      set: { samRadius: 0 },
      regime: 'supervised',
      metric: 'testError',
      direction: 'at-most',
      bound: 'labelNoise + eps',
      hypothesis: 'ratio >= C1',
      region: { muNorm: { values: [3, 4] }, nLabeled: { values: [40, 80] } },
      budget: { quick: { seeds: 3, points: 4 } },
    },
    {
      id: 'sgd-phase-transition',
      kind: 'phase-transition',
      title: 'SGD: the outcome flips across n ||mu||^4 = C d sigma_p^4',
      statement: 'SGD\'s test error is at most p + 0.1 above the boundary n ||mu||^4 = C d sigma_p^4 and above it below (C fitted): boundary exponent d log ||mu|| / d log n = -1/4.',
      provenance: { mark: 'lineage', ref: sgdThm },
      set: { samRadius: 0 },
      regime: 'supervised',
      metric: 'testError',
      success: { direction: 'at-most', threshold: 'labelNoise + eps' },
      x: { param: 'nLabeled', values: [20, 40, 80] },
      y: { param: 'muNorm', values: [1, 1.5, 2, 3, 4] },
      boundary: 'log(ratio) - log(C_boundary)',
      fit: ['C_boundary'],
      minAgreement: 0.7,
      budget: { quick: { seeds: 2 } },
    },
    {
      id: 'sam-beats-sgd',
      kind: 'comparison',
      title: 'SAM generalizes better than SGD where SGD overfits harmfully',
      statement: 'On the same data and initialisation, SAM (radius tau) ends with a lower test error than SGD where n ||mu||^4 <= C3 d sigma_p^4.',
      provenance: { mark: 'paper', ref: `${abstract} ("SAM generalizes better than SGD"); region from ${samThm}` },
      metric: 'testError',
      better: { regime: 'supervised' },
      worse: { regime: 'supervised', set: { samRadius: 0 } },
      margin: 0,
      hypothesis: 'ratio <= C3 and muNorm >= C_sam * sigmaP',
      region: harmfulRegion,
      budget: manySeeds,
    },
    {
      id: 'sam-near-bayes',
      kind: 'bound',
      title: 'SAM is near Bayes-optimal where SGD overfits harmfully',
      statement: 'Where n ||mu||^4 <= C3 d sigma_p^4 but ||mu|| >= C_sam sigma_p, SAM ends with test error at most p + 0.1.',
      provenance: { mark: 'lineage', ref: `${samThm} (benign case)` },
      regime: 'supervised',
      metric: 'testError',
      direction: 'at-most',
      bound: 'labelNoise + eps',
      hypothesis: 'ratio <= C3 and muNorm >= C_sam * sigmaP',
      region: harmfulRegion,
      budget: manySeeds,
    },
    {
      id: 'sam-slows-noise-memorisation',
      kind: 'comparison',
      title: 'SAM memorises less noise than SGD early in training',
      statement:
        'At the early step T_1 = 100, the noise memorisation rho-bar = max over j, r and i with y_i = j of ' +
        '<w_{j,r}(T_1) - w_{j,r}(0), xi_i> / ||xi_i||^2 is lower under SAM than under SGD on the same data, initialisation and batches.',
      provenance: { mark: 'paper', ref: `${abstract} ("prevent noise learning in the early stages"); rho-bar in its projection form (Cao et al. 2022, Definition 5.1) and T_1 are ours` },
      set: { steps: 100 },
      metric: 'noiseMemorisation',
      better: { regime: 'memorisation' },
      worse: { regime: 'memorisation', set: { samRadius: 0 } },
      margin: 0,
      hypothesis: 'ratio <= C3',
      region: harmfulRegion,
      budget: manySeeds,
    },
    {
      id: 'control-sam-memorises-first',
      kind: 'comparison',
      title: 'Negative control: SGD memorises less noise than SAM early in training',
      statement: 'The reverse of sam-slows-noise-memorisation: at T_1 = 100, SGD\'s rho-bar is below SAM\'s. Expected to FAIL.',
      provenance: { mark: 'choice', ref: 'negative control for sam-slows-noise-memorisation' },
      expect: 'fail',
      set: { steps: 100 },
      metric: 'noiseMemorisation',
      better: { regime: 'memorisation', set: { samRadius: 0 } },
      worse: { regime: 'memorisation' },
      margin: 0,
      hypothesis: 'ratio <= C3',
      region: harmfulRegion,
      budget: manySeeds,
    },
    {
      id: 'control-sgd-beats-sam',
      kind: 'comparison',
      title: 'Negative control: SGD generalizes better than SAM where SGD is harmful',
      statement: 'The reverse of sam-beats-sgd. Expected to FAIL.',
      provenance: { mark: 'choice', ref: 'negative control for sam-beats-sgd' },
      expect: 'fail',
      metric: 'testError',
      better: { regime: 'supervised', set: { samRadius: 0 } },
      worse: { regime: 'supervised' },
      margin: 0,
      hypothesis: 'ratio <= C3',
      region: harmfulRegion,
      budget: manySeeds,
    },
    {
      id: 'control-sgd-benign-without-signal',
      kind: 'bound',
      title: 'Negative control: SGD near-Bayes with almost no signal',
      statement: 'Claims SGD\'s test error is at most p + 0.05 where n ||mu||^4 is far below d sigma_p^4. Expected to FAIL.',
      provenance: { mark: 'choice', ref: 'negative control for sgd-benign' },
      expect: 'fail',
      set: { samRadius: 0 },
      regime: 'supervised',
      metric: 'testError',
      direction: 'at-most',
      bound: 'labelNoise + 0.05',
      region: { muNorm: { values: [0.5, 1] }, nLabeled: { values: [20] } },
      budget: { quick: { seeds: 3, points: 2 } },
    },
  ],
});
