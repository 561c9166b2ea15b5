import type { TopLevelSpec } from 'vega-lite';
import type { Figure } from '../../../proofs-check/results.js';
import { supportOf } from '../support.js';
import { labelTex, type SymbolTable } from '../symbols.js';
import { prepare, type Prepared } from './common.js';
import { lineSpec } from './line.js';
import { phaseSpec } from './phase.js';
import { scatterSpec } from './scatter.js';
import { typesetLabel, typesetSvg, type TypesetLabel } from './typeset.js';
import { vegaLiteToSvg } from './vega.js';

type SpecBuilder = (fig: Figure, data: Prepared) => Record<string, unknown>;

/** One builder per Figure kind; a new kind is a new module listed here. */
const BUILDERS: Record<Figure['kind'], SpecBuilder> = { line: lineSpec, scatter: scatterSpec, phase: phaseSpec };

export interface RenderedFigure {
  svg: string;
  /** Caveats the caption must carry: omitted points and the like. */
  notes: string[];
}

export interface FigureOptions {
  /** TeX names of parameters and metrics: axes named by one are set as its symbol. */
  symbols?: SymbolTable;
}

export async function renderFigure(fig: Figure, idPrefix: string, opts: FigureOptions = {}): Promise<RenderedFigure> {
  const support = supportOf(fig.yLabel);
  const data = prepare(fig, support ? { support } : {});
  if (data.points.length === 0 && data.overlays.length === 0) {
    data.notes.push('No drawable data.');
  }
  const labels: TypesetLabel[] = [];
  const axisTitle = (label: string) => {
    const tex = opts.symbols ? labelTex(label, opts.symbols) : null;
    if (!tex) return label;
    const typeset = typesetLabel(tex);
    labels.push(typeset);
    return typeset.plain;
  };
  const shown: Figure = { ...fig, xLabel: axisTitle(fig.xLabel), yLabel: axisTitle(fig.yLabel) };
  const spec = BUILDERS[fig.kind](shown, data) as unknown as TopLevelSpec;
  return { svg: typesetSvg(await vegaLiteToSvg(spec, idPrefix), labels), notes: data.notes };
}

export { renderForest, type ForestRow } from './forest.js';
