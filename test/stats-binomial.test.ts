import t from 'tap';
import { binomialInterval, clopperPearson, wilson } from '../src/stats/binomial.js';
import { decide, decideWithin } from '../src/stats/decide.js';

/** P(X <= k) for X ~ Binomial(n, p), summed directly: an independent check of the beta quantiles. */
function binomCdf(k: number, n: number, p: number): number {
  // Sum the short tail so (1 - p)^n does not underflow when p is near 1.
  if (p > 0.5) return 1 - binomCdf(n - k - 1, n, 1 - p);
  if (k < 0) return 0;
  let term = (1 - p) ** n;
  let sum = term;
  for (let i = 1; i <= k; i++) {
    term *= ((n - i + 1) / i) * (p / (1 - p));
    sum += term;
  }
  return sum;
}

t.test('Clopper-Pearson at k = 0 and k = n has closed forms', async (t) => {
  const zero = clopperPearson(0, 10);
  t.equal(zero.lower, 0);
  t.ok(Math.abs(zero.upper - (1 - 0.025 ** (1 / 10))) < 1e-10, `upper ${zero.upper}`);
  const all = clopperPearson(10, 10);
  t.equal(all.upper, 1);
  t.ok(Math.abs(all.lower - 0.025 ** (1 / 10)) < 1e-10, `lower ${all.lower}`);
  // 99% at k = 0, n = 50: 1 - 0.005^(1/50).
  t.ok(Math.abs(clopperPearson(0, 50, 0.99).upper - (1 - 0.005 ** (1 / 50))) < 1e-10);
});

t.test('Clopper-Pearson textbook cases (R binom.test)', async (t) => {
  const a = clopperPearson(3, 10);
  t.ok(Math.abs(a.lower - 0.06673951) < 1e-7, `lower ${a.lower}`);
  t.ok(Math.abs(a.upper - 0.65245285) < 1e-7, `upper ${a.upper}`);
  t.equal(a.estimate, 0.3);
  const b = clopperPearson(5, 20);
  t.ok(Math.abs(b.lower - 0.08657147) < 1e-7, `lower ${b.lower}`);
  t.ok(Math.abs(b.upper - 0.49104587) < 1e-7, `upper ${b.upper}`);
});

t.test('Clopper-Pearson bounds solve the defining tail equations', async (t) => {
  for (const [k, n] of [[1, 7], [4, 9], [17, 40], [99, 100], [250, 1000]]) {
    const ci = clopperPearson(k, n, 0.9);
    t.ok(Math.abs(1 - binomCdf(k - 1, n, ci.lower) - 0.05) < 1e-8, `P(X>=${k}|lower) = 0.05`);
    t.ok(Math.abs(binomCdf(k, n, ci.upper) - 0.05) < 1e-8, `P(X<=${k}|upper) = 0.05`);
  }
});

t.test('exact coverage: Clopper-Pearson never below the level, Wilson close to it', async (t) => {
  const coverage = (method: 'clopper-pearson' | 'wilson', n: number, p: number) => {
    let c = 0;
    for (let k = 0; k <= n; k++) {
      const ci = binomialInterval(k, n, 0.95, method);
      if (ci.lower <= p && p <= ci.upper) c += binomCdf(k, n, p) - binomCdf(k - 1, n, p);
    }
    return c;
  };
  for (const n of [5, 20, 60]) {
    for (const p of [0.02, 0.1, 0.3, 0.5, 0.77, 0.95]) {
      t.ok(coverage('clopper-pearson', n, p) >= 0.95 - 1e-12, `CP n=${n} p=${p}`);
      t.ok(coverage('wilson', n, p) > 0.8, `Wilson n=${n} p=${p}`);
    }
  }
});

t.test('Wilson interval matches known values and sits inside [0, 1]', async (t) => {
  const w = wilson(3, 10);
  t.ok(Math.abs(w.lower - 0.1077913) < 1e-6, `lower ${w.lower}`);
  t.ok(Math.abs(w.upper - 0.6032219) < 1e-6, `upper ${w.upper}`);
  t.equal(wilson(0, 5).lower, 0);
  t.equal(wilson(5, 5).upper, 1);
  t.equal(binomialInterval(3, 10, 0.95, 'wilson').method, 'wilson');
  // Wilson is narrower than the conservative exact interval here.
  t.ok(w.upper - w.lower < clopperPearson(3, 10).upper - clopperPearson(3, 10).lower);
});

t.test('intervals reject impossible counts and levels', async (t) => {
  t.throws(() => clopperPearson(11, 10), RangeError);
  t.throws(() => clopperPearson(-1, 10), RangeError);
  t.throws(() => clopperPearson(1.5, 10), RangeError);
  t.throws(() => clopperPearson(1, 10, 1), RangeError);
  t.throws(() => wilson(1, 10, 0), RangeError);
  t.same(clopperPearson(0, 0), { k: 0, n: 0, estimate: NaN, lower: 0, upper: 1, level: 0.95, method: 'clopper-pearson' });
});

t.test('decide: pass and fail only when the whole interval is on one side', async (t) => {
  t.equal(decide({ lower: 0.91, upper: 0.99 }, 0.9, 'at-least'), 'pass');
  t.equal(decide({ lower: 0.5, upper: 0.89 }, 0.9, 'at-least'), 'fail');
  t.equal(decide({ lower: 0.85, upper: 0.95 }, 0.9, 'at-least'), 'inconclusive');
  t.equal(decide({ lower: 0.85, upper: 0.95 }, 0.9, 'at-most'), 'inconclusive');
  t.equal(decide({ lower: 0.1, upper: 0.2 }, 0.9, 'at-most'), 'pass');
  t.equal(decide({ lower: 0.95, upper: 0.99 }, 0.9, 'at-most'), 'fail');
  // A point estimate that clears the threshold does not make a straddling interval pass.
  const ci = clopperPearson(19, 20);
  t.ok(ci.estimate > 0.9 && ci.lower < 0.9);
  t.equal(decide(ci, 0.9, 'at-least'), 'inconclusive');
  // Censored: n* > 1000 against "n* <= 500" fails, against "n* <= 5000" is undecided.
  t.equal(decide({ lower: 1000, upper: Infinity }, 500, 'at-most'), 'fail');
  t.equal(decide({ lower: 1000, upper: Infinity }, 5000, 'at-most'), 'inconclusive');
  t.equal(decide({ lower: NaN, upper: 1 }, 0.5, 'at-least'), 'inconclusive');
});

t.test('decideWithin: a tolerance band', async (t) => {
  t.equal(decideWithin({ lower: -2.1, upper: -1.9 }, -2.2, -1.8), 'pass');
  t.equal(decideWithin({ lower: -1.5, upper: -1.2 }, -2.2, -1.8), 'fail');
  t.equal(decideWithin({ lower: -2.0, upper: -1.5 }, -2.2, -1.8), 'inconclusive');
  t.equal(decideWithin({ lower: -3, upper: -1 }, -2.2, -1.8), 'inconclusive');
});
