import t from 'tap';
import { bayesRiskWithFlips, xorBayesClassifier, xorBayesRisk } from '../../spec/meng-2024-xor/bayes.js';
import { sampleXor, xorFeatures, type XorModel } from '../../spec/meng-2024-xor/xor-data.js';
import { clopperPearson } from '../../src/stats/binomial.js';

const model: XorModel = { d: 50, muNorm: 3, cosTheta: 0.4, sigmaP: 1, labelNoise: 0.15, noiseCovariance: 'projected' };

t.test('features: ||u|| = ||v|| = ||mu||, <u, v> = ||mu||^2 cos(theta)', async (t) => {
  for (const cosTheta of [0, 0.4, 0.9]) {
    const { u, v } = xorFeatures({ ...model, cosTheta });
    const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, x, k) => s + x * b[k], 0);
    t.ok(Math.abs(Math.sqrt(dot(u, u)) - 3) < 1e-12 && Math.abs(Math.sqrt(dot(v, v)) - 3) < 1e-12);
    t.ok(Math.abs(dot(u, v) - 9 * cosTheta) < 1e-12, `cos theta ${cosTheta}`);
  }
  t.throws(() => xorFeatures({ ...model, cosTheta: 1 }), RangeError);
});

t.test('samples: XOR labels, flips at rate p, noise orthogonal to both features, seeded', async (t) => {
  const n = 4000;
  const s = sampleXor(model, 7, 'train', n);
  let flips = 0;
  let ortho = 0;
  let xorViolations = 0;
  for (let i = 0; i < n; i++) {
    if (s.yTrue[i] !== s.s1[i] * s.s2[i]) xorViolations++;
    if (s.y[i] !== s.yTrue[i]) flips++;
    ortho = Math.max(ortho, Math.abs(s.noise[i * model.d]), Math.abs(s.noise[i * model.d + 1]));
  }
  t.equal(xorViolations, 0, 'clean label = s_1 s_2');
  const { lower: lo, upper: hi } = clopperPearson(flips, n, 0.999);
  t.ok(lo <= 0.15 && 0.15 <= hi, `flip rate ${flips / n} in [${lo.toFixed(3)}, ${hi.toFixed(3)}]`);
  t.equal(ortho, 0, 'projected noise has no component on e_1, e_2');
  const again = sampleXor(model, 7, 'train', 10);
  t.same(Array.from(again.noise), Array.from(s.noise.subarray(0, 10 * model.d)), 'a prefix of the same seed is the same data');
  t.not(Array.from(sampleXor(model, 8, 'train', 10).y).join(), Array.from(again.y).join(), 'another seed, other labels');
  const iso = sampleXor({ ...model, noiseCovariance: 'isotropic' }, 7, 'train', 5);
  t.ok(Array.from(iso.noise).some((x, k) => k % model.d < 2 && x !== 0), 'isotropic noise does reach e_1, e_2');
});

t.test('Bayes risk: p analytically, matched by the Bayes classifier by Monte Carlo; a linear rule is at chance', async (t) => {
  t.equal(xorBayesRisk(0.15), 0.15);
  t.equal(bayesRiskWithFlips(0.1, 0.2), 0.1 + 0.8 * 0.2);
  t.throws(() => xorBayesRisk(0.5), RangeError);
  const n = 20000;
  const s = sampleXor(model, 3, 'test', n);
  let bayesWrong = 0;
  let linearWrong = 0;
  let plantedWrong = 0;
  for (let i = 0; i < n; i++) {
    const h = xorBayesClassifier(s.signal, i * model.d);
    if (h !== s.y[i]) bayesWrong++;
    // A linear rule on the signal patch (sign of <x, u>) cannot solve XOR.
    if ((s.signal[i * model.d] >= 0 ? 1 : -1) !== s.y[i]) linearWrong++;
    // A planted classifier wrong on the clean label exactly when s_1 = -1 and s_2 = -1 (a quarter of the data).
    const planted = s.s1[i] < 0 && s.s2[i] < 0 ? -h : h;
    if (planted !== s.y[i]) plantedWrong++;
  }
  const within = (k: number, p: number) => {
    const { lower: lo, upper: hi } = clopperPearson(k, n, 0.999);
    return lo <= p && p <= hi;
  };
  t.ok(within(bayesWrong, xorBayesRisk(0.15)), `Bayes classifier error ${bayesWrong / n} vs p = 0.15`);
  t.ok(within(plantedWrong, bayesRiskWithFlips(0.15, 0.25)), `planted clean error 1/4: ${plantedWrong / n} vs p + (1 - 2p)/4`);
  t.ok(within(linearWrong, 0.5), `linear rule ${linearWrong / n} at chance`);
  t.notOk(within(bayesWrong, 0.2), 'the Monte Carlo estimate tells p = 0.15 from 0.2 (negative control)');
});

t.test('the data source gives the sampled XOR data as float32, and signal patches that carry the requested labels', async (t) => {
  const { XorSource } = await import('../../spec/meng-2024-xor/source.js');
  const source = new XorSource(model, 7);
  const ds = source.sample('train', 10);
  const s = sampleXor(model, 7, 'train', 10);
  t.same(Array.from(ds.y), Array.from(s.y));
  t.same(Array.from(ds.signal), Array.from(Float32Array.from(s.signal)));
  const labels = Int8Array.from([1, -1, 1, 1, -1, -1]);
  const signal = source.signalFor(labels, 'shuffle');
  const read = Array.from(labels, (_, i) => xorBayesClassifier(signal, i * model.d));
  t.same(read, Array.from(labels), 'the Bayes rule reads back each requested label');
  t.not(Array.from(source.freshNoise('a', 2)).join(), Array.from(ds.noise.subarray(0, 2 * model.d)).join(), 'fresh noise is a new stream');
});
