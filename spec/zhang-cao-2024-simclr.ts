import { defineSpec } from '../src/spec/schema.js';

/**
 * Zhang & Cao, Understanding the Benefits of SimCLR Pre-Training in Two-Layer CNNs (arXiv 2409.18685).
 * Encoded from ../shared/docs/paper-model.md: the full text is not available offline, so statements
 * quoted by public reviews are marked `paper` with "(via reviews)", the standard setting of the line of
 * work `lineage`, and our own decisions `choice`. Defaults are the prototype's measured setting.
 * Every number a theorem leaves unspecified is a named constant below: edit it or bracket it.
 */

const thm42 = 'Theorem 4.2 (via reviews)';
const cond41 = 'Condition 4.1 (via reviews)';
const mechanism = 'Section 5 proof sketch: pre-training as a power method (via reviews)';

/** The SimCLR pipeline's fixed knobs for a claim about the default SNR 0.1 setting of the prototype. */
const prototypePoint = { snr: 0.1, nUnlabeled: 1000, pretrainSteps: 25 };

export default defineSpec({
  id: 'zhang-cao-2024-simclr',
  title: 'SimCLR pre-training then fine-tuning vs supervised training of a two-layer relu^q CNN',
  source: {
    citation:
      'Zhang, Cao. Understanding the Benefits of SimCLR Pre-Training in Two-Layer Convolutional Neural Networks. AISTATS 2026.',
    arxiv: '2409.18685',
    url: 'https://arxiv.org/abs/2409.18685',
  },
  description:
    'Data x = [y mu, xi], xi ~ N(0, sigma_p^2 (I - mu mu^T/||mu||^2)). SimCLR pre-trains a linear CNN on n_0 unlabelled ' +
    'samples with class-conditional positives, then the filters initialise a relu^q CNN fine-tuned on n_L labels.',

  parameters: [
    { name: 'd', type: 'int', default: 1000, range: [10, 10_000_000], description: 'patch dimension' },
    { name: 'm', type: 'int', default: 10, range: [1, 1000], description: 'filters per class (2m in all)' },
    { name: 'snr', type: 'real', tex: '\\mathrm{SNR}', default: 0.1, range: [0.005, 5], description: 'signal-to-noise ratio ||mu|| / (sigma_p sqrt(d))' },
    { name: 'sigmaP', type: 'real', tex: '\\sigma_p', default: 1, range: [1e-3, 1e3], description: 'noise standard deviation per coordinate' },
    { name: 'nLabeled', type: 'int', tex: 'n_L', default: 20, range: [2, 100_000], description: 'labelled samples (fine-tuning, or supervised training)' },
    { name: 'nUnlabeled', type: 'int', tex: 'n_0', default: 1000, range: [2, 1_000_000], description: 'unlabelled samples for pre-training' },
    { name: 'q', type: 'real', default: 3, range: [1, 8], description: 'exponent of the relu^q activation' },
    { name: 'activation', type: 'enum', default: 'relu^q', values: ['relu^q', 'relu', 'linear'], description: 'activation of the classifier (fine-tuned or supervised)' },
    { name: 'sigma0', type: 'real', tex: '\\sigma_0', default: 0.01, range: [1e-8, 1], description: 'init scale of supervised training' },
    { name: 'eta', type: 'real', tex: '\\eta', default: 1, range: [1e-6, 100], description: 'GD step of supervised training' },
    { name: 'steps', type: 'int', tex: 'T', default: 2000, range: [0, 1_000_000], description: 'GD steps of supervised training' },
    { name: 'tau', type: 'real', tex: '\\tau', default: 1, range: [1e-3, 1e3], description: 'SimCLR temperature' },
    { name: 'similarity', type: 'enum', default: 'dot', values: ['dot', 'cosine'], description: 'similarity in the contrastive loss (dot fits the analysis) [choice]' },
    { name: 'pretrainActivation', type: 'enum', default: 'linear', values: ['linear', 'relu', 'relu^q'], description: 'encoder activation during pre-training (linear in the paper)' },
    { name: 'pretrainSigma0', type: 'real', tex: '\\sigma_0^{\\mathrm{pre}}', default: 1e-4, range: [1e-10, 1], description: 'init scale for pre-training' },
    { name: 'pretrainEta', type: 'real', tex: '\\eta^{\\mathrm{pre}}', default: 0.02, range: [1e-6, 10], description: 'GD step of pre-training' },
    { name: 'pretrainSteps', type: 'int', tex: 'T^{\\mathrm{pre}}', default: 25, range: [0, 100_000], description: 'pre-training GD steps (stopped early)' },
    {
      name: 'augment',
      type: 'enum',
      default: 'class-conditional',
      values: ['class-conditional', 'perturb-noise', 'mask', 'identity', 'shuffle-signal'],
      description: 'how the positive partner of a sample is made (class-conditional is the paper\'s)',
    },
    { name: 'augmentResample', type: 'enum', default: 'once', values: ['once', 'every-step'], description: 'partner noise drawn once (paper) or every step' },
    { name: 'finetune', type: 'enum', default: 'full', values: ['full', 'linear-probe'], description: 'fine-tune all first-layer filters (paper) or a linear probe' },
    { name: 'finetuneInitNorm', type: 'real', default: 0.5, range: [1e-6, 100], description: 'norm the pre-trained filters are rescaled to before fine-tuning [choice]' },
    { name: 'finetuneEta', type: 'real', default: 1, range: [1e-6, 100], description: 'GD step of fine-tuning' },
    { name: 'finetuneSteps', type: 'int', default: 3000, range: [0, 1_000_000], description: 'GD steps of fine-tuning' },
  ],

  constants: [
    {
      name: 'C_pre',
      tex: 'C_0',
      default: 10,
      range: [0.1, 1000],
      description: 'unlabelled samples needed: n_0 >= C_pre max(SNR^-2, 1). 10 gives alignment about 0.95 in the prototype (BBP estimate 1 - cos^2 ~ 1/C_pre)',
      provenance: { mark: 'paper', ref: `${cond41}: n_0 = Omega~(max{SNR^-2, 1}); value from the prototype` },
    },
    {
      name: 'C_lab',
      tex: 'C_L',
      default: 4,
      range: [1, 1000],
      description: 'labels needed after pre-training: n_L >= C_lab (prototype: test error 0 from n_L = 4)',
      provenance: { mark: 'paper', ref: `${cond41}: n_L = Omega~(1); value from the prototype` },
    },
    {
      name: 'C_dim',
      tex: 'C_d',
      default: 1e-12,
      range: [1e-16, 10],
      description: 'dimension condition d >= C_dim n_0^4. The theorem needs d far beyond simulation sizes; 1e-12 admits the prototype (d = 1000, n_0 <= 5600). Raise it to test the condition as stated',
      provenance: { mark: 'choice', ref: `${cond41}: d >= Omega~(n_0^4 + ...), other terms unknown` },
    },
    {
      name: 'C_s0',
      tex: 'C_{\\sigma}',
      default: 0.01,
      range: [1e-6, 10],
      description: 'small pre-training init: sigma_0 sigma_p sqrt(d) <= C_s0 (prototype: 3e-3 aligns, 0.32 never does)',
      provenance: { mark: 'lineage', ref: `${cond41}: "small sigma_0"; scale sigma_p sqrt(d) recalled from Cao et al. 2022, not verified` },
    },
    {
      name: 'C_eta',
      tex: 'C_{\\eta}',
      default: 25,
      range: [1e-3, 1e4],
      description: 'small pre-training step: eta (||mu||^2 + sigma_p^2 d) / tau <= C_eta (prototype: 20.2)',
      provenance: { mark: 'choice', ref: `${cond41}: "small eta"; the form is ours` },
    },
    {
      name: 'C_Tlo',
      default: 0.8,
      range: [0, 1],
      description: 'pre-training runs at least C_Tlo times the power-method time T_pm',
      provenance: { mark: 'paper', ref: `${mechanism}: stop after about log(1/sigma_0)/log||A|| iterations` },
    },
    {
      name: 'C_Thi',
      default: 2,
      range: [1, 100],
      description: 'pre-training runs at most C_Thi times the power-method time T_pm (prototype: alignment decays after about 3 T_pm)',
      provenance: { mark: 'paper', ref: `${mechanism}: pre-training is stopped early` },
    },
    {
      name: 'C_sup',
      tex: 'C',
      default: 1.3,
      range: [0.01, 100],
      description: 'supervised benign/harmful boundary n_L SNR^q = C_sup (prototype: transition inside n = 10..200 for SNR 0.2..0.45)',
      provenance: { mark: 'paper', ref: 'Theorem 4.3 (via reviews), from Cao et al. 2022; value from the prototype' },
    },
    {
      name: 'eps',
      tex: '\\varepsilon',
      default: 0.05,
      range: [1e-6, 1],
      description: 'training-loss level of Theorem 4.2 (its eps)',
      provenance: { mark: 'paper', ref: thm42 },
    },
    {
      name: 'C_ft',
      tex: 'C_{\\mathrm{ft}}',
      default: 10,
      range: [1e-3, 1e6],
      description: 'constant in exp(-n_L^2 / C_ft), the Omega~(n_L^2) of Theorem 4.2',
      provenance: { mark: 'paper', ref: thm42 },
    },
    {
      name: 'C_init',
      tex: 'C_{\\mathrm{init}}',
      default: 1.6,
      range: [0.01, 100],
      description: 'signal response ||w|| ||mu|| of a rescaled pre-trained filter at the start of fine-tuning; finetuneInitNorm = C_init / ||mu|| keeps it fixed across SNR (the prototype: 0.5 x 3.16 at SNR 0.1)',
      provenance: { mark: 'choice', ref: 'fine-tuning initialisation; the paper rescales, the scale is ours' },
    },
    {
      name: 'A_lo',
      tex: 'A',
      default: 0.8,
      range: [0, 1],
      description: 'alignment mean |cos(w_r, mu)| reached at the end of pre-training when n_0 SNR^2 is large (prototype: 0.95 at SNR 0.1)',
      provenance: { mark: 'choice', ref: `${mechanism}: filters align with mu; the level is ours` },
    },
  ],

  derived: [
    { name: 'muNorm', tex: '\\|\\mu\\|', expr: 'snr * sigmaP * sqrt(d)', description: 'signal norm' },
    { name: 'supLoad', tex: 'n_L \\mathrm{SNR}^q', expr: 'nLabeled * snr^q', description: 'the supervised benign/harmful quantity' },
    { name: 'preLoad', tex: 'n_0 \\mathrm{SNR}^2', expr: 'nUnlabeled * snr^2', description: 'the pre-training quantity' },
    {
      name: 'T_pm',
      tex: 'T_{\\mathrm{pm}}',
      expr: 'log(1 / pretrainSigma0) / log(1 + 2 * pretrainEta * muNorm^2 / tau)',
      description: 'power-method time: log(1/sigma_0) / log(1 + top eigenvalue 2 eta ||mu||^2 / tau) (27 at the defaults; the prototype peaked at 20-30)',
    },
  ],

  assumptions: [
    {
      id: 'unlabeled-samples',
      expr: 'nUnlabeled >= C_pre * max(snr^-2, 1)',
      description: 'enough unlabelled samples for the spike mu to dominate the pre-training noise',
      provenance: { mark: 'paper', ref: cond41 },
    },
    {
      id: 'labeled-samples',
      expr: 'nLabeled >= C_lab',
      description: 'a constant number of labels',
      provenance: { mark: 'paper', ref: cond41 },
    },
    {
      id: 'dimension-large',
      expr: 'd >= C_dim * nUnlabeled^4',
      description: 'over-parameterisation: d large against n_0',
      provenance: { mark: 'paper', ref: `${cond41} (recalled form; the remaining terms are unknown)` },
    },
    {
      id: 'small-init',
      expr: 'pretrainSigma0 * sigmaP * sqrt(d) <= C_s0',
      description: 'small pre-training initialisation (GD never shrinks the random part of a filter)',
      provenance: { mark: 'lineage', ref: `${cond41}: small sigma_0; form from Cao et al. 2022` },
    },
    {
      id: 'small-step',
      expr: 'pretrainEta * (muNorm^2 + sigmaP^2 * d) / tau <= C_eta',
      description: 'small pre-training step',
      provenance: { mark: 'choice', ref: `${cond41}: small eta; the form is ours` },
    },
    {
      id: 'q-above-2',
      expr: 'q > 2',
      description: 'fine-tuning (and the supervised lower bound) use relu^q with q > 2',
      provenance: { mark: 'paper', ref: 'Section 3 (via reviews); Cao et al. 2022' },
    },
    {
      id: 'stopped-early',
      expr: '(pretrainSteps >= C_Tlo * T_pm) and (pretrainSteps <= C_Thi * T_pm)',
      description: 'pre-training runs for about the power-method time: long enough to align, stopped before it memorises noise',
      provenance: { mark: 'paper', ref: mechanism },
    },
  ],

  claims: [
    {
      id: 'thm-4-2-simclr-beats-supervised',
      kind: 'comparison',
      title: 'SimCLR + fine-tuning generalises where supervised training overfits harmfully',
      statement:
        'At SNR 0.1 with n_L = 10 and 40 labels (n_L SNR^q far below the supervised boundary), SimCLR pre-training on n_0 = 1000 ' +
        'unlabelled samples followed by fine-tuning has test error at least 0.3 below supervised training on the same labels.',
      provenance: { mark: 'paper', ref: `${thm42} and Theorem 4.3 (via reviews)` },
      set: prototypePoint,
      metric: 'testError',
      better: { regime: 'simclr' },
      worse: { regime: 'supervised' },
      margin: 0.3,
      hypothesis: 'supLoad < C_sup',
      region: { nLabeled: { values: [10, 40] } },
      budget: { quick: { seeds: 2 }, standard: { seeds: 5 }, paper: { seeds: 20 } },
    },
    {
      id: 'thm-4-2-test-loss-bound',
      kind: 'bound',
      title: 'SimCLR + fine-tuning: test loss <= 6 eps + exp(-n_L^2 / C)',
      statement:
        'Under Condition 4.1, fine-tuning the pre-trained filters reaches test loss at most 6 eps + exp(-n_L^2 / C_ft): ' +
        'near-optimal from a constant number of labels, even at SNR 0.1 where supervised training fails.',
      provenance: { mark: 'paper', ref: thm42 },
      set: prototypePoint,
      regime: 'simclr',
      metric: 'testLoss',
      direction: 'at-most',
      bound: '6 * eps + exp(-nLabeled^2 / C_ft)',
      region: { nLabeled: { values: [4, 10, 40] } },
      // Theorem 4.2 is an existence statement ("some iterate t <= T has ..."): read each run's test loss
      // at its best recorded iterate. Optimistic: it selects on the measured test loss (see READ_AT).
      readAt: 'best',
      budget: { quick: { seeds: 3 }, standard: { seeds: 6 } },
    },
    {
      id: 'thm-4-3-supervised-phase-transition',
      kind: 'phase-transition',
      title: 'Supervised training is benign only when n_L SNR^q >= C',
      statement:
        'Direct supervised training of the relu^q CNN reaches test error <= 0.1 where n_L SNR^q > C_sup and stays harmful ' +
        '(test error > 0.1) where n_L SNR^q < C_sup.',
      provenance: { mark: 'paper', ref: 'Theorem 4.3 (via reviews), after Cao et al. 2022 Theorems 4.3-4.4' },
      assumptions: ['q-above-2'],
      regime: 'supervised',
      metric: 'testError',
      success: { direction: 'at-most', threshold: '0.1' },
      // The same grid as the label-complexity claims below, so their runs are shared through the cache.
      x: { param: 'nLabeled', values: [10, 20, 40, 80, 160] },
      y: { param: 'snr', values: [0.2, 0.25, 0.3, 0.35, 0.45] },
      boundary: 'supLoad - C_sup',
      // C is unspecified in the theorem: estimate it from the grid and test the boundary's shape n SNR^q.
      fit: ['C_sup'],
      minAgreement: 0.75,
      // The exponent -1/q +- 25% on this 5 x 5 grid: with a seed spread of log n* about 0.62 (as the
      // supervised slope claim measures), q' = 3 passes in about 80% of planted replicates at 16 seeds
      // (bench/verdict-scaling.ts); 3 seeds passed none. q' = 2 or 5 did not pass at any budget.
      budget: { quick: { seeds: 1 }, standard: { seeds: 16 }, paper: { seeds: 24 } },
    },
    {
      id: 'supervised-label-complexity-slope',
      kind: 'scaling',
      title: 'Supervised label complexity scales like SNR^-q',
      statement: 'The smallest n_L at which supervised training reaches test error <= 0.1 has log-log slope -q in SNR.',
      provenance: { mark: 'lineage', ref: 'Theorem 4.3 (via reviews); Cao et al. 2022' },
      assumptions: ['q-above-2'],
      quantity: { kind: 'threshold', param: 'nLabeled', regime: 'supervised', metric: 'testError', direction: 'at-most', target: '0.1', range: [5, 320] },
      along: { param: 'snr', values: [0.25, 0.35, 0.45] },
      slope: '-q',
      tolerance: 1,
      budget: { quick: { seeds: 3, points: 7 }, standard: { seeds: 6, points: 13 }, paper: { seeds: 12, points: 25 } },
    },
    {
      id: 'simclr-label-complexity-flat',
      kind: 'scaling',
      title: 'SimCLR label complexity stays bounded as SNR falls',
      statement:
        'With n_0 = C_pre max(SNR^-2, 1) unlabelled samples and pre-training stopped at the power-method time, n_L = Omega~(1) ' +
        'labels suffice: the smallest n_L at which fine-tuning reaches test error <= 0.1 is at most C_lab (median over seeds) ' +
        'at every SNR of the supervised claim.',
      provenance: { mark: 'paper', ref: thm42 },
      quantity: { kind: 'threshold', param: 'nLabeled', regime: 'simclr', metric: 'testError', direction: 'at-most', target: '0.1', range: [2, 16] },
      along: { param: 'snr', values: [0.25, 0.35, 0.45] },
      couple: { nUnlabeled: 'ceil(C_pre * max(snr^-2, 1))', pretrainSteps: 'round(T_pm)', finetuneInitNorm: 'C_init / muNorm' },
      // A bounded n_L, not a zero slope: thresholds at the floor of the search range are bounds, and a
      // slope through bounds is not measured. An exact sign test over seeds needs 6 to pass.
      bound: 'C_lab',
      budget: { quick: { seeds: 3, points: 4 }, standard: { seeds: 6, points: 5 }, paper: { seeds: 12, points: 9 } },
    },
    {
      id: 'unlabeled-sample-complexity-slope',
      kind: 'scaling',
      title: 'Unlabelled sample complexity scales like SNR^-2',
      statement:
        'The smallest n_0 at which pre-training (stopped at the power-method time) reaches alignment >= 0.85 has log-log slope ' +
        'about -2 in SNR, where the spike is strong (SNR^2 d >> sqrt(d / n_0)).',
      provenance: { mark: 'paper', ref: `${cond41} and ${thm42}` },
      // n_0 is what is measured, so the condition on n_0 does not apply; fine-tuning plays no part.
      assumptions: ['labeled-samples', 'small-init', 'small-step', 'stopped-early'],
      set: { finetuneSteps: 0 },
      quantity: { kind: 'threshold', param: 'nUnlabeled', regime: 'simclr', metric: 'alignmentPretrain', direction: 'at-least', target: '0.85', range: [8, 1000] },
      along: { param: 'snr', values: [0.2, 0.3, 0.45] },
      couple: { pretrainSteps: 'round(T_pm)' },
      slope: '-2',
      tolerance: 0.6,
      // The paper profile sweeps down to SNR 0.03, where n_0* is near C_pre SNR^-2 = 11,000: cluster
      // work (runs of 2 n_0 = 22,000+ views, shard it), so the quicker profiles keep SNR >= 0.2.
      budget: {
        quick: { seeds: 3, points: 7 },
        standard: { seeds: 6, points: 11 },
        paper: { seeds: 12, points: 17, along: [0.03, 0.05, 0.08, 0.13, 0.2, 0.3, 0.45], range: [8, 25000] },
      },
    },
    {
      id: 'pretrain-alignment',
      kind: 'bound',
      title: 'Pre-training aligns the filters with mu when n_0 SNR^2 is large',
      statement:
        'Stopped at about the power-method time, SimCLR pre-training leaves the filters aligned with mu ' +
        '(mean |cos(w_r, mu)| >= A_lo) wherever n_0 >= C_pre max(SNR^-2, 1).',
      provenance: { mark: 'paper', ref: mechanism },
      set: { finetuneSteps: 0 },
      regime: 'simclr',
      metric: 'alignmentPretrain',
      direction: 'at-least',
      bound: 'A_lo',
      hypothesis: 'preLoad >= C_pre',
      region: {
        snr: { values: [0.1, 0.2, 0.3] },
        nUnlabeled: { values: [250, 1000] },
        pretrainSteps: { values: [10, 25] },
      },
      budget: { quick: { seeds: 3, points: 12 }, standard: { seeds: 6, points: 12 } },
    },
    {
      id: 'pretrain-alignment-peaks',
      kind: 'comparison',
      title: 'Alignment peaks at the power-method time, then decays',
      statement:
        'Run on past the power-method phase, pre-training starts to memorise the fixed pairs\' noise: alignment after ' +
        '25 steps exceeds alignment after 110 steps by at least 0.3 (prototype: 0.95 vs 0.30).',
      provenance: { mark: 'paper', ref: `${mechanism}; the decay was measured by the prototype` },
      // Not stopped-early: one side deliberately runs on.
      assumptions: ['unlabeled-samples', 'labeled-samples', 'dimension-large', 'small-init', 'small-step'],
      set: { snr: 0.1, nUnlabeled: 1000, finetuneSteps: 0 },
      metric: 'alignmentPretrain',
      better: { regime: 'simclr', set: { pretrainSteps: 25 } },
      worse: { regime: 'simclr', set: { pretrainSteps: 110 } },
      margin: 0.3,
      budget: { quick: { seeds: 2 }, standard: { seeds: 5 } },
    },
    {
      id: 'alignment-increases-with-unlabeled',
      kind: 'monotone',
      title: 'More unlabelled samples, better alignment',
      statement: 'At SNR 0.1, alignment after pre-training stopped at the power-method time increases with n_0 (prototype, at SNR 0.05: 0.77 at n_0 = 1000, 0.94 at 4000).',
      provenance: { mark: 'paper', ref: `${cond41} and ${mechanism}` },
      assumptions: ['labeled-samples', 'small-init', 'small-step', 'stopped-early'],
      set: { snr: 0.1, pretrainSteps: 25, finetuneSteps: 0 },
      regime: 'simclr',
      metric: 'alignmentPretrain',
      param: 'nUnlabeled',
      values: [100, 200, 400, 800],
      direction: 'increasing',
      budget: { quick: { seeds: 2 }, standard: { seeds: 4 } },
    },
    {
      id: 'supervised-error-decreases-with-labels',
      kind: 'monotone',
      title: 'Supervised test error falls with more labels',
      statement: 'At SNR 0.35, supervised test error decreases as n_L grows across the benign/harmful boundary.',
      provenance: { mark: 'lineage', ref: 'Cao et al. 2022, Theorems 4.3-4.4' },
      assumptions: ['q-above-2'],
      set: { snr: 0.35 },
      regime: 'supervised',
      metric: 'testError',
      param: 'nLabeled',
      values: [10, 20, 40, 80, 160],
      direction: 'decreasing',
      budget: { quick: { seeds: 3 }, standard: { seeds: 6 } },
    },
    {
      id: 'control-shuffle-signal-alignment',
      kind: 'bound',
      title: 'Negative control: shuffle-signal positives do not align the filters',
      statement:
        'With shuffle-signal views (positives share only the label-irrelevant noise patch) the same pre-training reaches ' +
        'alignment >= A_lo. Expected to FAIL: the prototype measured alignment <= 0.08.',
      provenance: { mark: 'choice', ref: 'negative control (paper-model.md, controls in the paper\'s pipeline)' },
      expect: 'fail',
      set: { ...prototypePoint, augment: 'shuffle-signal', finetuneSteps: 0 },
      regime: 'simclr',
      metric: 'alignmentPretrain',
      direction: 'at-least',
      bound: 'A_lo',
      region: {},
      // The bounded-support rule needs three seeds to reject alignment >= 0.8 from values near 0.05.
      budget: { quick: { seeds: 3 } },
    },
    {
      id: 'control-shuffle-signal-comparison',
      kind: 'comparison',
      title: 'Negative control: shuffle-signal pre-training does not beat supervised training',
      statement:
        'With shuffle-signal views, SimCLR + fine-tuning beats supervised training by 0.3 in test error at SNR 0.1. ' +
        'Expected to FAIL: without the shared signal, pre-training learns nothing about the label.',
      provenance: { mark: 'choice', ref: 'negative control for thm-4-2-simclr-beats-supervised' },
      expect: 'fail',
      set: { ...prototypePoint, nLabeled: 10 },
      metric: 'testError',
      better: { regime: 'simclr', set: { augment: 'shuffle-signal' } },
      worse: { regime: 'supervised' },
      margin: 0.3,
      // A paired difference of errors lies in [-1.3, 0.7] net of the margin; the bounded-support rule
      // needs about ten seeds to show a shortfall of 0.3 (supervised runs are shared with the claim above).
      budget: { quick: { seeds: 10 }, standard: { seeds: 10 }, paper: { seeds: 12 } },
    },
  ],
});
