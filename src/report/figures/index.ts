import type { TopLevelSpec } from 'vega-lite';
import type { Figure } from '../../../proofs-check/results.js';
import { prepare, type Prepared } from './common.js';
import { lineSpec } from './line.js';
import { phaseSpec } from './phase.js';
import { scatterSpec } from './scatter.js';
import { vegaLiteToSvg } from './vega.js';

type SpecBuilder = (fig: Figure, data: Prepared) => Record<string, unknown>;

/** One builder per Figure kind; a new kind is a new module listed here. */
const BUILDERS: Record<Figure['kind'], SpecBuilder> = { line: lineSpec, scatter: scatterSpec, phase: phaseSpec };

export interface RenderedFigure {
  svg: string;
  /** Caveats the caption must carry: omitted points and the like. */
  notes: string[];
}

export async function renderFigure(fig: Figure, idPrefix: string): Promise<RenderedFigure> {
  const data = prepare(fig);
  if (data.points.length === 0 && data.overlays.length === 0) {
    data.notes.push('No drawable data.');
  }
  const spec = BUILDERS[fig.kind](fig, data) as unknown as TopLevelSpec;
  return { svg: await vegaLiteToSvg(spec, idPrefix), notes: data.notes };
}
