import t from 'tap';
import { Decomposer, summarizeNoise } from '../../spec/chen-2023-sam/memorisation.js';
import { gradient, loss, type PatchData } from '../../spec/chen-2023-sam/relu-cnn.js';
import { ascentPoint, BatchSchedule, frobeniusNorm, samStep, sgdStep } from '../../spec/chen-2023-sam/sam.js';
import { Rng } from '../../src/util/rng.js';

/** Signal + noise patch data (signal y mu, mu = muNorm e_1, noise orthogonal to mu). */
function patchData(seed: number, n: number, d: number, muNorm: number): PatchData & { mu: Float64Array } {
  const rng = new Rng(seed, 'test-data');
  const signal = new Float64Array(n * d);
  const noise = new Float64Array(n * d);
  const y = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = rng.sign();
    signal[i * d] = y[i] * muNorm;
    for (let k = 1; k < d; k++) noise[i * d + k] = rng.normal();
  }
  const mu = new Float64Array(d);
  mu[0] = muNorm;
  return { n, d, signal, noise, y, mu };
}

function initial(seed: number, m: number, d: number, scale: number): Float64Array {
  const rng = new Rng(seed, 'test-init');
  return Float64Array.from({ length: 2 * m * d }, () => scale * rng.normal());
}

const d = 40;
const m = 3;
const n = 8;
const net = { d, m };
const data = patchData(1, n, d, 2);

t.test('the gradient matches central finite differences of the loss', async (t) => {
  const W = initial(2, m, d, 0.5);
  const g = gradient(net, W, data);
  const h = 1e-6;
  let worst = 0;
  for (const k of [0, 1, 7, d + 3, 2 * d + 5, m * d, 2 * m * d - 1]) {
    const plus = Float64Array.from(W);
    const minus = Float64Array.from(W);
    plus[k] += h;
    minus[k] -= h;
    const fd = (loss(net, plus, data) - loss(net, minus, data)) / (2 * h);
    worst = Math.max(worst, Math.abs(fd - g[k]) / Math.max(1e-8, Math.abs(fd)));
  }
  t.ok(worst < 1e-5, `relative error ${worst.toExponential(2)}`);
});

t.test('the SAM ascent point lies at distance tau along the gradient; tau = 0 is SGD', async (t) => {
  const W = initial(3, m, d, 0.5);
  const g = gradient(net, W, data);
  const tau = 0.3;
  const A = ascentPoint(W, g, tau);
  const diff = A.map((a, k) => a - W[k]);
  t.ok(Math.abs(frobeniusNorm(diff) - tau) < 1e-12);
  let cos = 0;
  for (let k = 0; k < g.length; k++) cos += diff[k] * g[k];
  t.ok(Math.abs(cos / (tau * frobeniusNorm(g)) - 1) < 1e-12, 'along +g');
  t.same(Array.from(ascentPoint(W, new Float64Array(W.length), tau)), Array.from(W), 'zero gradient: no ascent');

  const batch = Int32Array.from({ length: n }, (_, i) => i);
  const grad = (w: Float64Array, b: Int32Array) => gradient(net, w, data, b);
  const s1 = Float64Array.from(W);
  const s2 = Float64Array.from(W);
  sgdStep(s1, batch, grad, 0.1);
  samStep(s2, batch, grad, 0.1, 0);
  t.same(Array.from(s1), Array.from(s2), 'tau = 0 is exactly SGD');

  const sam = Float64Array.from(W);
  samStep(sam, batch, grad, 0.1, tau);
  const expected = gradient(net, A, data, batch);
  let worst = 0;
  for (let k = 0; k < W.length; k++) worst = Math.max(worst, Math.abs(sam[k] - (W[k] - 0.1 * expected[k])));
  t.equal(worst, 0, 'SAM descends along the gradient at the ascent point');
  t.not(Array.from(sam).join(), Array.from(s1).join(), 'and that differs from SGD (negative control)');
});

t.test('batches: every epoch visits each sample once, seeded, full batch when B >= n', async (t) => {
  const s = new BatchSchedule(5, 10, 4);
  t.equal(s.perEpoch, 3);
  for (const epoch of [0, 1, 2]) {
    const seen = [0, 1, 2].flatMap((k) => Array.from(s.batch(epoch * 3 + k)));
    t.same([...seen].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], `epoch ${epoch}`);
  }
  t.same(Array.from(new BatchSchedule(5, 10, 4).batch(4)), Array.from(new BatchSchedule(5, 10, 4).batch(4)), 'same seed, same batch');
  t.not(Array.from(s.batch(0)).join(), Array.from(s.batch(3)).join(), 'epochs are reshuffled');
  t.same(Array.from(new BatchSchedule(5, 6, 10).batch(7)), [0, 1, 2, 3, 4, 5]);
  t.throws(() => new BatchSchedule(0, 10, 0), RangeError);
});

t.test('the decomposition is exact along SGD and SAM trajectories and detects a displacement outside the span', async (t) => {
  const W0 = initial(4, m, d, 0.05);
  const grad = (w: Float64Array, b: Int32Array) => gradient(net, w, data, b);
  const schedule = new BatchSchedule(9, n, 3);
  const dec = new Decomposer(d, data.mu, data.noise, n);
  for (const tau of [0, 0.2]) {
    const W = Float64Array.from(W0);
    for (let step = 0; step < 30; step++) samStep(W, schedule.batch(step), grad, 0.5, tau);
    const parts = dec.decompose(W, W0, m);
    t.ok(parts.residual < 1e-9, `tau=${tau}: residual ${parts.residual.toExponential(2)}`);
    const summary = summarizeNoise(parts, data.y, m);
    t.ok(summary.rhoBarMax > 0, `tau=${tau}: noise is memorised (rho-bar max ${summary.rhoBarMax.toFixed(4)})`);
  }
  // Planted: a displacement along a direction orthogonal to mu and every xi is not in the span.
  const W = Float64Array.from(W0);
  const extra = new Rng(11, 'extra');
  for (let k = 0; k < d; k++) W[k] += extra.normal();
  t.ok(dec.decompose(W, W0, m).residual > 0.01, 'residual flags a displacement outside span{mu, xi}');
  // Planted coefficients are recovered: w - w0 = gamma mu/||mu||^2 + rho xi_2/||xi_2||^2 for filter (+1, 0).
  const V = Float64Array.from(W0);
  const xi2 = data.noise.subarray(2 * d, 3 * d);
  let norm2 = 0;
  for (let k = 0; k < d; k++) norm2 += xi2[k] ** 2;
  for (let k = 0; k < d; k++) V[k] += (0.7 * data.mu[k]) / 4 + (1.3 * xi2[k]) / norm2;
  const planted = dec.decompose(V, W0, m);
  t.ok(Math.abs(planted.gamma[0] - 0.7) < 1e-10 && Math.abs(planted.rho[2] - 1.3) < 1e-10, 'gamma and rho recovered');
});
