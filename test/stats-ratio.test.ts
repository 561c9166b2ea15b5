import t from 'tap';
import { fitLogLog } from '../src/stats/loglog.js';
import { logLogPointOf, thresholdRatio } from '../src/stats/ratio.js';
import { findThreshold, type SuccessCount } from '../src/stats/threshold.js';

const grid = [10, 20, 40, 80, 160, 320, 640];
const step = (at: number): SuccessCount[] => grid.map((value) => ({ value, k: value >= at ? 40 : 0, n: 40 }));
const th = (at: number) => findThreshold(step(at), { target: 0.9 });

t.test('ratio of two measured thresholds', async (t) => {
  const r = thresholdRatio(th(320), th(40));
  t.equal(r.censored, 'none');
  t.ok(Math.abs(r.value - (160 * 2 ** 0.9) / (20 * 2 ** 0.9)) < 1e-9);
  t.same([r.interval.lower, r.interval.upper], [160 / 40, 320 / 20]);
  t.ok(Math.abs(r.interval.level - 0.9) < 1e-12, 'Bonferroni: two 95% intervals give at least 90%');
});

t.test('censored thresholds give bounds, never values', async (t) => {
  const never = th(10_000); // n* > 640
  const always = th(1); // n* <= 10
  const mid = th(80);
  t.same([thresholdRatio(never, mid).censored, thresholdRatio(never, mid).value], ['lower-bound', 640 / mid.value]);
  t.same([thresholdRatio(never, always).censored, thresholdRatio(never, always).value], ['lower-bound', 64]);
  t.equal(thresholdRatio(mid, always).censored, 'lower-bound');
  t.equal(thresholdRatio(mid, never).censored, 'upper-bound');
  t.equal(thresholdRatio(always, mid).censored, 'upper-bound');
  t.equal(thresholdRatio(always, never).censored, 'upper-bound');
  t.equal(thresholdRatio(never, never).censored, 'unknown');
  t.equal(thresholdRatio(always, always).censored, 'unknown');
  t.same([thresholdRatio(never, always).interval.lower, thresholdRatio(never, always).interval.upper], [64, Infinity]);
  t.same([thresholdRatio(always, never).interval.lower, thresholdRatio(always, never).interval.upper], [0, 10 / 640]);
});

t.test('log-log points from thresholds and ratios', async (t) => {
  t.same(logLogPointOf(0.1, th(10_000)), { x: 0.1, censored: true, lowerBound: 640 });
  t.same(logLogPointOf(0.1, th(1)), { x: 0.1, censored: true, upperBound: 10 });
  t.same(logLogPointOf(0.1, { value: 3, censored: 'none' }), { x: 0.1, y: 3 });
  t.equal(logLogPointOf(0.1, thresholdRatio(th(10_000), th(10_000))), null);
});

t.test('an upper-bounded point bounds the slope the other way', async (t) => {
  // y = x^-2 measured at small x; at x = 10 the quantity was already below 0.02 (true 0.01).
  const measured = [0.5, 1, 2].map((x) => ({ x, y: x ** -2 }));
  const fit = fitLogLog([...measured, { x: 10, censored: true, upperBound: 0.02 }], { seed: 1, resamples: 100 });
  t.ok(Math.abs(fit.slope! + 2) < 1e-12);
  t.same(fit.censored, [{ x: 10, upperBound: 0.02 }]);
  t.equal(fit.bounds.length, 1);
  t.equal(fit.bounds[0].side, 'upper');
  t.ok(-2 <= fit.bounds[0].value, `true slope -2 satisfies slope <= ${fit.bounds[0].value}`);
  const left = fitLogLog([...measured, { x: 0.05, censored: true, upperBound: 500 }], { seed: 1, resamples: 100 });
  t.equal(left.bounds[0].side, 'lower');
  t.ok(-2 >= left.bounds[0].value, `true slope -2 satisfies slope >= ${left.bounds[0].value}`);
});
