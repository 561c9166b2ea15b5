import type { ClaimResult, Figure } from '../../proofs-check/results.js';

// Measurement columns that are statistics or bookkeeping, not swept parameters.
const NOT_PARAMS = new Set(['point', 'mean', 'lower', 'upper', 'bound', 'seeds', 'diverged', 'outcome', 'shrinkCandidate', 'agrees', 'predicted', 'successes', 'boundary']);

/**
 * A bound's points at several values of other parameters share one x axis (alignment against SNR at two n_0, say):
 * split each such series by those parameters, read from the claim's measurement rows (matched on x and the
 * mean), so colour tells them apart. Figures whose x values do not repeat, or whose points match no row, are
 * returned unchanged.
 */
export function splitByOtherParams(fig: Figure, measurements: ClaimResult['measurements'], paramNames?: ReadonlySet<string>): Figure {
  if (fig.kind === 'phase') return fig;
  const xKey = fig.xLabel;
  const rows = measurements.filter((r) => typeof r[xKey] === 'number' && typeof r.mean === 'number');
  if (rows.length === 0) return fig;
  // The spec's parameter names (results.hyperparameters) when known: measurement columns also hold statistics
  // (p-values, bounds) that vary from point to point but are not parameters.
  const isParam = (k: string) => (paramNames && paramNames.size > 0 ? paramNames.has(k) : !NOT_PARAMS.has(k));
  const others = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((k) => k !== xKey && isParam(k) && rows.some((r) => r[k] !== rows[0][k]));
  if (others.length === 0) return fig;
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));
  let changed = false;
  const series: Figure['series'] = [];
  for (const s of fig.series) {
    const xs = s.points.map((p) => p.x);
    if (new Set(xs).size === xs.length) {
      series.push(s);
      continue;
    }
    const groups = new Map<string, Figure['series'][number]['points']>();
    let unmatched = false;
    s.points.forEach((p, i) => {
      // A bound series has no mean: it follows the measured point with the same index.
      const row = rows.find((r) => close(r[xKey] as number, p.x) && p.y !== null && close(r.mean as number, p.y)) ?? (rows.length === s.points.length ? rows[i] : undefined);
      if (!row) unmatched = true;
      const key = row ? others.map((k) => `${k} = ${row[k]}`).join(', ') : '';
      groups.set(key, [...(groups.get(key) ?? []), p]);
    });
    if (unmatched) {
      series.push(s);
      continue;
    }
    changed = true;
    // The series' own gloss ("measured (mean, interval)") gives way to the parameters, which the legend must show whole.
    for (const [key, points] of groups) series.push({ name: `${s.name.replace(/\s*\([^)]*\)\s*$/, '')}: ${key}`, points });
  }
  return changed ? { ...fig, series } : fig;
}
