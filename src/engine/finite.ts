import type { Divergence, RunMetrics } from './result.js';

/** The metrics a finished run must have as finite numbers; a null among them means a non-finite value. */
const REQUIRED: readonly string[] = ['trainLoss', 'trainError', 'testLoss', 'testError', 'alignment'];

/** The first metric that is missing or non-finite (alignmentPretrain only when the run measures it). */
export function nonFiniteMetric(metrics: RunMetrics): string | null {
  for (const k of REQUIRED) {
    const v = metrics[k];
    if (typeof v !== 'number' || !Number.isFinite(v)) return k;
  }
  if (metrics.alignmentPretrain !== undefined && (metrics.alignmentPretrain === null || !Number.isFinite(metrics.alignmentPretrain))) return 'alignmentPretrain';
  return null;
}

/**
 * The run's divergence: the one found during training, else a final metric that came out
 * non-finite (e.g. weights that overflowed float32 at initialisation while the loss stayed finite),
 * reported at the end of the last phase.
 */
export function divergenceOf(diverged: Divergence | null, metrics: RunMetrics, lastPhase: Divergence['phase'], lastStep: number): Divergence | null {
  if (diverged) return diverged;
  const bad = nonFiniteMetric(metrics);
  return bad ? { phase: lastPhase, step: lastStep, quantity: bad } : null;
}
