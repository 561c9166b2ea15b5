import t from 'tap';
import { censoredSlope, type CensoredPoint } from '../src/stats/censored.js';
import { slopeInterval } from '../src/stats/student.js';
import { Rng } from '../src/util/rng.js';

function planted(seed: number, n: number, cap: number, floor: number): { all: CensoredPoint[]; truth: number } {
  const rng = new Rng(seed, 'tobit-test');
  const all: CensoredPoint[] = [];
  for (let i = 0; i < n; i++) {
    const x = -1.5 + (1.0 * i) / (n - 1); // log SNR from about 0.22 to 0.6
    const y = 0.5 - 3 * x + 0.4 * rng.normal();
    if (y > cap) all.push({ x, y: cap, censored: 'above' });
    else if (y <= floor) all.push({ x, y: floor, censored: 'below' });
    else all.push({ x, y, censored: 'none' });
  }
  return { all, truth: -3 };
}

t.test('without censoring it is least squares with its t interval', async (t) => {
  const pts = [0, 1, 2, 3, 4].map((x) => ({ x, y: 2 * x + (x % 2 ? 0.1 : -0.1), censored: 'none' as const }));
  const c = censoredSlope(pts);
  const ls = slopeInterval(pts.map((p) => p.x), pts.map((p) => p.y));
  t.equal(c.slope, ls.slope);
  t.equal(c.lower, ls.lower);
  t.equal(c.method, 'least squares');
});

t.test('censored points used as bounds recover the planted slope; dropping them does not', async (t) => {
  let covered = 0;
  const runs = 20;
  for (let seed = 0; seed < runs; seed++) {
    const { all, truth } = planted(seed, 40, 4.5, 2.2);
    const cens = all.filter((p) => p.censored !== 'none').length;
    t.ok(cens >= 3, `seed ${seed}: ${cens} censored points`);
    const fit = censoredSlope(all);
    t.equal(fit.method, 'censored normal likelihood (Tobit)');
    if (fit.lower <= truth && truth <= fit.upper) covered++;
    t.ok(Math.abs(fit.slope - truth) < 0.9, `seed ${seed}: slope ${fit.slope.toFixed(2)} (about 4 standard errors)`);
  }
  t.ok(covered >= 15, `95% intervals cover the truth in ${covered} of ${runs} planted data sets`);
  // The naive fit on the exact points only is biased towards 0 (the extremes were cut off).
  const { all } = planted(0, 200, 4.5, 2.2);
  const exact = all.filter((p) => p.censored === 'none');
  const naive = slopeInterval(exact.map((p) => p.x), exact.map((p) => p.y));
  const fit = censoredSlope(all);
  t.ok(Math.abs(fit.slope + 3) < Math.abs(naive.slope + 3), `Tobit ${fit.slope.toFixed(2)} closer to -3 than dropping censored points (${naive.slope.toFixed(2)})`);
});

t.test('too few exact points give an unbounded interval, never a verdict', async (t) => {
  const c = censoredSlope([
    { x: 0, y: 1, censored: 'none' },
    { x: 1, y: 0, censored: 'below' },
    { x: 2, y: 0, censored: 'below' },
  ]);
  t.equal(c.lower, -Infinity);
  t.equal(c.upper, Infinity);
});
