import type { Interval } from './binomial.js';

export type Verdict = 'pass' | 'fail' | 'inconclusive';

/**
 * What the claim asserts about the quantity: `at-least` (quantity >= threshold) or
 * `at-most` (quantity <= threshold).
 */
export type Direction = 'at-least' | 'at-most';

type Bounds = Pick<Interval, 'lower' | 'upper'>;

function invalid(i: Bounds): boolean {
  return Number.isNaN(i.lower) || Number.isNaN(i.upper) || i.lower > i.upper;
}

/**
 * Verdict from an interval: pass only when the whole interval satisfies the claim, fail only
 * when none of it does, inconclusive when it straddles the threshold (never rounded to pass).
 * A censored estimate is an interval with an infinite end (e.g. n* > N is [N, Infinity]).
 */
export function decide(interval: Bounds, threshold: number, direction: Direction): Verdict {
  if (invalid(interval) || Number.isNaN(threshold)) return 'inconclusive';
  if (direction === 'at-least') {
    if (interval.lower >= threshold) return 'pass';
    if (interval.upper < threshold) return 'fail';
    return 'inconclusive';
  }
  if (interval.upper <= threshold) return 'pass';
  if (interval.lower > threshold) return 'fail';
  return 'inconclusive';
}

/** Verdict for a claim that the quantity lies in [lo, hi] (e.g. a slope within a tolerance of the stated one). */
export function decideWithin(interval: Bounds, lo: number, hi: number): Verdict {
  if (invalid(interval) || !(lo <= hi)) return 'inconclusive';
  if (interval.lower >= lo && interval.upper <= hi) return 'pass';
  if (interval.upper < lo || interval.lower > hi) return 'fail';
  return 'inconclusive';
}
