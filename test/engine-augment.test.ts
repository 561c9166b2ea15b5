import t from 'tap';
import { partnerViews, resamplesEachStep } from '../src/data/augment.js';
import { dataSourceFor } from '../src/data/index.js';
import { resolveParams, type SimParamsInput } from '../src/engine/params.js';

const setup = (over: SimParamsInput) => {
  const params = resolveParams({ d: 40, nUnlabeled: 400, ...over });
  const source = dataSourceFor(params);
  return { params, source, data: source.sample('unlabeled', 400) };
};
const d = 40;
// tap's deep comparison formats a diff of large typed arrays, which takes minutes: compare by hand.
const same = (a: Float32Array, b: Float32Array): boolean => a.length === b.length && a.every((x, k) => Object.is(x, b[k]));

t.test('class-conditional: same signal patch, independent noise, drawn once or every step', async (t) => {
  const { params, source, data } = setup({ augment: 'class-conditional' });
  const v0 = partnerViews(source, data, params, 'unlabeled', 0);
  const v5 = partnerViews(source, data, params, 'unlabeled', 5);
  t.equal(v0.signal, data.signal);
  t.notOk(same(v0.noise, data.noise), 'a new noise patch');
  t.ok(same(v0.noise, v5.noise), 'once: the same partner at every step');
  t.equal(v0.noise[0], 0, 'fresh noise is orthogonal to mu too');
  const every = { ...params, augmentResample: 'every-step' as const };
  t.ok(resamplesEachStep(every));
  t.notOk(same(partnerViews(source, data, every, 'unlabeled', 0).noise, partnerViews(source, data, every, 'unlabeled', 1).noise), 'every-step: a new partner each step');
});

t.test('perturb-noise mixes the own noise with fresh noise: sqrt(1 - alpha^2) xi + alpha xi~', async (t) => {
  const { params, source, data } = setup({ augment: 'perturb-noise', alpha: 0.6 });
  const v = partnerViews(source, data, params, 'unlabeled');
  const fresh = source.freshNoise('augment:unlabeled', data.n);
  let worst = 0;
  for (let k = 0; k < v.noise.length; k++) worst = Math.max(worst, Math.abs(v.noise[k] - (0.8 * data.noise[k] + 0.6 * fresh[k])));
  t.ok(worst < 1e-5, `max deviation ${worst}`);
  t.equal(v.signal, data.signal);
});

t.test('mask zeroes each noise coordinate with probability maskProb and keeps the rest', async (t) => {
  const { params, source, data } = setup({ augment: 'mask', maskProb: 0.3 });
  const v = partnerViews(source, data, params, 'unlabeled');
  let zeroed = 0;
  let changed = 0;
  for (let k = 0; k < v.noise.length; k++) {
    if (v.noise[k] === 0 && data.noise[k] !== 0) zeroed++;
    else if (v.noise[k] !== data.noise[k]) changed++;
  }
  const rate = zeroed / (data.n * (d - 1));
  t.ok(Math.abs(rate - 0.3) < 0.02, `zeroed fraction ${rate.toFixed(3)}`);
  t.equal(changed, 0);
});

t.test('identity: the views are the sample itself', async (t) => {
  const { params, source, data } = setup({ augment: 'identity' });
  const v = partnerViews(source, data, params, 'unlabeled');
  t.equal(v.signal, data.signal);
  t.equal(v.noise, data.noise);
});

t.test('shuffle-signal: own noise, the signal of an independent label', async (t) => {
  const { params, source, data } = setup({ augment: 'shuffle-signal' });
  const v = partnerViews(source, data, params, 'unlabeled');
  t.equal(v.noise, data.noise);
  let agree = 0;
  for (let i = 0; i < data.n; i++) {
    if (Math.abs(v.signal[i * d]) !== Math.fround(params.muNorm)) t.fail(`partner ${i} signal is not +-mu`);
    if (Math.sign(v.signal[i * d]) === data.yTrue[i]) agree++;
  }
  t.ok(agree > 0.4 * data.n && agree < 0.6 * data.n, `partner label agrees with the true label for ${agree} of ${data.n}`);
});
