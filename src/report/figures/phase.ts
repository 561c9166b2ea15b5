import type { Figure } from '../../../proofs-check/results.js';
import { FIGURE_FONT, prepare, type Prepared } from './common.js';

/**
 * A cell's success fraction: from its label ("75%", "3/4") when it gives one, else 1 or 0 from an outcome word in
 * its series or label; null when neither says.
 */
export function successFraction(series: string, label: string | null): number | null {
  const pct = label ? /(-?\d+(?:\.\d+)?)\s*%/.exec(label) : null;
  if (pct) return Number(pct[1]) / 100;
  const ratio = label ? /(\d+)\s*\/\s*(\d+)/.exec(label) : null;
  if (ratio && Number(ratio[2]) > 0) return Number(ratio[1]) / Number(ratio[2]);
  const words = `${label ?? ''} ${series}`;
  if (/\b(benign|success|pass|holds?)\b/i.test(words)) return 1;
  if (/\b(harmful|failure|fail|violated)\b/i.test(words)) return 0;
  return null;
}

/** Cell edges around sorted grid values: midway between neighbours (geometric midway on a log axis), half a step out at the ends. */
export function cellEdges(values: readonly number[], log: boolean): Map<number, [number, number]> {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  const t = (v: number) => (log ? Math.log10(v) : v);
  const u = (v: number) => (log ? 10 ** v : v);
  const edges = new Map<number, [number, number]>();
  sorted.forEach((v, i) => {
    const prev = i > 0 ? (t(sorted[i - 1]) + t(v)) / 2 : null;
    const next = i < sorted.length - 1 ? (t(v) + t(sorted[i + 1])) / 2 : null;
    const half = prev !== null ? t(v) - prev : next !== null ? next - t(v) : log ? 0.15 : Math.abs(v) * 0.1 || 0.5;
    edges.set(v, [u(prev ?? t(v) - half), u(next ?? t(v) + (prev !== null ? t(v) - prev : half))]);
  });
  return edges;
}

/** Least-squares slope and intercept in the axes' coordinates. */
function fitLine(xs: number[], ys: number[]): { slope: number; intercept: number } | null {
  if (xs.length < 2) return null;
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  if (sxx === 0) return null;
  const slope = xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0) / sxx;
  return { slope, intercept: my - slope * mx };
}

const round2 = (v: number) => (Math.abs(v) < 0.005 ? '0' : v.toFixed(2).replace('-', '−'));

/**
 * The success fraction over the whole grid as a heatmap (viridis: ordered, colour-blind safe, legible in grey),
 * with the predicted boundary and any fitted boundary drawn across the whole grid; their log-log exponents
 * (slopes in the axes' coordinates) are in the legend.
 */
export function phaseSpec(fig: Figure, data: Prepared = prepare(fig)): Record<string, unknown> {
  const logX = fig.xScale === 'log';
  const logY = fig.yScale === 'log';
  const ax = (v: number) => (logX ? Math.log10(v) : v);
  const ay = (v: number) => (logY ? Math.log10(v) : v);
  const xEdges = cellEdges(data.points.map((p) => p.x), logX);
  const yEdges = cellEdges(data.points.map((p) => p.y), logY);
  const all = data.points.map((p) => ({
    x: p.x,
    y: p.y,
    x0: xEdges.get(p.x)![0],
    x1: xEdges.get(p.x)![1],
    y0: yEdges.get(p.y)![0],
    y1: yEdges.get(p.y)![1],
    success: successFraction(p.series, p.label),
    label: p.label ?? p.series,
    series: p.series,
  }));
  // A cell without a success fraction at a place another cell already fills is an annotation of that cell (held
  // out, where agreement with the prediction was measured): drawn as a marker on it, not as a grey cell over it.
  const known = new Set(all.filter((c) => c.success !== null).map((c) => `${c.x},${c.y}`));
  const cells = all.filter((c) => c.success !== null || !known.has(`${c.x},${c.y}`));
  const marks = all.filter((c) => c.success === null && known.has(`${c.x},${c.y}`)).map((c) => ({ x: c.x, y: c.y, mark: `${c.label} (${c.series.replace(/\s*\(.*\)$/, '')})` }));
  const domainX = cells.length ? [Math.min(...cells.map((c) => c.x0)), Math.max(...cells.map((c) => c.x1))] : undefined;
  const domainY = cells.length ? [Math.min(...cells.map((c) => c.y0)), Math.max(...cells.map((c) => c.y1))] : undefined;
  const gridValues = (which: 'x' | 'y') => [...new Set(cells.map((c) => c[which]))].sort((a, b) => a - b);
  const scaleX = { type: fig.xScale, nice: false, zero: false, padding: 0, ...(domainX ? { domain: domainX } : {}) };
  const scaleY = { type: fig.yScale, nice: false, zero: false, padding: 0, ...(domainY ? { domain: domainY } : {}) };
  const x = { type: 'quantitative', scale: scaleX, title: fig.xLabel, axis: { values: gridValues('x'), grid: false, labelOverlap: 'greedy' } };
  const y = { type: 'quantitative', scale: scaleY, title: fig.yLabel, axis: { values: gridValues('y'), grid: false, labelOverlap: 'greedy' } };

  // Boundaries as straight lines across the whole grid (they are power laws: straight on log-log axes).
  const lines: Array<{ name: string; style: 'fit' | 'predicted'; slope: number; intercept: number }> = [];
  const b = (fig.boundary ?? []).filter((p) => (!logX || p.x > 0) && (!logY || p.y > 0));
  const predicted = fitLine(b.map((p) => ax(p.x)), b.map((p) => ay(p.y)));
  if (predicted) lines.push({ name: `predicted boundary (exponent ${round2(predicted.slope)})`, style: 'predicted', ...predicted });
  for (const l of fig.lines ?? []) lines.push({ name: `${l.name.replace(/:?\s*slope\s*[-−]?[\d.]+$/i, '')} (exponent ${round2(l.slope)})`, style: l.style, slope: l.slope, intercept: l.intercept });
  const overlay = domainX
    ? lines.flatMap((l, k) =>
        [ax(domainX[0]), ax(domainX[1])].map((t, order) => ({ name: l.name, style: l.style, order, k, x: logX ? 10 ** t : t, y: logY ? 10 ** (l.intercept + l.slope * t) : l.intercept + l.slope * t })),
      )
    : [];

  const unknown = cells.filter((c) => c.success === null).length;
  if (unknown > 0) data.notes.push(`${unknown} cell(s) give no success fraction and are drawn grey.`);
  const layers: Record<string, unknown>[] = [
    {
      data: { values: cells },
      mark: { type: 'rect', stroke: '#ffffff', strokeWidth: 0.6 },
      encoding: {
        x: { field: 'x0', ...x },
        x2: { field: 'x1' },
        y: { field: 'y0', ...y },
        y2: { field: 'y1' },
        color: {
          condition: { test: 'datum.success === null', value: '#bbbbbb' },
          field: 'success',
          type: 'quantitative',
          title: 'success fraction',
          scale: { scheme: 'viridis', domain: [0, 1] },
          legend: { orient: 'right', direction: 'vertical', gradientLength: 110 },
        },
        tooltip: [{ field: 'x' }, { field: 'y' }, { field: 'label' }],
      },
    },
  ];
  if (marks.length) {
    layers.push({
      data: { values: marks },
      mark: { type: 'point', size: 28, strokeWidth: 1.4, filled: false },
      encoding: {
        x: { field: 'x', ...x },
        y: { field: 'y', ...y },
        shape: { field: 'mark', type: 'nominal', title: null, scale: { range: ['circle', 'cross', 'diamond'] }, legend: { orient: 'bottom', direction: 'vertical', symbolStrokeColor: '#333333' } },
        // White outlines read on viridis' dark cells; its light (yellow) end keeps them visible at this stroke width.
        stroke: { value: '#ffffff' },
      },
    });
  }
  if (overlay.length) {
    layers.push({
      data: { values: overlay },
      mark: { type: 'line', strokeWidth: 2.2, clip: true },
      encoding: {
        x: { field: 'x', ...x },
        y: { field: 'y', ...y },
        order: { field: 'order' },
        detail: { field: 'name' },
        // The boundary runs between dark (failure) and yellow (success) cells: black dashes and Okabe-Ito vermillion read on both.
        color: { field: 'name', type: 'nominal', title: null, scale: { domain: lines.map((l) => l.name), range: lines.map((l, i) => (l.style === 'predicted' ? '#000000' : ['#D55E00', '#CC79A7', '#56B4E9'][i % 3])) }, legend: { orient: 'bottom', direction: 'vertical', symbolStrokeWidth: 2.5 } },
        strokeDash: { field: 'style', type: 'nominal', scale: { domain: ['fit', 'predicted'], range: [[1, 0], [6, 3]] }, legend: null },
      },
    });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: fig.title,
    width: 190,
    height: 130,
    background: 'white',
    config: { font: FIGURE_FONT, axis: { labelFontSize: 11, titleFontSize: 13, titleFontWeight: 'normal' }, legend: { titleFontWeight: 'normal', labelFontSize: 11, titleFontSize: 11, labelLimit: 460 } },
    layer: layers,
    resolve: { scale: { color: 'independent' } },
  };
}
