// The skew-robust t rule's pieces: bounds that agree with the p-value, the cv bound, and its limits.
// Its error rates on planted losses are test/verdict-skewed-loss.test.ts and bench/verdict-skewed.ts.
import t from 'tap';
import { meanBounds, meanPValue, studentBounds } from '../src/stats/mean-bound.js';
import { CV_MAX, cvUpperBound } from '../src/stats/skew-t.js';
import { Rng } from '../src/util/rng.js';

const LOSS: readonly [number, number] = [0, Infinity];

t.test('the bounds are where the p-value crosses alpha', async (t) => {
  for (const values of [
    [0.31, 0.35, 0.52],
    [1.1, 0.9, 1.05, 0.97, 1.2, 1.01],
    [0.2, 0.9, 0.05, 0.4, 0.33, 0.6, 0.12, 0.25, 1.4, 0.3, 0.5, 0.45],
  ]) {
    const b = meanBounds(values, 0.95, LOSS);
    t.ok(meanPValue(values, b.upper * 1.001, 'less', LOSS) <= 0.05, `just above the upper bound ${b.upper}: shown below`);
    t.ok(meanPValue(values, b.upper * 0.999, 'less', LOSS) > 0.05, `just below the upper bound ${b.upper}: not shown`);
    if (b.lower > 0) {
      t.ok(meanPValue(values, b.lower * 0.999, 'greater', LOSS) <= 0.05, `just below the lower bound ${b.lower}: shown above`);
      t.ok(meanPValue(values, b.lower * 1.001, 'greater', LOSS) > 0.05, `just above the lower bound ${b.lower}: not shown`);
    }
    const student = studentBounds(values, 0.95);
    t.ok(b.upper >= student.upper, 'never narrower than Student t above the mean');
    t.match(b.method, /^skew-robust t over \d+ seeds/);
  }
});

t.test('the same values give the same p-value (the simulated nulls are seeded)', async (t) => {
  const values = [0.4, 0.55, 0.47, 0.61];
  t.equal(meanPValue(values, 1, 'less', LOSS), meanPValue([...values], 1, 'less', LOSS));
});

t.test('the cv bound covers the true cv of log-normal seeds and narrows with seeds', async (t) => {
  const cv = 0.1;
  const s2 = Math.log(1 + cv * cv);
  let covered = 0;
  const reps = 300;
  let width12 = 0;
  for (let r = 0; r < reps; r++) {
    const rng = new Rng(r, 'cv-bound');
    const values = Array.from({ length: 12 }, () => Math.exp(-s2 / 2 + Math.sqrt(s2) * rng.normal()));
    const bound = cvUpperBound(values, 0.05);
    if (bound >= cv) covered++;
    width12 += bound / reps;
  }
  // One-sided 95%: 300 replicates put a correct bound's coverage above 90% with overwhelming probability.
  t.ok(covered >= 0.9 * reps, `covered ${covered} of ${reps}`);
  t.ok(width12 < 0.3, `mean bound from 12 seeds ${width12.toFixed(3)}`);
  t.equal(cvUpperBound([0.3, 0.5, 0.7], 0.005), CV_MAX, 'three seeds with cv 0.4 cannot rule out cv 1');
  const tight = cvUpperBound([0.5, 0.52, 0.49], 0.005);
  t.ok(tight > 0.3 && tight < CV_MAX, `three seeds with cv 0.03: bound ${tight}, ten times their cv`);
  t.equal(cvUpperBound([0, 0.1, 0.2, 0.3], 0.05), CV_MAX, 'a zero loss has no log: nothing narrows the family');
});

t.test('a single seed or identical seeds decide nothing', async (t) => {
  t.equal(meanPValue([0.3], 1, 'less', LOSS), 1);
  t.equal(meanPValue([0.3, 0.3, 0.3], 1, 'less', LOSS), 1);
  const b = meanBounds([0.3], 0.95, LOSS);
  t.equal(b.upper, Infinity);
});
