import t from 'tap';
import '../src/engine/engines.js';
import { getEngine } from '../src/engine/engine.js';
import { resolveParams } from '../src/engine/params.js';
import { RunResult } from '../src/engine/result.js';
import { dataSourceFor } from '../src/data/index.js';
import { loadTf } from '../src/engine/tensor/backend.js';

const engine = await getEngine('tensor');
const { tf } = await loadTf();
const small = { d: 200, m: 5, nLabeled: 20, nUnlabeled: 100, nTest: 200, pretrainSteps: 10, finetuneSteps: 100, steps: 100, curvePoints: 5 };
// wallSeconds is the only field allowed to differ between two runs of the same configuration.
const outcome = (r: Awaited<ReturnType<typeof engine.run>>) => ({ ...r, wallSeconds: 0 });

for (const regime of ['supervised', 'simclr'] as const) {
  t.test(`${regime}: the same seed gives bit-identical results, another seed different ones`, async (t) => {
    const a = await engine.run(resolveParams({ ...small, regime, seed: 7 }));
    const b = await engine.run(resolveParams({ ...small, regime, seed: 7 }));
    const c = await engine.run(resolveParams({ ...small, regime, seed: 8 }));
    t.comment(`backend ${a.backend}; seed 7 test error ${a.metrics.testError}, seed 8 ${c.metrics.testError}`);
    t.strictSame(outcome(a), outcome(b));
    t.doesNotThrow(() => RunResult.parse(JSON.parse(JSON.stringify(a))), 'the result fits the RunResult schema');
    t.not(a.metrics.trainLoss, c.metrics.trainLoss);
    t.notSame(a.curves.train, c.curves.train);
  });
}

t.test('a different seed gives different data, the same seed the same data', async (t) => {
  const p7 = resolveParams({ d: 50, seed: 7 });
  const s1 = dataSourceFor(p7).sample('train', 4);
  const s2 = dataSourceFor(p7).sample('train', 4);
  const s3 = dataSourceFor(resolveParams({ d: 50, seed: 8 })).sample('train', 4);
  t.strictSame(s1.noise, s2.noise);
  t.notSame(s1.noise, s3.noise);
});

t.test('no tensor leaks over a 3000-step run', async (t) => {
  const before = tf.memory().numTensors;
  const during: number[] = [];
  await engine.run(resolveParams({ ...small, regime: 'supervised', steps: 3000, curvePoints: 20 }), {
    onProgress: () => during.push(tf.memory().numTensors),
  });
  await engine.run(resolveParams({ ...small, regime: 'simclr', pretrainSteps: 30, pretrainStop: 'val-loss', finetune: 'linear-probe' }), {
    onProgress: () => during.push(tf.memory().numTensors),
  });
  t.equal(tf.memory().numTensors, before, 'every tensor is disposed at the end');
  t.ok(during.length >= 100, 'progress was sampled during the run');
  t.equal(Math.max(...during.slice(0, 100)) - Math.min(...during.slice(0, 100)), 0, 'the live tensor count is flat over the 3000 steps');
});
