import t from 'tap';
import plugin from '../../spec/chen-2023-sam/plugin.js';
import { noiseMemorisation, signalLearning } from '../../spec/chen-2023-sam/memorisation.js';
import { getEngine } from '../../src/engine/engine.js';
import '../../src/engine/engines.js';
import { resolveParams, type SimParamsInput } from '../../src/engine/params.js';
import type { RunResult } from '../../src/engine/result.js';
import { registerPlugin } from '../../src/plugins/register.js';

registerPlugin(plugin, 'spec/chen-2023-sam/plugin.ts', 'c'.repeat(64));
const tiny: SimParamsInput = { d: 40, nLabeled: 8, nTest: 30, m: 2, steps: 20, curvePoints: 3, seed: 5, activation: 'relu', labelNoise: 0.1, muNorm: 1.5 };
const run = async (over: SimParamsInput): Promise<RunResult> => (await getEngine('tensor')).run(resolveParams({ ...tiny, ...over }));
const numbers = (r: RunResult) => JSON.stringify({ metrics: r.metrics, curves: r.curves });

t.test('SAM at radius 0 on mini-batches is the shipped sgd on the same batches; radius > 0 differs', async (t) => {
  const sgd = await run({ optimizer: 'sgd', batchSize: 3 });
  t.equal(numbers(await run({ optimizer: 'sam', samRadius: 0, samBatchSize: 3 })), numbers(sgd), 'same batches, same steps, to the last bit');
  t.not(numbers(await run({ optimizer: 'sam', samRadius: 0.5, samBatchSize: 3 })), numbers(sgd), 'the ascent changes the steps (negative control)');
  t.not(numbers(await run({ optimizer: 'sgd' })), numbers(sgd), 'mini-batches are not the full batch');
});

t.test('the memorisation regime reports rho-bar and gamma of the real filters', async (t) => {
  const r = await run({ regime: 'memorisation', optimizer: 'sam', samRadius: 0, samBatchSize: 3 });
  const base = await run({ optimizer: 'sam', samRadius: 0, samBatchSize: 3 });
  t.equal(r.metrics.testError, base.metrics.testError, 'the same training as the supervised regime');
  t.ok((r.metrics.noiseMemorisation as number) > 0, 'noise is memorised');
  t.ok((r.metrics.signalLearning as number) > 0, 'signal is learnt');
  const none = await run({ regime: 'memorisation', steps: 0 });
  t.equal(none.metrics.noiseMemorisation, 0, 'no step, no displacement');
});

t.test('rho-bar and gamma on planted filters', async (t) => {
  const d = 3, m = 1;
  // Two samples: y = +1 with xi = (0, 2, 0), y = -1 with xi = (0, 0, 1); filters w_{+1}, w_{-1}.
  const noise = Float32Array.from([0, 2, 0, 0, 0, 1]);
  const y = Int8Array.from([1, -1]);
  const W0 = new Float64Array(2 * d);
  const W = Float64Array.from([0.5, 6, 1, -0.25, 9, 3]);
  // w_{+1} - w_{+1}(0) on xi_1: 12 / 4 = 3; w_{-1} on xi_2: 3 / 1 = 3; cross-class pairs do not count.
  t.equal(noiseMemorisation(W0, W, m, d, noise, y), 3);
  W[5] = 5;
  t.equal(noiseMemorisation(W0, W, m, d, noise, y), 5, 'the max over (j, r, i) with y_i = j');
  // gamma: <w_{+1}, mu> / ||mu||^2 = 0.5 * 2 / 4, <w_{-1}, -mu> / 4 = 0.5 / 4; the smaller class.
  t.equal(signalLearning(W, m, d, Float32Array.from([1, 0, 0]), 2), 0.125);
});
