import padjust from '@stdlib/stats-padjust';
import { MULTIPLICITY_METHODS } from '../src/spec/schema.js';
import { fmt } from './context.js';
import type { ClaimResult } from './results.js';

export type MultiplicityMethod = (typeof MULTIPLICITY_METHODS)[number];

const NAMES: Record<MultiplicityMethod, string> = { holm: 'Holm', bh: 'Benjamini-Hochberg' };

/**
 * Spec-level multiplicity, after every claim is decided. The family is the claims that are
 * expected to hold and whose rule gives a p-value against the claim (bound, comparison, monotone;
 * kinds without one, and negative controls, are left out and say so). Their p-values are adjusted
 * together (Holm: family-wise error; Benjamini-Hochberg: false discovery rate), and a pass whose
 * adjusted p-value exceeds alpha = 1 - level becomes inconclusive, with the reason saying why.
 * Pure: returns new results, in the same order.
 */
export function adjustAcrossClaims(claims: readonly ClaimResult[], opts: { level: number; method?: MultiplicityMethod }): ClaimResult[] {
  const method = opts.method ?? 'holm';
  const alpha = 1 - opts.level;
  const inFamily = (c: ClaimResult) => c.expected === 'hold' && typeof c.adjusted?.pValue === 'number';
  const family = claims.filter(inFamily);
  const adjustedValues = family.length ? (padjust(family.map((c) => c.adjusted!.pValue as number), method) as number[]) : [];
  const adjustedOf = new Map(family.map((c, i) => [c, adjustedValues[i]]));
  return claims.map((c) => {
    if (c.verdict === 'error') return c;
    if (!inFamily(c)) {
      const why = c.expected === 'fail' ? 'none (negative control, outside the family)' : 'none (this rule gives no p-value, outside the family)';
      return { ...c, adjusted: { method: why, pValue: c.adjusted?.pValue ?? null, adjustedPValue: null, family: family.length } };
    }
    const adjusted = adjustedOf.get(c)!;
    const next: ClaimResult = { ...c, adjusted: { method: NAMES[method], pValue: c.adjusted!.pValue, adjustedPValue: adjusted, family: family.length } };
    if (c.verdict === 'pass' && adjusted > alpha) {
      next.verdict = 'inconclusive';
      next.reason = `${c.reason} Across the spec's ${family.length} claims with p-values, ${NAMES[method]} adjusts its p-value ${fmt(c.adjusted!.pValue)} to ${fmt(adjusted)} > ${fmt(alpha)}, so the pass does not stand at the spec level: inconclusive.`;
    }
    return next;
  });
}
