import type { Figure } from '../../../proofs-check/results.js';
import { censoredLayers, overlayLayers, prepare, seriesColor, shell, xy, type Prepared } from './common.js';

function densest(points: { series: string }[]): number {
  const counts = new Map<string, number>();
  for (const p of points) counts.set(p.series, (counts.get(p.series) ?? 0) + 1);
  return Math.max(0, ...counts.values());
}

/** Curves per series (e.g. test error against n_L, alignment against step) with interval bands. */
export function lineSpec(fig: Figure, data: Prepared = prepare(fig)): Record<string, unknown> {
  const { points, overlays } = data;
  const estimates = points.filter((p) => p.marker === 'estimate');
  const banded = points.filter((p) => p.lo !== null);
  const color = seriesColor(points);
  const layers: Record<string, unknown>[] = [];
  if (banded.length > 0) {
    layers.push({
      data: { values: banded },
      mark: { type: 'area', opacity: 0.18 },
      encoding: { ...xy(fig, 'lo'), y2: { field: 'hi' }, color: { ...color, legend: null } },
    });
  }
  layers.push({
    data: { values: estimates },
    // Markers help on sparse curves and smear dense ones (a training curve of hundreds of steps) into a band.
    mark: { type: 'line', point: densest(estimates) <= 40 ? { size: 28 } : false, strokeWidth: 2 },
    encoding: { ...xy(fig), color, order: { field: 'x' } },
  });
  layers.push(...censoredLayers(fig, points), ...overlayLayers(fig, overlays));
  return shell(fig, layers);
}
