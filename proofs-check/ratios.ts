import type { ClaimResult, Results } from './results.js';

type Point = NonNullable<ClaimResult['scaling']>['points'][number];

function show(p: Point): string {
  if (p.value === null) return '-';
  const v = Number(p.value.toPrecision(3));
  return p.censored === 'above' ? `> ${v}` : p.censored === 'below' ? `<= ${v}` : String(v);
}

/** num / den with honest censoring: a numerator known only to exceed A gives "ratio >= A / den", never a value. */
function ratio(num: Point, den: Point): { ratio: number | null; bound: 'none' | 'lower' | 'upper' | 'unknown' } {
  if (num.value === null || den.value === null || den.value === 0) return { ratio: null, bound: 'unknown' };
  const r = num.value / den.value;
  const a = num.censored;
  const b = den.censored;
  if (a === 'none' && b === 'none') return { ratio: r, bound: 'none' };
  if ((a === 'above' && b !== 'above') || (a === 'none' && b === 'below')) return { ratio: r, bound: 'lower' };
  if ((a === 'below' && b !== 'below') || (a === 'none' && b === 'above')) return { ratio: r, bound: 'upper' };
  return { ratio: null, bound: 'unknown' };
}

/**
 * Every pair of scaling claims that measure the same quantity (e.g. nLabeled*) in different regimes
 * along the same parameter, as ratios at their common values. Plain data for reports.
 */
export function scalingRatios(claims: readonly ClaimResult[]): NonNullable<Results['ratios']> {
  const scaling = claims.filter((c) => c.scaling);
  const out: NonNullable<Results['ratios']> = [];
  scaling.forEach((num, i) => {
    for (const den of scaling.slice(i + 1)) {
      const a = num.scaling!;
      const b = den.scaling!;
      // In spec order: the earlier claim is the numerator (write the baseline regime first).
      if (a.quantity !== b.quantity || a.along !== b.along || a.regime === b.regime) continue;
      const rows = a.points.flatMap((p) => {
        const q = b.points.find((x) => x.x === p.x);
        return q ? [{ x: p.x, numerator: show(p), denominator: show(q), ...ratio(p, q) }] : [];
      });
      if (rows.length) out.push({ numerator: num.id, denominator: den.id, quantity: a.quantity, along: a.along, rows });
    }
  });
  return out;
}
