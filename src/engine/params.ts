import { z } from 'zod';
import { InputError, parseOrThrow } from '../util/errors.js';

/**
 * Every knob of one simulation run, with defaults from ../shared/docs/paper-model.md
 * (the prototype setting: d = 1000, SNR = 0.1, m = 10, relu^3).
 * Marks in comments: [lineage] standard setting, [paper] Zhang & Cao, [choice] ours.
 */
export const ACTIVATIONS = ['linear', 'relu', 'relu^q'] as const;
export const REGIMES = ['supervised', 'simclr'] as const;
/** `auto`: exact where it is exact and cheaper, tensor otherwise, per run (src/engine/auto.ts). */
export const ENGINES = ['tensor', 'exact', 'auto'] as const;
export const AUGMENTATIONS = ['class-conditional', 'perturb-noise', 'mask', 'identity', 'shuffle-signal'] as const;
/** Where the signal patch comes from: the toy model's y * mu, or real 28 x 28 images (src/data/real). */
export const DATA = ['synthetic', 'mnist', 'fashion-mnist'] as const;
/** Input dimension of the real-image sources (28 x 28 pixels). */
export const IMAGE_D = 784;
const imageClass = z.number().int().min(0).max(9);

const positive = z.number().finite().positive();
const count = z.number().int().positive();

export const SimParamsInput = z
  .object({
    regime: z.enum(REGIMES).default('supervised'),
    engine: z.enum(ENGINES).default('tensor'),
    seed: z.number().int().nonnegative().default(0),

    // Data model [lineage]: x = [y mu, xi], mu = muNorm * e_1.
    /** `mnist` / `fashion-mnist` [choice]: the signal patch is a real image of norm muNorm (src/data/real/source.ts). */
    data: z.enum(DATA).default('synthetic'),
    /** Real images: the two classes of the binary task; the first gets label +1. Also "a,b" (flags, spec enums). */
    classes: z
      .preprocess(
        (v) => (typeof v === 'string' && /^\s*\d+\s*,\s*\d+\s*$/.test(v) ? v.split(',').map(Number) : v),
        z.tuple([imageClass, imageClass]).refine(([a, b]) => a !== b, 'the two classes must differ'),
      )
      .default([0, 1]),
    /** Real images: the partner view's image is shifted by up to this many pixels in each direction [choice]. */
    imageShift: z.number().int().min(0).max(27).default(0),
    /** Default 1000 for synthetic data; real images fix d = 784. */
    d: count.optional(),
    /** Give either muNorm or snr; snr = muNorm / (sigmaP sqrt(d)). Default snr 0.1. */
    muNorm: positive.optional(),
    snr: positive.optional(),
    sigmaP: positive.default(1),
    /** Label-flip probability p (Kou et al.); Bayes-optimal test error is p. */
    labelNoise: z.number().min(0).lt(0.5).default(0),
    /** `projected`: xi ~ N(0, sigmaP^2 (I - mu mu^T/||mu||^2)) (Cao et al.); `isotropic`: N(0, sigmaP^2 I). */
    noiseCovariance: z.enum(['projected', 'isotropic']).default('projected'),
    nLabeled: count.default(10),
    nUnlabeled: z.number().int().min(2).default(1000),
    nTest: count.default(1000),

    // Network [lineage]: f = F_{+1} - F_{-1}, m filters per class, second layer +-1/m.
    m: count.default(10),
    activation: z.enum(ACTIVATIONS).default('relu^q'),
    q: z.number().finite().min(1).default(3),
    sigma0: positive.default(0.01),

    // Direct supervised training [lineage]: full-batch GD on the logistic loss.
    eta: positive.default(1),
    steps: z.number().int().nonnegative().default(2000),

    // SimCLR pre-training [paper, via reviews].
    tau: positive.default(1),
    similarity: z.enum(['dot', 'cosine']).default('dot'),
    pretrainActivation: z.enum(ACTIVATIONS).default('linear'),
    pretrainSigma0: positive.default(1e-4),
    pretrainEta: positive.default(0.02),
    pretrainSteps: z.number().int().nonnegative().default(25),
    /** Early stop from unlabelled data only [choice]: `none` runs all pretrainSteps. */
    pretrainStop: z.enum(['none', 'val-loss']).default('none'),
    augment: z.enum(AUGMENTATIONS).default('class-conditional'),
    /** Class-conditional partner noise drawn once per sample [paper] or afresh each step [choice]. */
    augmentResample: z.enum(['once', 'every-step']).default('once'),
    /** perturb-noise: partner noise = sqrt(1 - alpha^2) xi + alpha xi'. */
    alpha: z.number().min(0).max(1).default(0.5),
    /** mask: each coordinate of the partner's noise patch is zeroed with this probability. */
    maskProb: z.number().min(0).lt(1).default(0.5),

    // Fine-tuning [paper, via reviews].
    finetune: z.enum(['full', 'linear-probe']).default('full'),
    /** Rescale each pre-trained filter to this norm before fine-tuning [choice]; null keeps it. */
    finetuneInitNorm: positive.nullable().default(0.5),
    finetuneEta: positive.default(1),
    finetuneSteps: z.number().int().nonnegative().default(3000),

    /** Number of points at which loss curves are sampled. */
    curvePoints: z.number().int().min(2).max(1000).default(50),
  })
  .strict();

export type SimParamsInput = z.input<typeof SimParamsInput>;
type Parsed = z.output<typeof SimParamsInput>;

/** Fully resolved parameters: both muNorm and snr are numbers. */
export type SimParams = Omit<Parsed, 'muNorm' | 'snr' | 'd'> & { muNorm: number; snr: number; d: number };

export const DEFAULT_SNR = 0.1;

export function snrOf(p: { muNorm: number; sigmaP: number; d: number }): number {
  return p.muNorm / (p.sigmaP * Math.sqrt(p.d));
}

/** Validate and resolve raw parameters (from flags, a config file or a spec). Throws InputError. */
export function resolveParams(input: unknown, file?: string): SimParams {
  const parsed = parseOrThrow(SimParamsInput, input, file);
  if (parsed.muNorm !== undefined && parsed.snr !== undefined) {
    throw new InputError(
      `${file ? `${file}: ` : ''}muNorm and snr: give one of them, not both (got muNorm=${parsed.muNorm}, snr=${parsed.snr})`,
      { file, field: 'snr', value: parsed.snr },
    );
  }
  const real = parsed.data !== 'synthetic';
  if (real && parsed.d !== undefined && parsed.d !== IMAGE_D) {
    throw new InputError(
      `${file ? `${file}: ` : ''}d: data '${parsed.data}' has 28 x 28 images, so d must be ${IMAGE_D} (got d=${parsed.d}); drop d or set it to ${IMAGE_D}`,
      { file, field: 'd', value: parsed.d },
    );
  }
  if (!real && parsed.imageShift > 0) {
    throw new InputError(
      `${file ? `${file}: ` : ''}imageShift: shifts apply to real images only; set data to 'mnist' or 'fashion-mnist' (got imageShift=${parsed.imageShift} with data 'synthetic')`,
      { file, field: 'imageShift', value: parsed.imageShift },
    );
  }
  const d = parsed.d ?? (real ? IMAGE_D : 1000);
  const scale = parsed.sigmaP * Math.sqrt(d);
  const muNorm = parsed.muNorm ?? (parsed.snr ?? DEFAULT_SNR) * scale;
  const { snr: _snr, muNorm: _mu, d: _d, ...rest } = parsed;
  return { ...rest, d, muNorm, snr: muNorm / scale };
}

/** The parameters that determine a run's outcome, in a canonical key order (for hashing and replay). */
export function canonicalParams(p: SimParams): SimParams {
  const keys = Object.keys(p).sort() as (keyof SimParams)[];
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = p[k];
  return out as SimParams;
}
