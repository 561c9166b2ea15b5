// Short Monte Carlo of the paired-difference rule (comparison and monotone claims on losses) with one
// skewed arm, through checkClaim. Replicates are seeded, so the counts are fixed. A rate is "<= 5%"
// when the one-sided 99% Clopper-Pearson lower bound of its count is at most 5%; Student t on the
// same planted differences (the rule paired differences had before) is the negative control that
// exceeds it. The long version with its tables: `SKEWED_SECTIONS=paired,paired-power npm run bench -- verdict-skewed`.
import t from 'tap';
import { clopperPearson } from '../src/stats/binomial.js';
import { meanBounds, meanPValue, studentBounds, studentPValue } from '../src/stats/mean-bound.js';
import { Rng } from '../src/util/rng.js';
import { PAIRED_LOSS_CLAIMS, pairedLogNormal, skewedValue, tally, toySpec } from './helpers/verdict-scenarios.js';

const toy = toySpec([PAIRED_LOSS_CLAIMS.comparison, PAIRED_LOSS_CLAIMS.monotone]);
const REPS = 400;
const atMost5pc = (k: number, reps: number) => clopperPearson(k, reps, 0.98).lower <= 0.05;
const DIFFERENCES: readonly [number, number] = [-Infinity, Infinity];
/** Differences of two losses whose arms are not given: the paired rule at its widest (every cv up to 1). */
const LOSS_ARMS = { arms: [], support: [0, Infinity] as const };

/** Student t on differences w - b of independent log-normal arms of mean 1 (b with cv `cvB`, w with 0.1), n seeds. */
function studentPasses(n: number, cvB: number, label: string): number {
  let passes = 0;
  for (let rep = 0; rep < REPS; rep++) {
    const rng = new Rng(rep, label);
    const d = Array.from({ length: n }, () => skewedValue('log-normal', 1, 0.1, rng) - skewedValue('log-normal', 1, cvB, rng));
    if (studentPValue(d, 0, 'greater') <= 0.05) passes++;
  }
  return passes;
}

t.test('comparison on a loss at margin 0, the better arm log-normal with cv 1 (the worse 0.1), 5 seeds: <= 5% false pass; Student t exceeds it', async (t) => {
  const truth = pairedLogNormal(() => 1, (p) => (p.regime === 'simclr' ? 1 : 0.1), 0);
  const r = await tally({ loaded: toy, claimIndex: 0, profile: 'quick', budget: { seeds: 5, maxSeeds: 5 }, truth }, REPS);
  t.ok(atMost5pc(r.pass, REPS), `paired skew-robust t: passed ${r.pass} of ${REPS}`);
  const student = studentPasses(5, 1, 'student-paired-control');
  t.notOk(atMost5pc(student, REPS), `negative control, Student t on the same law: passed ${student} of ${REPS}`);
});

t.test('monotone loss with a flat step whose later value is skewed (cv 1): <= 5% false pass', async (t) => {
  const means: Record<number, number> = { 10: 2, 20: 1, 40: 1, 80: 0.5 };
  const truth = pairedLogNormal((p) => means[p.nLabeled], (p) => (p.nLabeled === 40 ? 1 : 0.1), 0);
  const r = await tally({ loaded: toy, claimIndex: 1, profile: 'quick', budget: { seeds: 5, maxSeeds: 5 }, truth }, REPS);
  t.ok(atMost5pc(r.pass, REPS), `passed ${r.pass} of ${REPS}`);
});

t.test('the rule still decides a clear advantage with a shared seed effect, and refutes a clear disadvantage', async (t) => {
  const ahead = pairedLogNormal((p) => (p.regime === 'simclr' ? 0.5 : 1), () => 0.25, 0.8);
  const holds = await tally({ loaded: toy, claimIndex: 0, profile: 'quick', budget: { seeds: 10, maxSeeds: 10 }, truth: ahead }, 50);
  t.ok(holds.pass >= 0.9 * 50, `ahead by half, cv 0.25, 10 seeds: passed ${holds.pass} of 50`);
  const behind = pairedLogNormal((p) => (p.regime === 'simclr' ? 2 : 1), () => 0.25, 0.8);
  const refuted = await tally({ loaded: toy, claimIndex: 0, profile: 'quick', budget: { seeds: 10, maxSeeds: 10 }, truth: behind }, 50);
  t.ok(refuted.fail >= 0.9 * 50, `behind by a factor 2, 10 seeds: failed ${refuted.fail} of 50`);
  t.equal(refuted.pass, 0);
});

t.test('the paired rule: bounds where the p-value crosses alpha, symmetric, never narrower than Student t', async (t) => {
  for (const d of [
    [0.3, -0.1, 0.2],
    [0.05, 0.12, -0.02, 0.2, 0.07, 0.1],
  ]) {
    const b = meanBounds(d, 0.95, DIFFERENCES, LOSS_ARMS);
    t.ok(meanPValue(d, b.lower - 1e-6, 'greater', DIFFERENCES, 0.95, LOSS_ARMS) <= 0.05, `just below the lower bound ${b.lower}: shown above`);
    t.ok(meanPValue(d, b.lower + 1e-6, 'greater', DIFFERENCES, 0.95, LOSS_ARMS) > 0.05, `just above the lower bound ${b.lower}: not shown`);
    t.ok(meanPValue(d, b.upper + 1e-6, 'less', DIFFERENCES, 0.95, LOSS_ARMS) <= 0.05, `just above the upper bound ${b.upper}: shown below`);
    t.ok(Math.abs(b.upper - b.mean - (b.mean - b.lower)) < 1e-12, 'symmetric about the mean');
    t.ok(b.upper >= studentBounds(d, 0.95).upper, 'never narrower than Student t');
    t.match(b.method, /^paired skew-robust t over \d+ seeds/);
    const neg = d.map((v) => -v);
    t.equal(meanPValue(neg, 0, 'less', DIFFERENCES, 0.95, LOSS_ARMS), meanPValue(d, 0, 'greater', DIFFERENCES, 0.95, LOSS_ARMS), 'mirror images get mirrored p-values');
  }
});
