import type { RunResult } from '../src/engine/result.js';
import { metricPreference } from '../src/components/metric.js';
import { metricOf } from './context.js';

export type ReadAt = 'final' | 'best';

/**
 * A run's metric where the claim reads it: at the final iterate, or at the recorded iterate where
 * the metric is best (see READ_AT in src/spec/schema.ts for what that means and why it is
 * optimistic). Null when the run diverged or the metric was not recorded (curves of runs cached
 * before curve points carried the test loss).
 */
export function readMetric(run: RunResult, metric: string, readAt: ReadAt = 'final'): number | null {
  if (run.diverged) return null;
  if (readAt === 'final') return metricOf(run, metric);
  const higher = metricPreference(metric) === 'higher';
  const recorded = run.curves.train.map((p) => (p as Record<string, unknown>)[metric]);
  if (recorded.some((v) => v === undefined)) return null;
  const values = recorded.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (values.length === 0) return null;
  return higher ? Math.max(...values) : Math.min(...values);
}
