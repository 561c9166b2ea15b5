import t from 'tap';
import { chooseEngine, exactCost, tensorCost } from '../src/engine/auto.js';
import '../src/engine/engines.js';
import { getEngine } from '../src/engine/engine.js';
import { resolveParams, type SimParamsInput } from '../src/engine/params.js';

const params = (over: SimParamsInput) => resolveParams({ engine: 'auto', ...over });
const big = 2 ** 40;

t.test('auto picks exact where it is exact and cheaper, tensor otherwise, and says why', async (t) => {
  const small = params({ nTest: 200 });
  t.equal(chooseEngine(small, { machineBytes: big }).chosen, 'exact', 'a small supervised run: exact');
  t.match(chooseEngine(small, { machineBytes: big }).reason, /exact and cheaper/);
  const images = chooseEngine(params({ data: 'mnist', steps: 10 }), { machineBytes: big });
  t.same([images.chosen, /^not exact: data/.test(images.reason)], ['tensor', true], 'real images are not exact: tensor');
  t.equal(chooseEngine(params({ regime: 'simclr', augmentResample: 'every-step' }), { machineBytes: big }).chosen, 'tensor', 'fresh partners every step: tensor');
  const huge = chooseEngine(params({ regime: 'simclr', nUnlabeled: 100000 }), { machineBytes: big });
  t.same(huge, { chosen: 'tensor', reason: 'the exact engine would not fit in memory' }, 'n_0 = 10^5 does not fit the exact engine');
  // The cost model: SimCLR in the exact engine pays an N x B coefficient product per step the tensor engine does not.
  const simclr = params({ regime: 'simclr', nUnlabeled: 4000, pretrainSteps: 25, finetuneSteps: 100 });
  t.ok(8 * exactCost(simclr) > tensorCost(simclr), 'n_0 = 4000 SimCLR is cheaper in the tensor engine');
  t.equal(chooseEngine(simclr, { machineBytes: big }).chosen, 'tensor');
});

t.test('an auto run is its chosen engine\'s run, with the choice recorded', async (t) => {
  const p = params({ nLabeled: 6, nTest: 40, d: 60, m: 2, steps: 30, curvePoints: 3 });
  const choice = chooseEngine(p);
  const auto = await (await getEngine('auto')).run(p);
  const direct = await (await getEngine(choice.chosen)).run({ ...p, engine: choice.chosen });
  t.equal(auto.engine, choice.chosen, 'the result names the engine that ran');
  t.same(auto.engineChoice, { requested: 'auto', ...choice }, 'and records the choice');
  t.equal(auto.params.engine, 'auto', 'its params say auto, as asked');
  t.same(auto.metrics, direct.metrics, 'the same numbers as the chosen engine run directly');
  t.match((await getEngine('auto')).version, /^\d+\+tensor-.+\+exact-.+$/, 'the version names both engines (cache keys move with either)');
});
