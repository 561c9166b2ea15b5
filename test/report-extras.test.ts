import t from 'tap';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderReports } from '../src/report/index.js';
import { resolveParams } from '../src/engine/params.js';
import { dataSourceFor } from '../src/data/index.js';
import { sampleInputsSvg } from '../src/data/real/preview.js';
import { fixture, tempDir } from './helpers/report.js';

t.test('results with sample inputs and scaling ratios show both in every format', async (t) => {
  const results = fixture();
  const source = dataSourceFor(resolveParams({ data: 'mnist', nTest: 100, nUnlabeled: 100, snr: 0.3 }));
  results.samples = { title: 'Sample inputs: mnist 0 vs 1', svg: sampleInputsSvg(source.sample('train', 2), source.imageShape!) };
  results.ratios = [
    {
      numerator: results.claims[0].id,
      denominator: results.claims[1].id,
      quantity: 'nLabeled*',
      along: 'snr',
      rows: [
        { x: 0.25, numerator: '126', denominator: '2', ratio: 63, bound: 'none' },
        { x: 0.2, numerator: '> 320', denominator: '2', ratio: 160, bound: 'lower' },
      ],
    },
  ];
  const out = tempDir('extras');
  await renderReports(results, { outDir: out, formats: ['md', 'html', 'tex'], warn: () => {} });
  const md = readFileSync(join(out, 'report.md'), 'utf8');
  t.match(md, /## Inputs/);
  t.match(md, /figures\/sample-inputs\.svg/);
  t.ok(existsSync(join(out, 'figures', 'sample-inputs.svg')));
  t.match(md, /## Sample complexities compared/);
  t.match(md, /\| 0\.2 \| \\> 320 \| 2 \| \\>= 160 \|/);
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  t.match(html, /<section id="inputs">[\s\S]*<svg/);
  t.match(html, /&gt;&#x3D; 160/);
  const tex = readFileSync(join(out, 'appendix.tex'), 'utf8');
  t.match(tex, /Sample complexities compared/);
  t.match(tex, /Inputs/);
});
