import t from 'tap';
import { adjustAcrossClaims } from '../proofs-check/multiplicity.js';
import type { ClaimResult } from '../proofs-check/results.js';

const claim = (id: string, verdict: ClaimResult['verdict'], pValue: number | null, expected: 'hold' | 'fail' = 'hold'): ClaimResult => ({
  id,
  kind: 'bound',
  title: id,
  statement: id,
  provenance: { mark: 'choice', ref: 'test' },
  expected,
  verdict,
  reason: 'Decided.',
  statistic: null,
  measurements: [],
  figures: [],
  ...(pValue === undefined ? {} : { adjusted: { method: 'none', pValue, adjustedPValue: null, family: 0 } }),
  seeds: [0],
  runs: 0,
  cacheHits: 0,
  wallSeconds: 0,
});

const spec = [
  claim('a', 'pass', 0.01),
  claim('b', 'pass', 0.03),
  claim('c', 'pass', 0.04),
  claim('d', 'inconclusive', 0.5),
  claim('scaling', 'pass', null),
  claim('control', 'xfail', 0.9, 'fail'),
];

t.test('Holm across claims turns passes that do not survive into inconclusive, and says why', async (t) => {
  const out = adjustAcrossClaims(spec, { level: 0.95 });
  t.same(out.map((c) => c.id), spec.map((c) => c.id), 'same claims, same order');
  const by = Object.fromEntries(out.map((c) => [c.id, c]));
  // Family of 4 (a, b, c, d): Holm gives 0.04, 0.09, 0.09, 0.5.
  t.equal(by.a.verdict, 'pass');
  t.equal(by.a.adjusted!.family, 4);
  t.ok(Math.abs(by.a.adjusted!.adjustedPValue! - 0.04) < 1e-12);
  t.equal(by.b.verdict, 'inconclusive');
  t.match(by.b.reason, /Holm adjusts its p-value 0.03 to 0.09 > 0.05/);
  t.equal(by.c.verdict, 'inconclusive');
  t.equal(by.d.verdict, 'inconclusive');
  t.equal(by.scaling.verdict, 'pass', 'a rule without a p-value is left out, not demoted');
  t.match(by.scaling.adjusted!.method, /no p-value/);
  t.equal(by.control.verdict, 'xfail');
  t.match(by.control.adjusted!.method, /negative control/);
  t.equal(spec[1].verdict, 'pass', 'the input is not modified');
});

t.test('Benjamini-Hochberg keeps passes whose false-discovery-adjusted p-values stay below alpha', async (t) => {
  const out = adjustAcrossClaims(spec, { level: 0.95, method: 'bh' });
  const by = Object.fromEntries(out.map((c) => [c.id, c]));
  // BH: 0.04, 0.0533, 0.0533, 0.5 - a passes, b and c do not.
  t.equal(by.a.verdict, 'pass');
  t.equal(by.b.verdict, 'inconclusive');
  t.match(by.b.reason, /Benjamini-Hochberg/);
  const loose = adjustAcrossClaims(spec, { level: 0.9, method: 'bh' });
  t.ok(loose.filter((c) => c.verdict === 'pass').length === 4, 'at alpha 0.1 every pass stands');
});
