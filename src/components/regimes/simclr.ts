import { z } from 'zod';
import { ACTIVATIONS } from '../../engine/activations.js';
import { defineRegime } from '../regime.js';

const positive = z.number().finite().positive();

/** Augmentations of the partner view (src/data/augment.ts). */
export const AUGMENTATIONS = ['class-conditional', 'perturb-noise', 'mask', 'identity', 'shuffle-signal'] as const;

export const simclrParams = z.object({
  tau: positive.default(1).describe('contrastive temperature'),
  similarity: z.enum(['dot', 'cosine']).default('dot').describe('dot | cosine'),
  pretrainActivation: z.enum(ACTIVATIONS).default('linear').describe('encoder activation in pre-training: linear | relu | relu^q'),
  pretrainSigma0: positive.default(1e-4).describe('init scale of pre-training'),
  pretrainEta: positive.default(0.02).describe('step size of pre-training'),
  pretrainSteps: z.number().int().nonnegative().default(25).describe('pre-training steps'),
  /** Early stop from unlabelled data only [choice]: `none` runs all pretrainSteps. */
  pretrainStop: z.enum(['none', 'val-loss']).default('none').describe('none | val-loss (early stop on held-out unlabelled pairs)'),
  augment: z.enum(AUGMENTATIONS).default('class-conditional').describe(AUGMENTATIONS.join(' | ')),
  /** Class-conditional partner noise drawn once per sample [paper] or afresh each step [choice]. */
  augmentResample: z.enum(['once', 'every-step']).default('once').describe('once | every-step'),
  /** perturb-noise: partner noise = sqrt(1 - alpha^2) xi + alpha xi'. */
  alpha: z.number().min(0).max(1).default(0.5).describe('perturb-noise mixing weight'),
  /** mask: each coordinate of the partner's noise patch is zeroed with this probability. */
  maskProb: z.number().min(0).lt(1).default(0.5).describe('mask probability per noise coordinate'),
  finetune: z.enum(['full', 'linear-probe']).default('full').describe('full | linear-probe'),
  /** Rescale each pre-trained filter to this norm before fine-tuning [choice]; null keeps it. */
  finetuneInitNorm: positive.nullable().default(0.5).describe("norm of each pre-trained filter before fine-tuning, or 'none' to keep it"),
  finetuneEta: positive.default(1).describe('step size of fine-tuning'),
  finetuneSteps: z.number().int().nonnegative().default(3000).describe('fine-tuning steps'),
});

/**
 * SimCLR pre-training of the first layer on unlabelled pairs, then full fine-tuning of the CNN or a
 * linear probe on the frozen embedding [paper, via reviews].
 */
export const simclr = defineRegime({
  name: 'simclr',
  description: 'SimCLR pre-training, then full fine-tuning or a linear probe',
  params: simclrParams,
  blocks: ['contrastivePretrain', 'splitFilters', 'linearProbe'],
  unlabeled: (p) => p.nUnlabeled,
  run(b, p) {
    const pre = b.contrastivePretrain!(b.initialise('pretrain', p.pretrainSigma0));
    const alignmentPretrain = b.alignment(pre.W);
    const preMetrics = { alignmentPretrain, pretrainStepsRun: pre.stepsUsed };
    const last = { pretrainCurve: pre.curve, lastPhase: 'finetune', lastSteps: p.finetuneSteps } as const;
    if (pre.diverged) {
      return { metrics: { trainLoss: null, trainError: null, testLoss: null, testError: null, alignment: alignmentPretrain, ...preMetrics }, trainCurve: [], diverged: pre.diverged, ...last };
    }
    if (p.finetune === 'full') {
      const fit = b.fit(b.splitFilters!(pre.W, p.finetuneInitNorm), { phase: 'finetune', eta: p.finetuneEta, steps: p.finetuneSteps, activation: p.activation });
      return { metrics: { ...b.evaluate(fit.W, p.activation), ...preMetrics }, trainCurve: fit.curve, diverged: fit.diverged, ...last };
    }
    const probe = b.linearProbe!(pre.W, alignmentPretrain);
    return { metrics: { ...probe.metrics, alignment: alignmentPretrain, ...preMetrics }, trainCurve: probe.curve, diverged: probe.diverged, ...last };
  },
});
