import t from 'tap';
import { partnerRows, partnerViews } from '../src/data/augment.js';
import { streamedPatches } from '../src/data/rows.js';
import { NoiseStream, SyntheticSource } from '../src/data/synthetic.js';
import { resolveParams } from '../src/engine/params.js';
import { activation } from '../src/engine/tensor/activation.js';
import { loadTf } from '../src/engine/tensor/backend.js';
import { pairBatch } from '../src/engine/tensor/pretrain.js';
import { encodeViews, encodeViewsBackward, viewBatch } from '../src/engine/tensor/views.js';

const maxRelDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return num / den;
};

const d = 50;
const model = { d, muNorm: 2.5, sigmaP: 1, labelNoise: 0.1, noiseCovariance: 'projected' as const };
const source = new SyntheticSource(model, 7);

t.test('a streamed draw has the numbers of the held draw, chunk by chunk', async (t) => {
  const n = 37;
  const data = source.sample('unlabeled', n);
  const rows = streamedPatches(data);
  t.ok(rows, 'synthetic samples stream their rows');
  // Today's draw, written out: sample i's noise from its own stream, signal y_i mu on coordinate 0.
  const noise = new Float32Array(n * d);
  for (let i = 0; i < n; i++) new NoiseStream(model, 7, 'unlabeled', i).fill(noise, i * d, d);
  const signal = new Float32Array(n * d);
  for (let i = 0; i < n; i++) signal[i * d] = data.yTrue[i] * Math.fround(model.muNorm);
  t.same(data.noise, noise, 'held noise');
  t.same(data.signal, signal, 'held signal');
  for (const [r0, count] of [[0, 5], [5, 13], [18, 19], [36, 1]]) {
    const out = new Float32Array(count * d).fill(9);
    rows!.noise(r0, count, out);
    t.same(out, noise.subarray(r0 * d, (r0 + count) * d), `noise rows ${r0}..${r0 + count - 1}`);
    rows!.signal(r0, count, out);
    t.same(out, signal.subarray(r0 * d, (r0 + count) * d), `signal rows ${r0}..${r0 + count - 1}`);
  }
});

t.test('streamed partner views equal partnerViews for class-conditional and identity, once and every step', async (t) => {
  const data = source.sample('unlabeled', 20);
  for (const augment of ['class-conditional', 'identity'] as const) {
    for (const augmentResample of ['once', 'every-step'] as const) {
      const opts = { seed: 7, augment, augmentResample, alpha: 0.5, maskProb: 0.5 };
      const rows = partnerRows(source, data, opts, 'unlabeled', 3)!;
      const held = partnerViews(source, data, opts, 'unlabeled', 3);
      const out = new Float32Array(20 * d);
      rows.noise(0, 20, out);
      t.same(out, held.noise, `${augment}, ${augmentResample}: noise`);
      rows.signal(0, 20, out);
      t.same(out, held.signal, `${augment}, ${augmentResample}: signal`);
    }
  }
  t.equal(partnerRows(source, data, { seed: 7, augment: 'mask', augmentResample: 'once', alpha: 0.5, maskProb: 0.5 }, 'unlabeled'), null, 'mask needs a pass over every coordinate: held');
});

t.test('the SimCLR views encode to the same embeddings streamed or held', async (t) => {
  const { tf } = await loadTf();
  const params = resolveParams({ regime: 'simclr', d, nUnlabeled: 30, seed: 7, snr: 0.2 });
  const data = source.sample('unlabeled', 30);
  const W = tf.randomNormal([d, 6], 0, 1, 'float32', 1) as import('@tensorflow/tfjs').Tensor2D;
  for (const name of ['linear', 'relu^q'] as const) {
    const act = activation(tf, name, 3);
    const streamed = pairBatch(source, data, params, 'unlabeled', 0, act);
    t.equal(typeof streamed.parts[0].patches[1], 'function', 'the streamed batch holds no arrays');
    const partner = partnerViews(source, data, params, 'unlabeled', 0);
    const held = viewBatch([{ rows: 30, patches: [data.signal, data.noise] }, { rows: 30, patches: [partner.signal, partner.noise] }], d, act.linear);
    const a = encodeViews(tf, streamed, W, act);
    const b = encodeViews(tf, held, W, act);
    t.same(a.dataSync(), b.dataSync(), `${name}: identical embeddings`);
    // In chunks of 7 rows: the reused chunk arrays must not leak one chunk's rows into the next.
    const c = encodeViews(tf, { ...streamed, chunkFloats: 7 * d }, W, act);
    t.same(c.dataSync(), b.dataSync(), `${name}: identical embeddings in chunks of 7 rows`);
    const g1 = encodeViewsBackward(tf, { ...streamed, chunkFloats: 7 * d }, W, a, act);
    const g2 = encodeViewsBackward(tf, held, W, a, act);
    t.ok(maxRelDiff(g1.dataSync(), g2.dataSync()) < 1e-5, `${name}: the backward pass too`);
    tf.dispose([a, b, c, g1, g2]);
  }
  W.dispose();
});
