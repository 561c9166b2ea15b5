import t from 'tap';
import { bettingBounds, bettingPValue } from '../src/stats/betting.js';
import { meanBounds, meanPValue, studentBounds, studentPValue } from '../src/stats/mean-bound.js';
import { Rng } from '../src/util/rng.js';

t.test('betting bounds never have zero width from identical values, and shrink as values agree', async (t) => {
  const few = bettingBounds([0, 0, 0], 0.95, [0, 1]);
  t.equal(few.lower, 0);
  t.ok(few.upper > 0.3, `three zeros do not bound the mean below ${few.upper}`);
  const many = bettingBounds(new Array(200).fill(0), 0.95, [0, 1]);
  t.ok(many.upper < 0.05 && many.upper > 0, `two hundred zeros: upper ${many.upper}`);
  const shifted = bettingBounds([2, 2, 2], 0.95, [2, 3]);
  t.ok(Math.abs(shifted.upper - (2 + few.upper)) < 1e-9, 'the support is rescaled');
});

t.test('betting p-value is valid at the boundary of the null, at every n at once (optional stopping)', async (t) => {
  // Bernoulli(m) has mean m and the largest variance on [0, 1]: the hardest null.
  const rng = new Rng(7, 'betting-null');
  for (const m of [0.05, 0.5, 0.8]) {
    let everRejected = 0;
    const reps = 1000;
    for (let r = 0; r < reps; r++) {
      const xs: number[] = [];
      for (let n = 1; n <= 40; n++) {
        xs.push(rng.uniform() < m ? 1 : 0);
        if (bettingPValue(xs, m, 'greater', [0, 1]) <= 0.05 || bettingPValue(xs, m, 'less', [0, 1]) <= 0.05) {
          everRejected++;
          break;
        }
      }
    }
    // Two one-sided tests at 5% each, checked after every value: at most 10% ever reject.
    t.ok(everRejected / reps <= 0.1, `mean ${m}: rejected at some n in ${everRejected} of ${reps}`);
  }
});

t.test('betting p-value has power against a clear effect and agrees with the bounds', async (t) => {
  const xs = new Array(10).fill(0.95);
  const p = bettingPValue(xs, 0.4, 'greater', [0, 1]);
  t.ok(p < 0.01, `ten values at 0.95 against mean <= 0.4: p = ${p}`);
  const b = bettingBounds(xs, 0.95, [0, 1]);
  t.ok(b.lower > 0.4, `lower bound ${b.lower}`);
  t.equal(bettingPValue(xs, 1, 'greater', [0, 1]), 1, 'no mean in [0, 1] exceeds 1');
  t.throws(() => bettingBounds([1.5], 0.95, [0, 1]), /outside the support/);
});

t.test('the t rules for unbounded metrics never decide from zero spread', async (t) => {
  const flat = meanBounds([0.2, 0.2, 0.2], 0.95, [0, Infinity]);
  t.equal(flat.lower, 0);
  t.equal(flat.upper, Infinity);
  t.equal(meanPValue([0.2, 0.2, 0.2], 1, 'less', [0, Infinity]), 1);
  const spread = meanBounds([0.1, 0.2, 0.3], 0.95, [0, Infinity]);
  t.ok(spread.lower > 0 && spread.upper < 1, `[${spread.lower}, ${spread.upper}]`);
  // Three positive seeds with cv 0.5 cannot rule out a log-normal law with cv 1, whose t statistic has a long lower tail.
  const skewRobust = meanPValue([0.1, 0.2, 0.3], 1, 'less', [0, Infinity]);
  const student = studentPValue([0.1, 0.2, 0.3], 1, 'less');
  t.ok(student < 0.01 && skewRobust > student && skewRobust < 0.05, `skew-robust p ${skewRobust}, Student t p ${student}`);
  t.ok(studentBounds([0.1, 0.2, 0.3], 0.95).upper < spread.upper, 'the skew-robust upper bound is the wider');
  t.equal(studentPValue([0.2, 0.2], 1, 'less'), 1, 'Student t: no spread, no decision');
  t.equal(meanPValue([0.2, 0.2], 1, 'less', [-Infinity, Infinity], 0.95, { arms: [[1, 1], [0.8, 0.8]], support: [0, Infinity] }), 1, 'paired differences: no spread, no decision');
  t.equal(meanPValue([0.1, 0.2], -1, 'greater', [0, Infinity]), 0, 'a threshold below the support is exceeded without data');
});
