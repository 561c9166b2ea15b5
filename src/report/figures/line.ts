import type { Figure } from '../../../proofs-check/results.js';
import { censoredLayers, overlayLayers, prepare, seriesColor, shell, xy, type Prepared } from './common.js';

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
    mark: { type: 'line', point: { size: 28 }, strokeWidth: 2 },
    encoding: { ...xy(fig), color, order: { field: 'x' } },
  });
  layers.push(...censoredLayers(fig, points), ...overlayLayers(fig, overlays));
  return shell(fig, layers);
}
