import t from 'tap';
import { bootstrap, bootstrapGroups, mean, percentileInterval, quantileSorted } from '../src/stats/bootstrap.js';
import { Rng } from '../src/util/rng.js';

t.test('quantiles interpolate like numpy (type 7)', async (t) => {
  const xs = [1, 2, 3, 4, 5];
  t.equal(quantileSorted(xs, 0), 1);
  t.equal(quantileSorted(xs, 1), 5);
  t.equal(quantileSorted(xs, 0.5), 3);
  t.equal(quantileSorted(xs, 0.1), 1.4);
  t.equal(quantileSorted([7], 0.3), 7);
  t.ok(Number.isNaN(quantileSorted([], 0.5)));
  const pi = percentileInterval([3, NaN, 1, 2, Infinity, 4, 5], 0.8);
  t.equal(pi.nonFinite, 2);
  t.equal(pi.lower, 1.4);
  t.equal(pi.upper, 4.6);
});

t.test('bootstrap of the mean is seeded and covers the sampling spread', async (t) => {
  const rng = new Rng(1, 'data');
  const data = Array.from({ length: 400 }, () => 2 + rng.normal());
  const a = bootstrap(data, mean, { seed: 7, resamples: 1000 });
  const b = bootstrap(data, mean, { seed: 7, resamples: 1000 });
  const c = bootstrap(data, mean, { seed: 8, resamples: 1000 });
  t.same(a, b, 'same seed, same interval');
  t.not(a.lower, c.lower, 'another seed, another interval');
  t.equal(a.estimate, mean(data));
  // Standard error 1/sqrt(400) = 0.05, so the 95% interval is about estimate +- 0.098.
  const half = (a.upper - a.lower) / 2;
  t.ok(half > 0.08 && half < 0.12, `half-width ${half}`);
  t.ok(a.lower < a.estimate && a.estimate < a.upper);
});

t.test('bootstrap of a constant sample has a zero-width interval', async (t) => {
  const r = bootstrap([3, 3, 3, 3], mean, { seed: 1, resamples: 50 });
  t.same([r.lower, r.estimate, r.upper], [3, 3, 3]);
});

t.test('bootstrapGroups resamples within groups only', async (t) => {
  // Group sums are fixed when every group is constant: no resample can change them.
  const groups = [[1, 1, 1], [5, 5], [2]];
  const r = bootstrapGroups(groups, (gs) => gs.reduce((s, g) => s + mean(g), 0), { seed: 3, resamples: 100 });
  t.same([r.lower, r.upper], [8, 8]);
  t.throws(() => bootstrapGroups([[1], []], () => 0, { seed: 1 }), RangeError);
  t.throws(() => bootstrap([], mean, { seed: 1 }), RangeError);
  t.throws(() => bootstrap([1], mean, { seed: 1, resamples: 0 }), RangeError);
});
