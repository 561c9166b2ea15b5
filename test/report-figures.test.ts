import t from 'tap';
import { XMLValidator } from 'fast-xml-parser';
import { Figure } from '../proofs-check/results.js';
import { renderFigure } from '../src/report/figures/index.js';
import { prepare } from '../src/report/figures/common.js';
import { scatterSpec } from '../src/report/figures/scatter.js';
import { namespaceIds } from '../src/report/figures/vega.js';
import { fixture } from './helpers/report.js';

const fig = (f: Record<string, unknown>) => Figure.parse({ id: 'f', title: 'f', xLabel: 'x', yLabel: 'y', ...f });

t.test('points a log axis cannot show are dropped and the caption says so', async (t) => {
  const p = prepare(fig({ kind: 'scatter', xScale: 'log', yScale: 'log', series: [{ name: 'a', points: [{ x: 1, y: null }, { x: 0, y: 3 }, { x: 2, y: 0 }, { x: 3, y: 4 }] }] }));
  t.equal(p.points.length, 1);
  t.same(p.notes, ['1 point(s) without a value are not drawn.', '2 point(s) with non-positive values cannot be drawn on a log axis and are omitted.']);
  const linear = prepare(fig({ kind: 'line', series: [{ name: 'a', points: [{ x: 0, y: 0 }, { x: 1, y: -1 }] }] }));
  t.equal(linear.points.length, 2, 'zero and negatives are fine on linear axes');
  t.same(linear.notes, []);
});

t.test('reference lines are straight in the axes: log10 coordinates on log axes', async (t) => {
  const p = prepare(
    fig({
      kind: 'scatter',
      xScale: 'log',
      yScale: 'log',
      series: [{ name: 'a', points: [{ x: 0.1, y: 1000 }, { x: 1, y: 1 }] }],
      lines: [{ name: 'slope -3', slope: -3, intercept: 0, style: 'predicted' }],
    }),
  );
  t.same(p.overlays.map((o) => [o.x, Math.round(o.y * 1e6) / 1e6]), [[0.1, 1000], [1, 1]]);
  t.same(p.notes, []);
});

t.test('a line far from the data is clipped or left out, with a note', async (t) => {
  const data = { kind: 'scatter', xScale: 'log', yScale: 'log', series: [{ name: 'a', points: [{ x: 1, y: 10 }, { x: 10, y: 1 }] }] };
  const far = prepare(fig({ ...data, lines: [{ name: 'far', slope: 0, intercept: 6, style: 'predicted' }] }));
  t.same(far.overlays, []);
  t.match(far.notes[0], /"far" lies outside the plotted range/);
  const steep = prepare(fig({ ...data, lines: [{ name: 'steep', slope: -8, intercept: 1, style: 'fit' }] }));
  t.equal(steep.overlays.length, 2);
  t.ok(steep.overlays[1].x < 10, 'clipped before the end of the data');
  t.match(steep.notes[0], /clipped/);
});

t.test('censored points are drawn with their own shape and legend entry', async (t) => {
  const claim = fixture().claims.find((c) => c.id === 'label-complexity-scaling')!;
  const spec = JSON.stringify(scatterSpec(claim.figures[0]));
  t.match(spec, /"lower bound \(censored\)"/);
  t.match(spec, /"triangle-up"/);
  t.match(spec, /"strokeDash"/, 'fit and predicted lines differ by dash');
});

t.test('every kind renders well-formed SVG, also in edge cases', async (t) => {
  const cases = {
    empty: fig({ kind: 'line', series: [] }),
    onePoint: fig({ kind: 'line', xScale: 'log', series: [{ name: 'a', points: [{ x: 10, y: 0.2, lo: 0.1, hi: 0.3 }] }] }),
    phaseUnknownLabels: fig({
      kind: 'phase',
      series: [{ name: 'a', points: [{ x: 1, y: 1, label: 'weird' }, { x: 2, y: 1 }] }, { name: 'b', points: [{ x: 1, y: 2, label: 'benign' }] }],
      boundary: [{ x: 1, y: 1.5 }, { x: 2, y: 1.2 }],
    }),
    bothCensorings: fig({ kind: 'scatter', series: [{ name: 'a', points: [{ x: 1, y: 1, censored: 'upper' }, { x: 2, y: 3, censored: 'lower' }, { x: 3, y: 2 }] }] }),
  };
  for (const [name, f] of Object.entries(cases)) {
    const { svg, notes } = await renderFigure(f, name);
    t.equal(XMLValidator.validate(svg), true, name);
    if (name === 'empty') t.same(notes, ['No drawable data.']);
  }
});

t.test('ids are namespaced so several inline SVGs can share a page', async (t) => {
  const svg = '<svg><defs><clipPath id="clip1"><rect/></clipPath></defs><g clip-path="url(#clip1)"><use href="#clip1"/></g></svg>';
  const a = namespaceIds(svg, 'fig a');
  t.equal(a, '<svg><defs><clipPath id="fig_a-clip1"><rect/></clipPath></defs><g clip-path="url(#fig_a-clip1)"><use href="#fig_a-clip1"/></g></svg>');
  t.not(namespaceIds(svg, 'b'), a);
});
