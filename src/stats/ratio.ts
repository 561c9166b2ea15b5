import type { LogLogPoint } from './loglog.js';
import type { ThresholdResult } from './threshold.js';

/**
 * - `none`: a point estimate; `lower-bound`: the ratio exceeds `value`; `upper-bound`: it is at
 *   most `value`; `unknown`: both thresholds censored the same way, so nothing follows.
 */
export type RatioCensoring = 'none' | 'lower-bound' | 'upper-bound' | 'unknown';

export interface RatioEstimate {
  value: number;
  censored: RatioCensoring;
  /**
   * From the two threshold intervals: [num.lower / den.upper, num.upper / den.lower], so its
   * coverage is at least 1 - 2 (1 - level) of the inputs (Bonferroni); `level` states that.
   */
  interval: { lower: number; upper: number; level: number };
}

type Side = { kind: 'point' | 'above' | 'at-most'; v: number };

function side(r: ThresholdResult): Side {
  if (r.censored === 'above-range') return { kind: 'above', v: r.value };
  if (r.censored === 'below-range') return { kind: 'at-most', v: r.value };
  return { kind: 'point', v: r.value };
}

function div(a: number, b: number): number {
  if (b === 0) return a === 0 ? 0 : Infinity;
  return a / b;
}

/**
 * The ratio of two thresholds (e.g. n*_supervised / n*_simclr), keeping censoring honest: a
 * numerator known only to exceed A over a denominator d gives "ratio > A / d", never A / d as a value.
 */
export function thresholdRatio(num: ThresholdResult, den: ThresholdResult): RatioEstimate {
  const a = side(num);
  const b = side(den);
  const value = a.v / b.v;
  let censored: RatioCensoring;
  if (a.kind === 'point' && b.kind === 'point') censored = 'none';
  else if ((a.kind === 'above' && b.kind !== 'above') || (a.kind === 'point' && b.kind === 'at-most')) censored = 'lower-bound';
  else if ((a.kind === 'at-most' && b.kind !== 'at-most') || (a.kind === 'point' && b.kind === 'above')) censored = 'upper-bound';
  else censored = 'unknown';
  const level = Math.max(0, 1 - (1 - num.interval.level) - (1 - den.interval.level));
  const interval = { lower: div(num.interval.lower, den.interval.upper), upper: div(num.interval.upper, den.interval.lower), level };
  return { value, censored, interval };
}

/** A threshold or ratio as a log-log point; null when it carries no information (`unknown`). */
export function logLogPointOf(
  x: number,
  est: { value: number; censored: ThresholdResult['censored'] | RatioCensoring },
): LogLogPoint | null {
  switch (est.censored) {
    case 'none':
      return { x, y: est.value };
    case 'above-range':
    case 'lower-bound':
      return { x, censored: true, lowerBound: est.value };
    case 'below-range':
    case 'upper-bound':
      return { x, censored: true, upperBound: est.value };
    default:
      return null;
  }
}
