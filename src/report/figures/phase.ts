import type { Figure } from '../../../proofs-check/results.js';
import { overlayLayers, prepare, shell, xy, type Prepared } from './common.js';

// Outcome words checkers use for cells; a cell's outcome is its label when that names an outcome, else its series.
const OUTCOME_COLOURS: Array<[RegExp, string, number]> = [
  [/\b(benign|success|pass|holds?)\b/i, '#1a9850', 0],
  [/\b(mixed|tie|boundary|uncertain|inconclusive)\b/i, '#fdae61', 1],
  [/\b(harmful|failure|fail|violated)\b/i, '#d73027', 2],
];
const known = (name: string) => OUTCOME_COLOURS.find(([re]) => re.test(name));

/** Grid cells over two parameters coloured by outcome, with the predicted boundary on top. */
export function phaseSpec(fig: Figure, data: Prepared = prepare(fig)): Record<string, unknown> {
  const { points, overlays } = data;
  const cells = points.map((p) => {
    const labelIsOutcome = p.label !== null && known(p.label) !== undefined;
    return { ...p, outcome: labelIsOutcome ? p.label! : p.series, note: labelIsOutcome ? null : p.label };
  });
  const outcomes = [...new Set(cells.map((c) => c.outcome))].sort((a, b) => (known(a)?.[2] ?? 9) - (known(b)?.[2] ?? 9));
  const allKnown = outcomes.every((o) => known(o) !== undefined);
  const layers: Record<string, unknown>[] = [
    {
      data: { values: cells },
      mark: { type: 'square', filled: true, size: 380, opacity: 0.85 },
      encoding: {
        ...xy(fig),
        color: {
          field: 'outcome',
          type: 'nominal',
          title: 'outcome',
          scale: allKnown ? { domain: outcomes, range: outcomes.map((o) => known(o)![1]) } : { domain: outcomes, scheme: 'set2' },
        },
        tooltip: [{ field: 'x' }, { field: 'y' }, { field: 'outcome' }, { field: 'note' }],
      },
    },
  ];
  // Labels that are not outcomes (a success rate, say) are written into their cells.
  const notes = cells.filter((c) => c.note !== null);
  if (notes.length > 0) {
    layers.push({
      data: { values: notes },
      mark: { type: 'text', fontSize: 8, color: '#111', dy: 12 },
      encoding: { ...xy(fig), text: { field: 'note' } },
    });
  }
  layers.push(...overlayLayers(fig, overlays));
  return shell(fig, layers);
}
