import t from 'tap';
import { validateSpec } from '../src/spec/load.js';
import type { SpecInput } from '../src/spec/schema.js';
import { calibrateClaim } from '../proofs-check/calibrate/calibrate.js';
import { inSupport, PlantedRuns, replicateDraws } from '../proofs-check/calibrate/planted.js';
import { resolveParams } from '../src/engine/params.js';

// Short Monte Carlo through the public path (calibrateClaim -> adaptive checkClaim); the long one
// is `npm run bench -- calibration`.
const prov = { mark: 'choice', ref: 'test' };
const common = { title: 't', statement: 's', provenance: prov };
const spec = (claims: unknown[]) =>
  validateSpec({
    id: 'cal',
    title: 'Calibration',
    source: { citation: 'test' },
    parameters: [
      { name: 'nLabeled', type: 'int', default: 10, range: [1, 100000], description: 'labels' },
      { name: 'snr', type: 'real', default: 0.3, range: [0.01, 2], description: 'SNR' },
    ],
    constants: [],
    assumptions: [],
    claims,
  } as SpecInput);
const opts = { profile: 'quick' as const, replicates: 40, effect: 2, command: 'test' };
// Bounded metrics (testError) get the betting rule, which needs tens of seeds to see a 0.1 effect (quick's
// 3 to 12 seeds decide nothing): their rounds start at 8 seeds and double up to 64 (4 looks).
const bounded = { ...opts, budget: { seeds: 8, maxSeeds: 64 } };

t.test('planted draws stay in the support and keep their mean', async (t) => {
  const draws = replicateDraws(1, 'support');
  const xs = Array.from({ length: 4000 }, (_, i) => inSupport('testError', 0.04, 0.05, draws.normal(i)));
  t.ok(xs.every((x) => x >= 0 && x <= 1));
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  t.ok(Math.abs(mean - 0.04) < 0.005, `mean ${mean}`);
  t.ok(inSupport('testLoss', 0.5, 0.2, -5) > 0);
  const runs = new PlantedRuns(() => ({ testError: 0.3 }), draws);
  const [r] = await runs.run([resolveParams({ seed: 4 })]);
  t.equal(r.metrics.testError, 0.3);
  t.equal(r.engineVersion, 'planted');
});

t.test('bound: a rule that holds its level at the threshold and rejects a planted false claim', async (t) => {
  const loaded = spec([{ ...common, id: 'b', kind: 'bound', regime: 'supervised', metric: 'testError', direction: 'at-most', bound: '0.3', region: { nLabeled: { values: [10] } } }]);
  const c = await calibrateClaim(loaded, 0, bounded);
  t.ok(c.calibration.falseFail! <= 0.1, `false fail ${c.calibration.falseFail}`);
  t.ok(c.calibration.falsePass! <= 0.1, `false pass ${c.calibration.falsePass} (negative control: mean 2 sd above the bound)`);
  t.ok(c.calibration.power! >= 0.5, `power ${c.calibration.power}`);
  t.equal(c.calibration.replicates, 40);
  t.equal(c.spreadSource, 'default');
  const again = await calibrateClaim(loaded, 0, bounded);
  t.same(again.counts, c.counts, 'same replicates, same verdicts');
});

t.test('bound, at-least: the planted false truth (mean below) does not pass, the true one does', async (t) => {
  const loaded = spec([{ ...common, id: 'b', kind: 'bound', regime: 'supervised', metric: 'testError', direction: 'at-least', bound: '0.3', region: { nLabeled: { values: [10] } } }]);
  const c = await calibrateClaim(loaded, 0, bounded);
  t.ok(c.calibration.power! >= 0.5 && c.calibration.falsePass! <= 0.1, JSON.stringify(c.calibration));
});

t.test('bound on a loss (t rule, level spent over the looks) at the quick budget: calibrated, and it stops early', async (t) => {
  const loaded = spec([{ ...common, id: 'b', kind: 'bound', regime: 'supervised', metric: 'testLoss', direction: 'at-most', bound: '0.5', region: { nLabeled: { values: [10] } } }]);
  const c = await calibrateClaim(loaded, 0, opts);
  t.ok(c.calibration.falseFail! <= 0.1, `false fail ${c.calibration.falseFail}`);
  t.ok(c.calibration.falsePass! <= 0.1, `false pass ${c.calibration.falsePass} (negative control: mean 2 sd above the bound)`);
  t.ok(c.calibration.power! >= 0.5, `power ${c.calibration.power}`);
  // Rounds of 3, 6 and 12 seeds: a claim true by 2 sd is mostly decided before the cap.
  t.ok(c.counts.holds!.meanSeeds < 12, `mean seeds ${c.counts.holds!.meanSeeds}`);
});

t.test('comparison and monotone: planted truths on both sides', async (t) => {
  const loaded = spec([
    { ...common, id: 'c', kind: 'comparison', metric: 'testError', better: { regime: 'simclr' }, worse: { regime: 'supervised' }, margin: 0.05 },
    { ...common, id: 'm', kind: 'monotone', regime: 'supervised', metric: 'testError', param: 'nLabeled', values: [5, 10, 20, 40], direction: 'decreasing' },
  ]);
  const cmp = await calibrateClaim(loaded, 0, bounded);
  t.ok(cmp.calibration.falseFail! <= 0.1 && cmp.calibration.falsePass! <= 0.1, JSON.stringify(cmp.calibration));
  t.ok(cmp.calibration.power! >= 0.3, JSON.stringify(cmp.calibration));
  const mono = await calibrateClaim(loaded, 1, bounded);
  t.ok(mono.calibration.power! >= 0.5, JSON.stringify(mono.calibration));
  t.equal(mono.counts.false.length, 2, 'flat and dip');
  t.type(mono.calibration.falsePass, 'number');
});

t.test('scaling: the planted exponent passes more often than wrong ones', async (t) => {
  const loaded = spec([
    {
      ...common,
      id: 's',
      kind: 'scaling',
      quantity: { kind: 'threshold', param: 'nLabeled', regime: 'supervised', metric: 'testError', direction: 'at-most', target: '0.25', range: [2, 2000] },
      along: { param: 'snr', values: [0.2, 0.3, 0.45] },
      slope: '-3',
      tolerance: 1,
    },
  ]);
  const c = await calibrateClaim(loaded, 0, { ...opts, replicates: 10, effect: 1, budget: { points: 16 } });
  t.ok(c.calibration.power! > c.calibration.falsePass!, JSON.stringify(c.calibration));
  t.match(c.calibration.effect, /slope -3 \(false: -5 and -1\)/);
});
