import t from 'tap';
import { readFileSync } from 'node:fs';
import { claimCoverage } from '../src/spec/coverage.js';
import { validateSpec } from '../src/spec/load.js';

const toy = JSON.parse(readFileSync('spec/examples/toy.json', 'utf8')) as Record<string, any>;

function phaseClaim(id: string, boundary: string) {
  return {
    id,
    kind: 'phase-transition',
    title: 't',
    statement: 's',
    provenance: { mark: 'paper', ref: 'r' },
    regime: 'supervised',
    metric: 'testError',
    success: { direction: 'at-most', threshold: '0.1' },
    x: { param: 'nLabeled', values: [10, 40, 160] },
    y: { param: 'snr', values: [0.2, 0.3, 0.45] },
    boundary,
    minAgreement: 0.8,
  };
}

t.test('the toy claims apply where expected', async (t) => {
  const loaded = validateSpec(toy);
  const bound = claimCoverage(loaded, 0);
  t.equal(bound.total, 7 * 4, 'a 7-point sketch of the snr range times 4 nLabeled values');
  t.ok(bound.applicable > 0 && bound.applicable < bound.total, `hypothesis load >= C splits the region (${bound.applicable})`);
  t.ok(bound.blockedBy.hypothesis > 0);
  t.same(bound.warnings, []);
  const scaling = claimCoverage(loaded, 1);
  t.same([scaling.total, scaling.applicable, scaling.warnings], [5, 5, []]);
});

t.test('claims that cannot be tested are flagged (negative controls of the lint)', async (t) => {
  const spec = structuredClone(toy);
  spec.claims[0].hypothesis = 'load >= 1000'; // never within the region
  spec.claims[1].set = { q: 2 }; // assumption q > 2 fails at every sweep value
  spec.claims.push(phaseClaim('never-crosses', 'nLabeled * snr^q + 1'), phaseClaim('crosses', 'nLabeled * snr^q - C_benign'));
  const loaded = validateSpec(spec);
  t.match(claimCoverage(loaded, 0).warnings[0], /applies at none of its 28 points \(excluded by hypothesis \(28\)\)/);
  t.match(claimCoverage(loaded, 1).warnings.join('\n'), /excluded by q-above-2 \(5\)[\s\S]*a slope needs two/);
  t.match(claimCoverage(loaded, 2).warnings[0], /does not cross the grid \(9 cells predicted to succeed, 0 to fail\)/);
  const crossing = claimCoverage(loaded, 3);
  t.same(crossing.warnings, []);
  t.ok(crossing.predicted!.success > 0 && crossing.predicted!.failure > 0);
  t.same(claimCoverage(loaded, 0, { nLabeled: 3 }).applicable, 0, 'a base point does not override the region axes');
});

t.test('a coupling that leaves its parameter range is a lint problem, not a crash', async (t) => {
  const { lintSpec } = await import('../src/spec/lint.js');
  const spec = structuredClone(toy);
  spec.claims[1].couple = { d: 'ceil(1e6 * snr)' };
  const dir = t.testdir({ 'coupled.json': JSON.stringify(spec) });
  const result = await lintSpec(`${dir}/coupled.json`);
  t.match(result.problems.join('\n'), /coupled\.json: at the defaults: d: must lie in \[10, 100000\]/);

  spec.claims[1].couple = { d: 'snr > 0.3 ? 1e6 : 1000' };
  const loaded = validateSpec(spec);
  const cov = claimCoverage(loaded, 1);
  t.equal(cov.applicable, 3, 'sweep values 0.2, 0.25 and 0.3 stay valid');
  t.equal(cov.blockedBy['invalid point'], 2);
  t.match(cov.warnings.join('\n'), /invalid point at \{"snr":0\.35/);
});
