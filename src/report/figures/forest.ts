import type { TopLevelSpec } from 'vega-lite';
import type { Verdict } from '../../../proofs-check/results.js';
import { FOREST_LIMIT, type ForestRow } from '../forest-data.js';
import { FIGURE_FONT } from './common.js';
import { vegaLiteToSvg } from './vega.js';

export type { ForestRow };

const LABEL_LIMIT_MAX = 300;

// Okabe-Ito colours and distinct shapes, so verdicts differ without colour too.
const VERDICT_STYLE: Record<Verdict, { colour: string; shape: string }> = {
  pass: { colour: '#009E73', shape: 'circle' },
  xfail: { colour: '#0072B2', shape: 'diamond' },
  inconclusive: { colour: '#E69F00', shape: 'square' },
  fail: { colour: '#D55E00', shape: 'cross' },
  xpass: { colour: '#CC79A7', shape: 'triangle-up' },
  error: { colour: '#000000', shape: 'triangle-down' },
};

/** Every claim's statistic and interval against its threshold (at 0), on one normalised axis. */
export async function renderForest(rows: readonly ForestRow[], idPrefix: string): Promise<{ svg: string; notes: string[] }> {
  const notes: string[] = [];
  const clip = (v: number) => Math.max(-FOREST_LIMIT, Math.min(FOREST_LIMIT, v));
  const drawn = rows.filter((r) => r.margin !== null);
  const clipped = drawn.filter((r) => [r.margin!, r.lo!, r.hi!].some((v) => Math.abs(v) > FOREST_LIMIT));
  if (clipped.length) notes.push(`Claims ${clipped.map((r) => r.number).join(', ')} reach beyond ±${FOREST_LIMIT} and are drawn to the edge (open marker where the estimate itself lies beyond).`);
  const missing = rows.filter((r) => r.margin === null);
  if (missing.length) notes.push(`Not drawn: ${missing.map((r) => `claim ${r.number} (${r.scale})`).join('; ')}.`);
  const values = drawn.map((r) => ({
    claim: `${r.number}. ${r.id}`,
    verdict: r.verdict,
    margin: clip(r.margin!),
    lo: clip(r.lo!),
    hi: clip(r.hi!),
    beyond: Math.abs(r.margin!) > FOREST_LIMIT,
  }));
  const order = rows.map((r) => `${r.number}. ${r.id}`);
  const present = [...new Set(values.map((v) => v.verdict))];
  // Vega truncates labels wider than labelLimit with an ellipsis; size it to the longest claim id
  // (about 6 px a character at 10 px) so no label is cut, up to a width the page can still hold.
  const labelLimit = Math.min(LABEL_LIMIT_MAX, Math.max(120, Math.ceil(6 * Math.max(...order.map((o) => o.length)))));
  const y = { field: 'claim', type: 'nominal', title: null, sort: order, scale: { domain: order }, axis: { labelLimit, labelFontSize: 10 } };
  const colour = { field: 'verdict', type: 'nominal', title: 'verdict', scale: { domain: present, range: present.map((v) => VERDICT_STYLE[v].colour) } };
  const x = { type: 'quantitative', scale: { domain: [-FOREST_LIMIT, FOREST_LIMIT] }, title: 'margin to the threshold (0), claimed side > 0, scaled per claim' };
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 230,
    height: Math.max(60, 13 * rows.length),
    background: 'white',
    config: { font: FIGURE_FONT, axis: { labelFontSize: 10, titleFontSize: 11, titleFontWeight: 'normal', grid: true, gridOpacity: 0.4 }, legend: { orient: 'right', titleFontWeight: 'normal', labelFontSize: 10, titleFontSize: 10 } },
    layer: [
      { data: { values: [{ zero: 0 }] }, mark: { type: 'rule', strokeDash: [5, 3], color: '#000' }, encoding: { x: { field: 'zero', ...x } } },
      { data: { values }, mark: { type: 'rule', strokeWidth: 2 }, encoding: { y, x: { field: 'lo', ...x }, x2: { field: 'hi' }, color: { ...colour, legend: null } } },
      {
        data: { values },
        mark: { type: 'point', size: 70, strokeWidth: 1.5 },
        encoding: {
          y,
          x: { field: 'margin', ...x },
          color: colour,
          shape: { field: 'verdict', type: 'nominal', title: 'verdict', scale: { domain: present, range: present.map((v) => VERDICT_STYLE[v].shape) } },
          fillOpacity: { condition: { test: 'datum.beyond', value: 0 }, value: 1 },
          fill: { ...colour, legend: null },
        },
      },
    ],
  } as unknown as TopLevelSpec;
  return { svg: await vegaLiteToSvg(spec, idPrefix), notes };
}
