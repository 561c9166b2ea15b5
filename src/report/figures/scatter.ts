import type { Figure } from '../../../proofs-check/results.js';
import { censoredLayers, overlayLayers, prepare, seriesColor, shell, xy, type Prepared } from './common.js';

/** Estimates with interval bars per series (e.g. label complexity against SNR) and fitted/predicted lines. */
export function scatterSpec(fig: Figure, data: Prepared = prepare(fig)): Record<string, unknown> {
  const { points, overlays } = data;
  const color = seriesColor(points);
  const layers: Record<string, unknown>[] = [];
  const barred = points.filter((p) => p.lo !== null && p.marker === 'estimate');
  if (barred.length > 0) {
    layers.push({
      data: { values: barred },
      mark: { type: 'rule', strokeWidth: 1.5 },
      encoding: { ...xy(fig, 'lo'), y2: { field: 'hi' }, color: { ...color, legend: null } },
    });
  }
  layers.push({
    data: { values: points.filter((p) => p.marker === 'estimate') },
    mark: { type: 'point', filled: true, size: 60 },
    encoding: { ...xy(fig), color },
  });
  layers.push(...censoredLayers(fig, points), ...overlayLayers(fig, overlays));
  return shell(fig, layers);
}
