import t from 'tap';
import { fitLogisticBoundary, phaseAgreement, rowThresholds, type PhaseCell } from '../src/stats/phase.js';
import { fitLogLog } from '../src/stats/loglog.js';

// Planted boundary: positive when y >= 50 x^-2 (e.g. nLabeled against SNR).
const xs = [0.1, 0.2, 0.4, 0.8];
const ys = [10, 20, 40, 80, 160, 320, 640, 1280, 2560, 5120];
const truth = (x: number, y: number) => (y >= 50 * x ** -2 ? 1 : -1);
const cells: PhaseCell[] = xs.flatMap((x) => ys.map((y) => ({ x, y, k: truth(x, y) > 0 ? 8 : 0, n: 8 })));

t.test('logistic boundary recovers the planted exponent', async (t) => {
  const b = fitLogisticBoundary(cells);
  t.ok(b.converged);
  t.ok(Math.abs(b.exponent! + 2) < 0.35, `exponent ${b.exponent}`);
  // The fitted line separates the grid.
  const predicted = (x: number, y: number) => b.b0 + b.bx * Math.log(x) + b.by * Math.log(y);
  t.equal(phaseAgreement(cells, predicted).agree, cells.length);
  t.throws(() => fitLogisticBoundary([]), RangeError);
});

t.test('a noisy boundary: logistic fit still finds the slope', async (t) => {
  // Outcome probability is a smooth function of the distance to the boundary in log space.
  const smooth = xs.flatMap((x) =>
    ys.map((y) => {
      const p = 1 / (1 + Math.exp(-2 * (Math.log(y) - Math.log(50 * x ** -2))));
      return { x, y, k: Math.round(40 * p), n: 40 };
    }),
  );
  const b = fitLogisticBoundary(smooth, { ridge: 0 });
  t.ok(Math.abs(b.exponent! + 2) < 0.1, `exponent ${b.exponent}`);
  t.ok(Math.abs(b.by - 2) < 0.3, `by ${b.by}`);
});

t.test('per-row thresholds trace the boundary and feed a log-log fit', async (t) => {
  const rows = rowThresholds(cells, { target: 0.5 });
  t.same(rows.map((r) => r.x), xs);
  for (const r of rows) {
    const yStar = 50 * r.x ** -2;
    t.ok(r.threshold.interval.lower < yStar && yStar <= r.threshold.interval.upper, `row ${r.x}`);
  }
  const fit = fitLogLog(rows.map((r) => ({ x: r.x, y: r.threshold.value })), { seed: 1, resamples: 200 });
  t.ok(Math.abs(fit.slope! + 2) < 0.2, `slope ${fit.slope}`);
});

t.test('agreement with the right and a wrong predicted boundary (negative control)', async (t) => {
  const right = phaseAgreement(cells, truth);
  t.equal(right.agree, right.total);
  t.ok(right.rate.lower > 0.9);
  const wrong = phaseAgreement(cells, (x, y) => (y >= 50 * x ** -1 ? 1 : -1));
  t.ok(wrong.agree < wrong.total);
  t.ok(wrong.rate.upper < 1);
  const runs = phaseAgreement(cells, truth, { unit: 'run' });
  t.equal(runs.total, cells.length * 8);
  const partial = phaseAgreement(cells, (x, y) => (Math.abs(Math.log(y / (50 * x ** -2))) < 0.5 ? 0 : truth(x, y)));
  t.ok(partial.undecided > 0);
  t.equal(partial.total + partial.undecided, cells.length);
  const tie = phaseAgreement([{ x: 1, y: 1, k: 2, n: 4 }], () => 1);
  t.same([tie.ties, tie.agree], [1, 0]);
});
