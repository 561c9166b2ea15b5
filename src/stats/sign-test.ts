/** P(X >= k) for X ~ Binomial(n, 1/2), exact (n is a seed count: small). */
export function binomialHalfUpper(k: number, n: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  let logC = 0; // log C(n, i), built up from i = 0
  let total = 0;
  for (let i = 0; i <= n; i++) {
    if (i > 0) logC += Math.log(n - i + 1) - Math.log(i);
    if (i >= k) total += Math.exp(logC - n * Math.LN2);
  }
  return Math.min(1, total);
}

/** One group's seeds against a bound: how many are known to meet it, known to exceed it, or undetermined (censored across it). */
export interface BoundCounts {
  meets: number;
  exceeds: number;
  unknown: number;
}

export interface MedianBoundGroup extends BoundCounts {
  /** One-sided p-value against "the median meets the bound" (small: most seeds exceed it). */
  pFail: number;
  /** One-sided p-value against "the median exceeds the bound" (small: most seeds meet it). */
  pPass: number;
  /** pFail adjusted across the groups (Holm). */
  pFailAdjusted: number;
  verdict: 'pass' | 'fail' | 'inconclusive';
}

export interface MedianBound {
  verdict: 'pass' | 'fail' | 'inconclusive';
  groups: MedianBoundGroup[];
  /** One-sided error rate of each side: (1 - level) / 2. */
  alpha: number;
  /** Seeds per group that the observed fractions imply would pass every group (null: they would not). */
  seedsToPass: number | null;
}

/**
 * "The quantity's median over seeds is at most the bound in every group" by exact sign tests.
 * An undetermined seed (its censored range straddles the bound) counts against the claim on
 * either side. The claim passes only when every group passes at one-sided alpha (an intersection-
 * union test needs no correction) and fails when any group fails after Holm's step-down across
 * the groups (a union of tests does).
 */
export function medianBound(groups: readonly BoundCounts[], level = 0.95): MedianBound {
  const alpha = (1 - level) / 2;
  const rows = groups.map((g) => {
    const n = g.meets + g.exceeds + g.unknown;
    return {
      ...g,
      pPass: n === 0 ? 1 : binomialHalfUpper(g.meets, n),
      pFail: n === 0 ? 1 : binomialHalfUpper(g.exceeds, n),
      pFailAdjusted: 1,
      verdict: 'inconclusive' as MedianBoundGroup['verdict'],
    };
  });
  const order = rows.map((_, i) => i).sort((a, b) => rows[a].pFail - rows[b].pFail);
  let running = 0;
  order.forEach((i, rank) => {
    running = Math.max(running, Math.min(1, (rows.length - rank) * rows[i].pFail));
    rows[i].pFailAdjusted = running;
  });
  for (const r of rows) r.verdict = r.pFailAdjusted <= alpha ? 'fail' : r.pPass <= alpha ? 'pass' : 'inconclusive';
  const verdict = rows.length === 0 ? 'inconclusive' : rows.some((r) => r.verdict === 'fail') ? 'fail' : rows.every((r) => r.verdict === 'pass') ? 'pass' : 'inconclusive';
  let seedsToPass: number | null = 0;
  for (const r of rows) {
    const n = r.meets + r.exceeds + r.unknown;
    const f = n ? r.meets / n : 0;
    let need: number | null = null;
    if (f > 0.5) for (let m = 1; m <= 10_000 && need === null; m++) if (binomialHalfUpper(Math.ceil(f * m - 1e-9), m) <= alpha) need = m;
    seedsToPass = need === null || seedsToPass === null ? null : Math.max(seedsToPass, need);
  }
  return { verdict, groups: rows, alpha, seedsToPass };
}
