import t from 'tap';
import { validateSpec } from '../src/spec/load.js';
import type { SpecInput } from '../src/spec/schema.js';
import { lookLevel, seedSchedule } from '../proofs-check/budget.js';
import { checkClaimAdaptively } from '../proofs-check/adaptive.js';
import { makeContext } from '../proofs-check/check-claim.js';
import { FakeRuns, type Planted } from './helpers/fake-runs.js';

const prov = { mark: 'choice', ref: 'test' };
// The claim is on testLoss: its rule (skew-robust t) decides from few seeds and is not anytime-valid, so an
// adaptive check spends the level over the looks. (A bounded metric such as testError gets the betting
// rule, which 3 seeds never decide.)
const loaded = (bound: string, budget?: Record<string, unknown>) =>
  validateSpec({
    id: 'adaptive',
    title: 'Adaptive seeds',
    source: { citation: 'test' },
    parameters: [{ name: 'nLabeled', type: 'int', default: 10, range: [1, 1000], description: 'labels' }],
    constants: [],
    assumptions: [],
    claims: [
      {
        id: 'bounded',
        kind: 'bound',
        title: 't',
        statement: 's',
        provenance: prov,
        regime: 'supervised',
        metric: 'testLoss',
        direction: 'at-most',
        bound,
        region: { nLabeled: { values: [10] } },
        ...(budget ? { budget } : {}),
      },
    ],
  } as SpecInput);

// Test loss 0.2 with seed-to-seed sd 0.05.
const planted: Planted = (_p, noise) => ({ testLoss: 0.2 + 0.05 * noise() });
// Mean exactly 0.2 at every even number of seeds: never decided against a bound of 0.2.
const balanced: Planted = (p) => ({ testLoss: 0.2 + (p.seed % 2 ? 0.05 : -0.05) });

t.test('schedule doubles the seeds up to the cap; the level is spent evenly over the looks', async (t) => {
  t.same(seedSchedule({ seeds: 3, maxSeeds: 12 }), [3, 6, 12]);
  t.same(seedSchedule({ seeds: 5, maxSeeds: 40 }), [5, 10, 20, 40]);
  t.same(seedSchedule({ seeds: 5, maxSeeds: 30 }), [5, 10, 20, 30]);
  t.same(seedSchedule({ seeds: 4, maxSeeds: 4 }), [4], 'cap = seeds: a fixed design');
  t.equal(lookLevel(0.95, 1), 0.95);
  t.ok(Math.abs(lookLevel(0.95, 4) - 0.9875) < 1e-12);
});

t.test('a clear claim stops after round 1; a close one takes more seeds, and earlier runs are asked again (cache hits)', async (t) => {
  const clear = new FakeRuns(planted);
  const a = await checkClaimAdaptively(loaded('0.5'), 0, { profile: 'quick', runs: clear });
  t.equal(a.result.verdict, 'pass');
  t.same(a.result.adaptive, { rounds: 1, seedsUsed: 3, cap: 12, seedsToDecide: null });
  t.equal(clear.requested.length, 3);

  const close = new FakeRuns(planted);
  const b = await checkClaimAdaptively(loaded('0.22'), 0, { profile: 'quick', runs: close });
  t.equal(b.result.verdict, 'pass', b.result.reason);
  t.ok(b.result.adaptive!.rounds > 1, `rounds ${b.result.adaptive!.rounds}`);
  t.same(b.result.seeds, Array.from({ length: b.result.adaptive!.seedsUsed }, (_, i) => i));
  // Each one-sided bound at the per-look level (alpha spent over 3 looks); the interval covers at 2 level - 1.
  t.match(b.result.statistic!.method, /one-sided 98\.3+\d*% bounds/);
  t.equal(b.result.statistic!.level, 2 * lookLevel(0.95, 3) - 1);
  t.equal(new Set(close.requested.map((p) => p.seed)).size, b.result.adaptive!.seedsUsed, 'every round reuses the seeds of the one before');
});

t.test('undecided at the cap: inconclusive with an estimate of the seeds that would decide it', async (t) => {
  const r = await checkClaimAdaptively(loaded('0.21'), 0, { profile: 'quick', runs: new FakeRuns(balanced) });
  t.equal(r.result.verdict, 'inconclusive', r.result.reason);
  t.equal(r.result.adaptive!.seedsUsed, 12);
  t.ok((r.result.adaptive!.seedsToDecide ?? 0) > 12, `estimate ${r.result.adaptive!.seedsToDecide}`);
  t.match(r.result.reason, /Undecided at the cap of 12 seeds \(3 rounds\); the measured spread suggests about \d+ seeds/);
  t.equal(r.pending, null);
});

t.test('lastRound stops early and says which round is pending', async (t) => {
  const r = await checkClaimAdaptively(loaded('0.2'), 0, { profile: 'quick', runs: new FakeRuns(balanced), lastRound: 1 });
  t.equal(r.result.verdict, 'inconclusive');
  t.same(r.pending, { round: 2, seeds: 6 });
  t.match(r.result.reason, /^Undecided after round 1 of 3/);
});

t.test('a spec sets the cap per claim and profile; a fixed context is unchanged', async (t) => {
  const spec = loaded('0.205', { quick: { seeds: 2, maxSeeds: 4 } });
  const r = await checkClaimAdaptively(spec, 0, { profile: 'quick', runs: new FakeRuns(balanced) });
  t.equal(r.result.verdict, 'inconclusive', r.result.reason);
  t.equal(r.result.adaptive!.cap, 4);
  t.equal(r.result.adaptive!.seedsUsed, 4);
  const fixed = makeContext(spec, 0, { profile: 'quick', runs: new FakeRuns(planted) });
  t.equal(fixed.seeds.length, 2);
  t.equal(fixed.budget.level, 0.95);
  t.equal(fixed.look, undefined);
});
