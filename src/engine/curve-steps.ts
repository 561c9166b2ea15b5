/**
 * The steps 0..total at which a curve is sampled: `points` values spread evenly, always
 * including 0 and total (fewer when total + 1 < points). Shared by engines so curves line up.
 */
export function curveSteps(total: number, points: number): number[] {
  if (total + 1 <= points) return Array.from({ length: total + 1 }, (_, k) => k);
  const out = new Set<number>();
  for (let k = 0; k < points; k++) out.add(Math.round((k * total) / (points - 1)));
  return [...out].sort((a, b) => a - b);
}
