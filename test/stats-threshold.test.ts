import t from 'tap';
import fc from 'fast-check';
import { isotonic } from '../src/stats/isotonic.js';
import { findThreshold, findThresholdAdaptive, type SuccessCount } from '../src/stats/threshold.js';

const grid = [10, 20, 40, 80, 160, 320, 640];
// n = 40: with all 40 runs succeeding the exact 95% lower bound, 0.025^(1/40) = 0.912, clears 0.9.
const step = (at: number, n = 40): SuccessCount[] => grid.map((value) => ({ value, k: value >= at ? n : 0, n }));

t.test('isotonic fit: monotone, mean-preserving, idempotent, optimal against monotone competitors', async (t) => {
  const arb = fc
    .array(fc.tuple(fc.double({ min: -100, max: 100, noNaN: true }), fc.integer({ min: 1, max: 50 })), { minLength: 1, maxLength: 30 })
    .map((pairs) => ({ v: pairs.map((p) => p[0]), w: pairs.map((p) => p[1]) }));
  fc.assert(
    fc.property(arb, ({ v, w }) => {
      const f = isotonic(v, w);
      for (let i = 1; i < f.length; i++) if (f[i] < f[i - 1] - 1e-9) return false;
      const sum = (xs: number[]) => xs.reduce((s, x, i) => s + x * w[i], 0);
      if (Math.abs(sum(f) - sum(v)) > 1e-6 * (1 + Math.abs(sum(v)))) return false;
      const again = isotonic(f, w);
      if (again.some((x, i) => Math.abs(x - f[i]) > 1e-9 * (1 + Math.abs(x)))) return false;
      const sse = (g: number[]) => g.reduce((s, x, i) => s + w[i] * (x - v[i]) ** 2, 0);
      // Any monotone curve (here: the running max of v, and a constant) fits no better.
      let m = -Infinity;
      const runningMax = v.map((x) => (m = Math.max(m, x)));
      const flat = v.map(() => sum(v) / w.reduce((s, x) => s + x, 0));
      return sse(f) <= sse(runningMax) + 1e-6 && sse(f) <= sse(flat) + 1e-6;
    }),
    { seed: 42, numRuns: 300 },
  );
  t.same(isotonic([1, 3, 2, 4]), [1, 2.5, 2.5, 4]);
  t.same(isotonic([1, 3, 2, 4], undefined, false), [2.5, 2.5, 2.5, 2.5]);
  t.same(isotonic([4, 1], [3, 1]), [3.25, 3.25]);
  t.throws(() => isotonic([1, 2], [1]), RangeError);
});

t.test('a planted step: the threshold is found between the last failing and the first passing value', async (t) => {
  const r = findThreshold(step(80), { target: 0.9 });
  t.equal(r.censored, 'none');
  t.ok(r.value > 40 && r.value <= 80, `value ${r.value}`);
  // Interpolating on the log scale: 0.9 of the way from log 40 to log 80.
  t.ok(Math.abs(r.value - 40 * 2 ** 0.9) < 1e-9);
  t.same([r.interval.lower, r.interval.upper], [40, 80]);
  t.ok(r.interval.lower <= r.value && r.value <= r.interval.upper);
});

t.test('a noisy monotone curve: estimate and a band that holds the truth', async (t) => {
  // Rate 0.5 at 40, 0.95 at 160: target 0.8 crosses between them.
  const pts = [
    { value: 10, k: 0, n: 40 },
    { value: 20, k: 4, n: 40 },
    { value: 40, k: 20, n: 40 },
    { value: 80, k: 31, n: 40 },
    { value: 160, k: 38, n: 40 },
    { value: 320, k: 40, n: 40 },
  ];
  const r = findThreshold(pts, { target: 0.8 });
  t.equal(r.censored, 'none');
  t.ok(r.value > 80 && r.value < 160, `value ${r.value}`);
  t.equal(r.interval.lower, 40, 'rate at 40 is below 0.8 with 95% confidence (upper bound 0.66)');
  t.equal(r.interval.upper, 160, 'rate at 160 is above 0.8 (38/40: lower bound 0.83)');
  t.ok(r.curve.every((c, i) => i === 0 || (c.fitted >= r.curve[i - 1].fitted && c.lower >= r.curve[i - 1].lower)));
});

t.test('non-monotone data are pooled, not trusted point by point', async (t) => {
  const r = findThreshold(
    [
      { value: 10, k: 19, n: 20 },
      { value: 20, k: 1, n: 20 },
      { value: 40, k: 20, n: 20 },
    ],
    { target: 0.9 },
  );
  t.same(
    r.curve.map((c) => c.fitted),
    [0.5, 0.5, 1],
  );
  t.equal(r.censored, 'none');
});

t.test('too few runs per point: the exact band cannot confirm the target', async (t) => {
  // 20 of 20 successes: the 95% lower bound 0.025^(1/20) = 0.83 stays below 0.9.
  const r = findThreshold(step(80, 20), { target: 0.9 });
  t.equal(r.censored, 'none');
  t.same([r.interval.lower, r.interval.upper], [40, Infinity]);
});

t.test('data that contradict monotonicity claim nothing', async (t) => {
  const r = findThreshold(
    [
      { value: 10, k: 95, n: 100 },
      { value: 20, k: 5, n: 100 },
    ],
    { target: 0.5 },
  );
  t.equal(r.monotoneConflict, true);
  t.same([r.interval.lower, r.interval.upper], [0, Infinity]);
  t.equal(findThreshold(step(80), { target: 0.9 }).monotoneConflict, false);
});

t.test('any counts: a well-formed result (fast-check)', async (t) => {
  const arb = fc.array(fc.tuple(fc.integer({ min: 1, max: 30 }), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 1, maxLength: 8 });
  fc.assert(
    fc.property(arb, fc.double({ min: 0.05, max: 1, noNaN: true }), (cols, target) => {
      const pts = cols.map(([n, f], i) => ({ value: 10 * 2 ** i, n, k: Math.round(f * n) }));
      const r = findThreshold(pts, { target });
      const min = pts[0].value;
      const max = pts[pts.length - 1].value;
      if (!(r.interval.lower <= r.interval.upper)) return false;
      if (r.censored === 'none') return r.value > min && r.value <= max && r.interval.lower <= r.value && r.value <= r.interval.upper;
      if (r.censored === 'above-range') return r.value === max && r.curve.every((c) => c.fitted < target);
      return r.value === min && r.curve[0].fitted >= target;
    }),
    { seed: 7, numRuns: 500 },
  );
});

t.test('censored both ways', async (t) => {
  const never = findThreshold(step(10_000), { target: 0.9 });
  t.equal(never.censored, 'above-range');
  t.equal(never.value, 640, 'a lower bound: n* > 640');
  t.same([never.interval.lower, never.interval.upper], [640, Infinity]);
  const always = findThreshold(step(1), { target: 0.9 });
  t.equal(always.censored, 'below-range');
  t.equal(always.value, 10, 'an upper bound: n* <= 10');
  t.same([always.interval.lower, always.interval.upper], [0, 10]);
  // Too few runs to decide anything: the band spans the whole grid and beyond.
  const thin = findThreshold(grid.map((value) => ({ value, k: 1, n: 2 })), { target: 0.6 });
  t.equal(thin.censored, 'above-range');
  t.same([thin.interval.lower, thin.interval.upper], [0, Infinity]);
});

t.test('bad input', async (t) => {
  t.throws(() => findThreshold([], { target: 0.5 }), RangeError);
  t.throws(() => findThreshold([{ value: 0, k: 1, n: 2 }], { target: 0.5 }), RangeError);
  t.throws(() => findThreshold([{ value: 1, k: 3, n: 2 }], { target: 0.5 }), RangeError);
  t.throws(() => findThreshold([{ value: 1, k: 1, n: 2 }], { target: 1.5 }), RangeError);
  // Repeated values are merged.
  const r = findThreshold([{ value: 5, k: 1, n: 2 }, { value: 5, k: 1, n: 2 }], { target: 0.5 });
  t.same(r.curve.map((c) => [c.k, c.n]), [[2, 4]]);
});

t.test('adaptive search brackets and bisects to adjacent integers', async (t) => {
  const calls: number[] = [];
  const at = async (n: number) => {
    calls.push(n);
    return { k: n >= 137 ? 40 : 0, n: 40 };
  };
  const r = await findThresholdAdaptive(at, { target: 0.9, lo: 1, hi: 10_000 });
  t.equal(r.censored, 'none');
  t.ok(r.value > 136 && r.value <= 137, `value ${r.value}`);
  t.same([r.interval.lower, r.interval.upper], [136, 137]);
  t.ok(calls.length < 25, `${calls.length} evaluations`);
  t.equal(new Set(calls).size, calls.length, 'no value evaluated twice');
  const above = await findThresholdAdaptive(at, { target: 0.9, lo: 1, hi: 100 });
  t.equal(above.censored, 'above-range');
  t.equal(above.evaluations.length, 2);
  const below = await findThresholdAdaptive(at, { target: 0.9, lo: 200, hi: 400 });
  t.equal(below.censored, 'below-range');
  const capped = await findThresholdAdaptive(at, { target: 0.9, lo: 1, hi: 10_000, maxEvaluations: 5 });
  t.equal(capped.evaluations.length, 5);
  t.ok(capped.interval.upper / capped.interval.lower > 2, 'a smaller budget leaves a wider interval');
  await t.rejects(findThresholdAdaptive(at, { target: 0.9, lo: 0, hi: 5 }), RangeError);
});
