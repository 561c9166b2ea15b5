import { z } from 'zod';

/** A number that may be missing because the run diverged (JSON has no NaN). */
const metric = z.number().nullable();

export const CurvePoint = z.object({
  step: z.number().int().nonnegative(),
  trainLoss: metric,
  testError: metric.optional(),
  /** Test loss at this step (recorded since readAt: 'best' needs it; absent in older cached runs). */
  testLoss: metric.optional(),
  alignment: metric.optional(),
});
export type CurvePoint = z.infer<typeof CurvePoint>;

export const PretrainPoint = z.object({
  step: z.number().int().nonnegative(),
  /** Contrastive (NT-Xent style) loss on the pre-training batch. */
  loss: metric,
  /** Mean over all 2m filters of |cos(w_r, mu)|. */
  alignment: metric,
  /** Held-out contrastive loss on fresh unlabelled pairs, when pretrainStop uses it. */
  valLoss: metric.optional(),
});
export type PretrainPoint = z.infer<typeof PretrainPoint>;

/** Summaries of the decomposition restricted to the filters of one class j (exact engine). */
export const DecompositionClassSummary = z.object({
  j: z.union([z.literal(1), z.literal(-1)]),
  gammaMin: z.number(),
  gammaMean: z.number(),
  gammaMax: z.number(),
  /** Null when no training label equals j (resp. -j), so the set is empty. */
  rhoBarMin: z.number().nullable(),
  rhoBarMean: z.number().nullable(),
  rhoBarMax: z.number().nullable(),
  rhoUnderMin: z.number().nullable(),
  rhoUnderMean: z.number().nullable(),
  rhoUnderMax: z.number().nullable(),
});
export type DecompositionClassSummary = z.infer<typeof DecompositionClassSummary>;

/** Per-step summary of the signal/noise decomposition (exact engine; Cao et al.'s gamma, rho-bar, rho-underbar). */
export const DecompositionPoint = z.object({
  step: z.number().int().nonnegative(),
  gammaMax: z.number(),
  gammaMean: z.number(),
  /** Minimum over filters of gamma_{j,r}(t) for the right class j (non-decreasing in the proofs). */
  gammaMin: z.number(),
  rhoBarMax: z.number(),
  rhoBarMean: z.number(),
  rhoUnderMin: z.number(),
  rhoUnderMean: z.number(),
  /** Max |w(t) - reconstruction from (gamma, rho)| / |w(t)|, when it was measured. */
  identityResidual: z.number().optional(),
  /** Min of rho-bar and max of rho-underbar: the sign invariant rho-bar >= 0 >= rho-underbar reads off these. */
  rhoBarMin: z.number().optional(),
  rhoUnderMax: z.number().optional(),
  /** The same summaries per class j of F_j (gamma over its filters; rho-bar over samples with y_i = j, rho-underbar over y_i = -j). */
  byClass: z.array(DecompositionClassSummary).optional(),
});
export type DecompositionPoint = z.infer<typeof DecompositionPoint>;

export const RunMetrics = z.object({
  trainLoss: metric,
  trainError: metric,
  testLoss: metric,
  testError: metric,
  /** Mean |cos(w, mu)| over all filters at the end of the run. */
  alignment: metric,
  /** Mean |cos(w, mu)| right after pre-training (simclr regime only). */
  alignmentPretrain: metric.optional(),
  /** Pre-training steps actually run (early stop may cut them short). */
  pretrainStepsRun: z.number().int().nonnegative().optional(),
})
  // Further registered metrics (src/components/metric.ts) that the run's regime declares, by name.
  .catchall(metric);
export type RunMetrics = z.infer<typeof RunMetrics>;

export const Divergence = z.object({
  phase: z.enum(['pretrain', 'train', 'finetune']),
  step: z.number().int().nonnegative(),
  quantity: z.string(),
});
export type Divergence = z.infer<typeof Divergence>;

export const RunResult = z.object({
  /** A registered regime's name. */
  regime: z.string(),
  /** The resolved parameters (SimParams) that produced this result. */
  params: z.record(z.string(), z.unknown()),
  metrics: RunMetrics,
  curves: z.object({
    train: z.array(CurvePoint),
    pretrain: z.array(PretrainPoint).optional(),
    decomposition: z.array(DecompositionPoint).optional(),
  }),
  snr: z.number(),
  /** The engine that ran (for an `auto` run, the one it chose: see engineChoice); a registered engine's name. */
  engine: z.string(),
  engineVersion: z.string(),
  /** e.g. `tensorflow` (tfjs-node), `wasm`, `cpu`, or `float64-js` for the exact engine. */
  backend: z.string(),
  wallSeconds: z.number().nonnegative(),
  /** Null, or where a loss first turned NaN or infinite: a diverged run is a result, not a crash. */
  diverged: Divergence.nullable(),
  /** Engine `auto` only: the engine it chose for this run (also `engine`) and why. */
  engineChoice: z.object({ requested: z.literal('auto'), chosen: z.enum(['tensor', 'exact']), reason: z.string() }).optional(),
});
export type RunResult = z.infer<typeof RunResult>;
