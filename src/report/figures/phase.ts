import type { Figure } from '../../../proofs-check/results.js';
import { overlayLayers, prepare, shell, xy, type Prepared } from './common.js';

// Outcomes the checkers name; any other label still gets a colour from the fallback scheme.
const KNOWN: Record<string, string> = { benign: '#1a9850', pass: '#1a9850', mixed: '#fdae61', harmful: '#d73027', fail: '#d73027' };

/** Grid cells over two parameters coloured by outcome, with the predicted boundary on top. */
export function phaseSpec(fig: Figure, data: Prepared = prepare(fig)): Record<string, unknown> {
  const { points, overlays } = data;
  const cells = points.map((p) => ({ ...p, outcome: p.label ?? p.series }));
  const outcomes = [...new Set(cells.map((c) => c.outcome))].sort((a, b) => order(a) - order(b));
  const allKnown = outcomes.every((o) => o in KNOWN);
  const series = [...new Set(cells.map((c) => c.series))];
  const layers: Record<string, unknown>[] = [
    {
      data: { values: cells },
      mark: { type: 'point', filled: true, size: 380, opacity: 0.9 },
      encoding: {
        ...xy(fig),
        color: {
          field: 'outcome',
          type: 'nominal',
          title: 'outcome',
          scale: allKnown ? { domain: outcomes, range: outcomes.map((o) => KNOWN[o]) } : { domain: outcomes, scheme: 'set2' },
        },
        shape: series.length > 1 ? { field: 'series', type: 'nominal', title: 'series' } : { value: 'square' },
        tooltip: [{ field: 'x' }, { field: 'y' }, { field: 'outcome' }],
      },
    },
    ...overlayLayers(fig, overlays),
  ];
  return shell(fig, layers);
}

function order(label: string): number {
  const i = ['benign', 'pass', 'mixed', 'harmful', 'fail'].indexOf(label);
  return i < 0 ? 99 : i;
}
