import t from 'tap';
import { fitLogLog, logLogSlope } from '../src/stats/loglog.js';
import { Rng } from '../src/util/rng.js';

const xs = [0.05, 0.1, 0.2, 0.4, 0.8];

t.test('exact power laws give their exponent with a zero-width interval', async (t) => {
  for (const b of [-2, -1, 0.5, 3]) {
    const fit = fitLogLog(xs.map((x) => ({ x, y: 7 * x ** b })), { seed: 1, resamples: 200 });
    t.ok(Math.abs(fit.slope! - b) < 1e-12, `slope ${fit.slope} vs ${b}`);
    t.ok(Math.abs(Math.exp(fit.intercept!) - 7) < 1e-9);
    t.ok(Math.abs(fit.r2! - (b === 0 ? 1 : 1)) < 1e-12);
    t.equal(fit.resample, 'points');
    t.ok(Math.abs(fit.interval!.lower - b) < 1e-9 && Math.abs(fit.interval!.upper - b) < 1e-9);
    t.ok(Math.abs(logLogSlope(xs, xs.map((x) => 7 * x ** b)) - b) < 1e-12);
  }
});

t.test('noisy replicates: the interval covers the true slope and shrinks with more seeds', async (t) => {
  const rng = new Rng(5, 'loglog');
  const make = (seeds: number) => xs.map((x) => ({ x, y: Array.from({ length: seeds }, () => 3 * x ** -2 * Math.exp(0.2 * rng.normal())) }));
  const few = fitLogLog(make(4), { seed: 2, resamples: 500 });
  const many = fitLogLog(make(64), { seed: 2, resamples: 500 });
  t.equal(few.resample, 'within-points');
  for (const f of [few, many]) t.ok(f.interval!.lower < -2 && -2 < f.interval!.upper, `[${f.interval!.lower}, ${f.interval!.upper}]`);
  t.ok(many.interval!.upper - many.interval!.lower < (few.interval!.upper - few.interval!.lower) / 2);
  t.same(fitLogLog(make(4), { seed: 2, resamples: 50 }).fitted.map((p) => p.replicates), [4, 4, 4, 4, 4]);
});

t.test('a wrong exponent is excluded by the interval (negative control)', async (t) => {
  const rng = new Rng(9, 'loglog');
  const pts = xs.map((x) => ({ x, y: Array.from({ length: 16 }, () => x ** -1 * Math.exp(0.1 * rng.normal())) }));
  const fit = fitLogLog(pts, { seed: 4, resamples: 500 });
  t.ok(fit.interval!.upper < -0.8 && fit.interval!.lower > -1.2);
  t.notOk(fit.interval!.lower <= -2 && -2 <= fit.interval!.upper);
});

t.test('censored points are excluded from the fit, reported, and bound the slope', async (t) => {
  // y = x^-2 measured at the larger x; at the two smallest x the search stopped at 1000 < y.
  const measured = [0.2, 0.4, 0.8].map((x) => ({ x, y: x ** -2 }));
  const fit = fitLogLog([...measured, { x: 0.05, censored: true, lowerBound: 300 }, { x: 0.1, censored: true, lowerBound: 90 }], {
    seed: 1,
    resamples: 100,
  });
  t.ok(Math.abs(fit.slope! + 2) < 1e-12, 'the censored bounds did not enter the fit');
  t.same(fit.censored, [
    { x: 0.05, lowerBound: 300 },
    { x: 0.1, lowerBound: 90 },
  ]);
  t.equal(fit.fitted.length, 3);
  // Points left of the centroid bound the slope from above (y grows at least to the bound as x falls).
  t.equal(fit.bounds.length, 1);
  const [bound] = fit.bounds;
  t.equal(bound.side, 'upper');
  t.ok(bound.value >= -2, `the true slope satisfies the bound: -2 <= ${bound.value}`);
  // The tighter of the two: centroid at geometric mean x = 0.4, y = 6.25.
  const expect = Math.min(
    (Math.log(300) - Math.log(6.25)) / (Math.log(0.05) - Math.log(0.4)),
    (Math.log(90) - Math.log(6.25)) / (Math.log(0.1) - Math.log(0.4)),
  );
  t.ok(Math.abs(bound.value - expect) < 1e-12);
  t.ok(bound.conservative >= bound.value - 1e-12);
});

t.test('with every point censored there is no slope, never a made-up one', async (t) => {
  const fit = fitLogLog([{ x: 1, censored: true, lowerBound: 10 }, { x: 2, censored: true, lowerBound: 10 }, { x: 4, y: 3 }], { seed: 1 });
  t.equal(fit.slope, null);
  t.equal(fit.interval, null);
  t.equal(fit.censored.length, 2);
  t.throws(() => fitLogLog([{ x: 1, y: 0 }, { x: 2, y: 1 }], { seed: 1 }), RangeError);
  t.throws(() => fitLogLog([{ x: 1, y: [1] }, { x: 2, y: [1, 2] }], { seed: 1, resample: 'within-points' }), RangeError);
});

t.test('slopeRange: exact intervals give the slope, wider ones a range that holds it, censoring an open side', async (t) => {
  const { slopeRange } = await import('../src/stats/loglog.js');
  const exact = slopeRange(xs.map((x) => ({ x, lower: x ** -2, upper: x ** -2 })));
  t.ok(Math.abs(exact.lower + 2) < 1e-12 && Math.abs(exact.upper + 2) < 1e-12);
  const wide = slopeRange(xs.map((x) => ({ x, lower: 0.8 * x ** -2, upper: 1.25 * x ** -2 })), 0.99);
  t.ok(wide.lower < -2 && -2 < wide.upper);
  t.ok(Math.abs(wide.level - 0.95) < 1e-12, 'Bonferroni over 5 points');
  // The extreme slope: lowest y at small x and highest at large x (x increases, slope least negative).
  const lx = xs.map(Math.log);
  const mx = lx.reduce((s, v) => s + v, 0) / lx.length;
  const ups = lx.map((v) => (v > mx ? Math.log(1.25) : Math.log(0.8)));
  const sxx = lx.reduce((s, v) => s + (v - mx) ** 2, 0);
  const expectUpper = -2 + lx.reduce((s, v, i) => s + ((v - mx) * ups[i]) / sxx, 0);
  t.ok(Math.abs(wide.upper - expectUpper) < 1e-12);
  // n* > 1000 at the smallest x (a censored point): the slope can be arbitrarily negative.
  const censored = slopeRange([{ x: 0.05, lower: 1000, upper: Infinity }, ...xs.slice(1).map((x) => ({ x, lower: x ** -2, upper: x ** -2 }))]);
  t.equal(censored.lower, -Infinity);
  t.ok(Number.isFinite(censored.upper));
  t.throws(() => slopeRange([{ x: 1, lower: 2, upper: 1 }, { x: 2, lower: 1, upper: 1 }]), RangeError);
});
