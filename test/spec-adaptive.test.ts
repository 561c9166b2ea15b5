import t from 'tap';
import { familyRates, familyReplicate, familySpec } from '../proofs-check/calibrate/family.js';
import { makeContext } from '../proofs-check/check-claim.js';
import { checkClaimsAdaptively } from '../proofs-check/spec-adaptive.js';
import { meanPValue } from '../src/stats/mean-bound.js';
import { FakeRuns, type Planted } from './helpers/fake-runs.js';

// Loss claims "testLoss <= 1" (skew-robust t rule, fixed-n, level spent over the looks), seed sd 0.05.
const opts = { profile: 'quick' as const, metric: 'testLoss' as const, sd: 0.05 };

t.test('a claim whose own pass does not survive Holm gets more seeds, and then survives it', async (t) => {
  // Six claims: loss 0.97 with sd 0.05 passes at its own level after a round or two, but p * 6 is too large then.
  const loaded = familySpec(6, 'testLoss', 1);
  const planted: Planted = (p, noise) => ({ testLoss: 0.96 + 0.05 * noise() });
  const runs = new FakeRuns(planted);
  const out = await checkClaimsAdaptively(loaded, [0, 1, 2, 3, 4, 5], { level: 0.95, optionsFor: () => ({ profile: 'quick', runs }) });
  const passed = out.results.filter((c) => c.verdict === 'pass');
  t.ok(out.extraRounds.size > 0, 'the spec-level target added rounds');
  for (const [i] of out.extraRounds) {
    const c = out.results[i];
    t.match(c.reason, /spec-level target gave this claim \d more round/, `${c.id} says why it has more seeds`);
    t.ok(c.seeds.length > 3, `${c.id} used ${c.seeds.length} seeds`);
  }
  t.ok(passed.length >= 1, `${passed.length} claims pass after adjustment`);
  for (const c of out.results) {
    t.equal(c.anytimeValid, false, 'the t rule is not anytime-valid');
    if (c.verdict === 'pass') t.ok(c.adjusted!.adjustedPValue! <= 0.05, 'a pass survives the adjustment');
  }
});

t.test("a fixed-n rule's p-value is multiplied by the planned rounds before the adjustment sees it; a betting one is not", async (t) => {
  // Seeds 0, 1, 2 give 0.35, 0.4, 0.45: mean 0.4, sd 0.05, against "<= 1" at 3 seeds, decided in round 1 of 3.
  const values = [0.35, 0.4, 0.45];
  const runs = new FakeRuns((p) => ({ testLoss: values[p.seed % 3] }));
  const out = await checkClaimsAdaptively(familySpec(1, 'testLoss', 1), [0], { level: 0.95, optionsFor: () => ({ profile: 'quick', runs }) });
  const c = out.results[0];
  t.equal(c.verdict, 'pass');
  t.equal(c.seeds.length, 3);
  const raw = meanPValue(values, 1, 'less', [0, Infinity]);
  t.ok(Math.abs(c.adjusted!.pValue! - 3 * raw) < 1e-9, `p = 3 x ${raw}`);
  t.equal(c.anytimeValid, false);
  const error = familySpec(1, 'testError', 0.5);
  t.equal(makeContext(error, 0, { profile: 'quick', runs, round: 1 }).look!.anytime, true, 'the betting rule (bounded metric) is anytime-valid: nominal level at every look');
  t.equal(makeContext(familySpec(1, 'testLoss', 1), 0, { profile: 'quick', runs, round: 1 }).budget.level, 1 - 0.05 / 3, 'the t rule spends the level over 3 looks');
});

t.test('planted truths: the spec-level target keeps the family-wise false pass low and raises power; a false claim never passes', async (t) => {
  const reps = 24;
  const means = [0.95, 0.95, 0.95, 1, 1, 1];
  const own = await familyRates(means, 1, reps, 'own-stop', opts);
  const target = await familyRates(means, 1, reps, 'spec-target', opts);
  t.ok(target.power > own.power, `power ${target.power} with the spec-level target > ${own.power} stopping at each claim's own decision`);
  t.ok(target.meanSeeds > own.meanSeeds, 'at the price of more seeds');
  // Nominal 5%; 24 replicates: a rate above 25% would be about 4.5 standard errors off.
  t.ok(target.familyFalsePass <= 0.25, `family-wise false pass ${target.familyFalsePass}`);
  t.ok(target.falseFail <= 0.15, `false fail ${target.falseFail}`);
  // Negative control: a claim false by 2 sds never passes, whatever seeds the target adds.
  const loaded = familySpec(3, 'testLoss', 1);
  let passedFalse = 0;
  let passedTrue = 0;
  for (let r = 0; r < 12; r++) {
    const results = await familyReplicate(loaded, [0.9, 0.9, 1.1], 1000 + r, 'spec-target', opts);
    if (results[2].verdict === 'pass') passedFalse++;
    passedTrue += results.slice(0, 2).filter((c) => c.verdict === 'pass').length;
  }
  t.equal(passedFalse, 0, 'the false claim never passes');
  t.ok(passedTrue >= 12, `the true claims beside it pass (${passedTrue} of 24)`);
});
