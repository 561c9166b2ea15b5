// Short Monte Carlo of the loss rule on right-skewed seeds, through checkClaim and the adaptive check.
// Replicates are seeded, so the counts are fixed. A rate is "<= 5%" when the one-sided 99% Clopper-Pearson
// lower bound of its count is at most 5% (a rule at 5% passes, one clearly above fails), and "> 5%" when
// that bound is above 5%; the old rule (Student t, still used for paired differences) is the negative control that exceeds it.
// The long version with its tables: `npm run bench -- verdict-skewed`.
import t from 'tap';
import { familyRates } from '../proofs-check/calibrate/family.js';
import { clopperPearson } from '../src/stats/binomial.js';
import { studentPValue } from '../src/stats/mean-bound.js';
import { Rng } from '../src/util/rng.js';
import { skewedLoss, skewedValue, tally, TOY_CLAIMS, toySpec } from './helpers/verdict-scenarios.js';

const toy = toySpec([TOY_CLAIMS.lossAtMost, TOY_CLAIMS.lossAtLeast]);
const REPS = 400;
const atMost5pc = (k: number, reps: number) => clopperPearson(k, reps, 0.98).lower <= 0.05;

t.test('loss <= 1 at its threshold, log-normal seeds with cv 0.5, 3 seeds: the rule passes <= 5%, Student t does not', async (t) => {
  const r = await tally({ loaded: toy, claimIndex: 0, profile: 'quick', budget: { seeds: 3 }, truth: skewedLoss('log-normal', 1, 0.5) }, REPS);
  t.ok(atMost5pc(r.pass, REPS), `skew-robust t: passed ${r.pass} of ${REPS}`);
  let student = 0;
  for (let rep = 0; rep < REPS; rep++) {
    const rng = new Rng(rep, 'student-control');
    const values = [0, 1, 2].map(() => skewedValue('log-normal', 1, 0.5, rng));
    if (studentPValue(values, 1, 'less') <= 0.05) student++;
  }
  t.notOk(atMost5pc(student, REPS), `negative control, Student t on the same law: passed ${student} of ${REPS}`);
});

t.test('loss <= 1: the rule still decides clear truths and violations (power and the fail side)', async (t) => {
  const holds = await tally({ loaded: toy, claimIndex: 0, profile: 'quick', budget: { seeds: 3 }, truth: skewedLoss('log-normal', 0.5, 0.05) }, 50);
  t.ok(holds.pass >= 0.9 * 50, `mean 0.5, cv 0.05: passed ${holds.pass} of 50`);
  const violated = await tally({ loaded: toy, claimIndex: 0, profile: 'quick', budget: { seeds: 6 }, truth: skewedLoss('gamma', 2, 0.25) }, 50);
  t.ok(violated.fail >= 0.9 * 50, `mean 2, cv 0.25: failed ${violated.fail} of 50`);
  t.equal(violated.pass, 0);
});

t.test('loss >= 1 at its threshold (its fail side is the long lower tail): false fail <= 5% at cv 1', async (t) => {
  const r = await tally({ loaded: toy, claimIndex: 1, profile: 'quick', budget: { seeds: 3 }, truth: skewedLoss('log-normal', 1, 1) }, REPS);
  t.ok(atMost5pc(r.fail, REPS), `failed ${r.fail} of ${REPS}`);
});

t.test('adaptive seeds at quick (3, 6, 12 seeds, level spent over the looks): false pass <= 5% with log-normal cv 0.5', async (t) => {
  const reps = 200;
  const r = await familyRates([1], 1, reps, 'own-stop', { profile: 'quick', metric: 'testLoss', sd: 0.5 });
  const passed = Math.round(r.familyFalsePass * reps);
  t.ok(atMost5pc(passed, reps), `passed ${passed} of ${reps} (mean seeds ${r.meanSeeds.toFixed(1)})`);
});
