import type { Figure } from '../../../proofs-check/results.js';

/** One drawable point of a series, flattened for Vega-Lite. */
export interface PointRow {
  series: string;
  x: number;
  y: number;
  lo: number | null;
  hi: number | null;
  marker: Marker;
  label: string | null;
}
export type Marker = 'estimate' | 'lower bound (censored)' | 'upper bound (censored)';
export const MARKER_SHAPES: Record<Marker, string> = {
  estimate: 'circle',
  'lower bound (censored)': 'triangle-up',
  'upper bound (censored)': 'triangle-down',
};

/** A polyline overlay: a fitted or predicted line, or a predicted boundary. */
export interface OverlayRow {
  name: string;
  style: 'fit' | 'predicted';
  order: number;
  x: number;
  y: number;
}

export interface Prepared {
  points: PointRow[];
  overlays: OverlayRow[];
  /** Things the picture cannot show and the caption must say (points dropped from a log axis, ...). */
  notes: string[];
}

const positive = (v: number) => v > 0 && Number.isFinite(v);

export interface PrepareOptions {
  /** Where the y quantity can lie (a loss >= 0, an error in [0, 1]): intervals are clipped to it for display. */
  support?: readonly [number, number];
}

/** Flattens the figure's data, dropping (and counting) what its scales cannot draw. */
export function prepare(fig: Figure, opts: PrepareOptions = {}): Prepared {
  const notes: string[] = [];
  const [supLo, supHi] = opts.support ?? [-Infinity, Infinity];
  let clipped = 0;
  const clip = (v: number | undefined) => {
    if (v === undefined) return v;
    if (v < supLo || v > supHi) clipped++;
    return Math.min(supHi, Math.max(supLo, v));
  };
  const xOk = (v: number) => (fig.xScale === 'log' ? positive(v) : Number.isFinite(v));
  const yOk = (v: number) => (fig.yScale === 'log' ? positive(v) : Number.isFinite(v));
  const points: PointRow[] = [];
  let missing = 0;
  let offScale = 0;
  for (const s of fig.series) {
    for (const p of s.points) {
      if (p.y === null) {
        missing++;
        continue;
      }
      if (!xOk(p.x) || !yOk(p.y)) {
        offScale++;
        continue;
      }
      const [lo, hi] = [clip(p.lo), clip(p.hi)];
      const band = lo !== undefined && hi !== undefined && yOk(lo) && yOk(hi);
      points.push({
        series: s.name,
        x: p.x,
        y: p.y,
        lo: band ? lo! : null,
        hi: band ? hi! : null,
        marker: p.censored === 'lower' ? 'lower bound (censored)' : p.censored === 'upper' ? 'upper bound (censored)' : 'estimate',
        label: p.label ?? null,
      });
    }
  }
  if (clipped > 0) notes.push(`${clipped} interval end(s) beyond the quantity's range [${supLo}, ${supHi === Infinity ? '∞' : supHi}] are drawn at its edge.`);
  if (missing > 0) notes.push(`${missing} point(s) without a value are not drawn.`);
  if (offScale > 0) notes.push(`${offScale} point(s) with non-positive values cannot be drawn on a log axis and are omitted.`);

  const overlays: OverlayRow[] = [];
  const xs = points.map((p) => p.x);
  if (fig.lines && fig.lines.length > 0 && xs.length > 0) {
    // Work in axis coordinates (log10 of the value on a log axis): "y = intercept + slope * x in the axes' scales".
    const ax = (v: number) => (fig.xScale === 'log' ? Math.log10(v) : v);
    const ay = (v: number) => (fig.yScale === 'log' ? Math.log10(v) : v);
    const fromX = (v: number) => (fig.xScale === 'log' ? 10 ** v : v);
    const fromY = (v: number) => (fig.yScale === 'log' ? 10 ** v : v);
    const [x0, x1] = [ax(Math.min(...xs)), ax(Math.max(...xs))];
    const ys = points.flatMap((p) => [p.y, p.lo ?? p.y, p.hi ?? p.y]).map(ay);
    // A line far from the data (a prediction with an arbitrary constant) must not squash the data into a corner:
    // clip each line to the data's y-range widened by half its span on either side.
    const [ylo, yhi] = [Math.min(...ys), Math.max(...ys)];
    const pad = Math.max((yhi - ylo) / 2, fig.yScale === 'log' ? 0.5 : Math.abs(yhi) * 0.5 || 1);
    const [lo, hi] = [ylo - pad, yhi + pad];
    for (const line of fig.lines) {
      let [a, b] = [x0, x1];
      if (line.slope !== 0) {
        const [u, v] = [(lo - line.intercept) / line.slope, (hi - line.intercept) / line.slope];
        [a, b] = [Math.max(a, Math.min(u, v)), Math.min(b, Math.max(u, v))];
      } else if (line.intercept < lo || line.intercept > hi) {
        [a, b] = [1, 0];
      }
      if (!(a <= b)) {
        notes.push(`Line "${line.name}" lies outside the plotted range and is not drawn.`);
        continue;
      }
      if (a > x0 + 1e-12 || b < x1 - 1e-12) notes.push(`Line "${line.name}" is clipped to the data's range.`);
      // A line is straight in display coordinates, so its two ends describe it exactly.
      [a, b].forEach((x, order) => overlays.push({ name: line.name, style: line.style, order, x: fromX(x), y: fromY(line.intercept + line.slope * x) }));
    }
  }
  if (fig.boundary && fig.boundary.length > 0) {
    const kept = fig.boundary.filter((b) => xOk(b.x) && yOk(b.y));
    if (kept.length < fig.boundary.length) notes.push(`${fig.boundary.length - kept.length} boundary point(s) off the log axes are omitted.`);
    [...kept].sort((a, b) => a.x - b.x).forEach((b, order) => overlays.push({ name: 'predicted boundary', style: 'predicted', order, x: b.x, y: b.y }));
  }
  return { points, overlays, notes };
}

export function scale(kind: 'linear' | 'log'): Record<string, unknown> {
  // A nice log domain rounds out to whole decades and leaves most of the plot empty.
  return kind === 'log' ? { type: 'log', nice: false, padding: 14 } : { type: 'linear', zero: false, padding: 6 };
}

/** Okabe & Ito's palette: distinguishable with every common colour-vision deficiency (black first, for overlays). */
export const OKABE_ITO = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];
const OVERLAY_COLOURS = ['#000000', '#D55E00', '#CC79A7', '#0072B2', '#009E73', '#E69F00'];

/**
 * The figure font: the appendix's body font (Latin Modern, Debian fonts-lmodern), so a figure's labels match the
 * text around it; later names are fallbacks for the HTML on machines without it. rsvg-convert embeds the first one
 * fontconfig finds. Change it here (and the README's preamble) to set figures in another family.
 */
export const FIGURE_FONT = 'Latin Modern Roman, CMU Serif, serif';

/** Vega-Lite layers shared by every kind: fitted/predicted lines and predicted boundaries. */
export function overlayLayers(fig: Figure, overlays: OverlayRow[]): Record<string, unknown>[] {
  if (overlays.length === 0) return [];
  return [
    {
      data: { values: overlays },
      mark: { type: 'line', strokeWidth: 1.8 },
      encoding: {
        x: { field: 'x', type: 'quantitative', scale: scale(fig.xScale), title: fig.xLabel },
        y: { field: 'y', type: 'quantitative', scale: scale(fig.yScale), title: fig.yLabel },
        order: { field: 'order' },
        detail: { field: 'name' },
        color: {
          field: 'name',
          type: 'nominal',
          title: null,
          scale: { range: OVERLAY_COLOURS },
          legend: { labelLimit: 300 },
        },
        // The legend swatch shows the dash, so fits and predictions need no legend of their own.
        strokeDash: { field: 'style', type: 'nominal', scale: { domain: ['fit', 'predicted'], range: [[1, 0], [6, 4]] }, legend: null },
      },
    },
  ];
}

/** The shell every figure shares: size, fonts, title, independent colour scales for data and overlays. */
export function shell(fig: Figure, layers: Record<string, unknown>[]): Record<string, unknown> {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: fig.title,
    // Sized for print: the appendix sets two figures side by side (half the text width, about 170 pt), where a
    // figure this size is scaled by about 0.8, so its 11 px (8 pt) labels print near 6.5 pt, under the 8 pt captions.
    // One legend entry per line with a generous label limit: a legend that names other swept parameters must not
    // truncate them, and a two-column legend would make the figure wide and so shrink it.
    width: 210,
    height: 105,
    background: 'white',
    config: { font: FIGURE_FONT, axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', grid: true, gridOpacity: 0.5, labelSeparation: 4 }, title: { fontWeight: 'normal' }, legend: { labelLimit: 280, titleLimit: 280, titleFontWeight: 'normal', labelFontSize: 11, titleFontSize: 11, orient: 'bottom', direction: 'vertical', columns: 1, rowPadding: 1, titleOrient: 'left', layout: { bottom: { direction: 'vertical', anchor: 'start' } } } },
    layer: layers,
    resolve: { scale: { color: 'independent', strokeDash: 'independent', shape: 'independent' } },
  };
}

// Linear axes: a handful of labelled ticks.
const AXIS = { tickCount: 6, labelOverlap: 'greedy' };

const MANTISSA = 'datum.value / pow(10, floor(log(datum.value) / LN10 + 1e-9))';

/**
 * Tick labels for a log axis: "1e-6" rather than "0.000001", and only on ticks whose leading digit is in the
 * set that suits the axis' span, so a wide axis is not crowded and a narrow one still has labels.
 */
function logLabels(decades: number): string {
  const text = "abs(datum.value) < 1e-3 || abs(datum.value) >= 1e6 ? format(datum.value, '~e') : format(datum.value, '~g')";
  // Within a decade Vega's few ticks (0.15, 0.2, 0.3, ...) all deserve a label.
  if (decades <= 1) return text;
  const digits = decades > 4 ? [1] : decades > 2 ? [1, 2, 5] : [1, 2, 3, 5];
  return `indexof([${digits.join(', ')}], round(${MANTISSA} * 100) / 100) < 0 ? '' : (${text})`;
}

function decades(fig: Figure, axis: 'x' | 'y'): number {
  const values = fig.series.flatMap((s) => s.points.map((p) => (axis === 'x' ? p.x : p.y))).filter((v): v is number => v !== null && v > 0);
  return values.length < 2 ? 0 : Math.log10(Math.max(...values) / Math.min(...values));
}

function axis(fig: Figure, which: 'x' | 'y'): Record<string, unknown> {
  const kind = which === 'x' ? fig.xScale : fig.yScale;
  if (fig.kind === 'phase') {
    // A phase diagram is a grid: tick exactly the grid's values (log ticks skipped e.g. 160).
    const values = [...new Set(fig.series.flatMap((s) => s.points.map((p) => (which === 'x' ? p.x : p.y))).filter((v): v is number => typeof v === 'number'))].sort((a, b) => a - b);
    if (values.length > 0) return { ...(kind === 'log' ? {} : AXIS), values, labelOverlap: 'greedy' };
  }
  // No tickCount on log axes: Vega's log ticks within a decade are already few, and greedy overlap removal thins them.
  return kind === 'log' ? { labelOverlap: 'greedy', labelExpr: logLabels(decades(fig, which)) } : AXIS;
}

export function xy(fig: Figure, yField = 'y'): Record<string, unknown> {
  return {
    x: { field: 'x', type: 'quantitative', scale: scale(fig.xScale), title: fig.xLabel, axis: axis(fig, 'x') },
    y: { field: yField, type: 'quantitative', scale: scale(fig.yScale), title: fig.yLabel, axis: axis(fig, 'y') },
  };
}

export function seriesColor(points: PointRow[]): Record<string, unknown> {
  const names = [...new Set(points.map((p) => p.series))];
  return { field: 'series', type: 'nominal', title: null, scale: { domain: names, range: OKABE_ITO }, legend: { labelLimit: 300 } };
}

/** Censored estimates, drawn as triangles pointing where the true value lies. */
export function censoredLayers(fig: Figure, points: PointRow[]): Record<string, unknown>[] {
  const censored = points.filter((p) => p.marker !== 'estimate');
  if (censored.length === 0) return [];
  const present = [...new Set(censored.map((p) => p.marker))];
  return [
    {
      data: { values: censored },
      mark: { type: 'point', filled: true, size: 140 },
      encoding: {
        ...xy(fig),
        color: { ...seriesColor(points), legend: null },
        shape: { field: 'marker', type: 'nominal', title: null, scale: { domain: present, range: present.map((m) => MARKER_SHAPES[m]) } },
      },
    },
  ];
}
