import t from 'tap';
import { definePlugin, defineDataModel, defineOptimizer, defineRegime, SyntheticSource, z } from '../src/index.js';
import { getEngine } from '../src/engine/engine.js';
import '../src/engine/engines.js';
import { paramKeys, resolveParams, type SimParamsInput } from '../src/engine/params.js';
import type { RunResult } from '../src/engine/result.js';
import { registerPlugin } from '../src/plugins/register.js';

// Components a user would write, registered the way a spec's plug-in module is.
const sam = defineOptimizer({
  name: 'test-sam',
  description: 'sharpness-aware minimisation',
  params: z.object({ testRho: z.number().nonnegative().default(0.05).describe('ascent radius') }),
  create: ({ testRho }) => ({
    step({ weights, gradient, gradientAt, lr, ops }) {
      const n = ops.norm(gradient);
      const ascent = n > 0 ? ops.add(weights, ops.scale(gradient, testRho / n)) : weights;
      return ops.sub(weights, ops.scale(gradientAt(ascent), lr));
    },
  }),
});
const heavyBall = defineOptimizer({
  name: 'test-momentum',
  description: 'heavy-ball momentum',
  params: z.object({ testBeta: z.number().min(0).lt(1).default(0.9) }),
  create: ({ testBeta }) => ({
    step({ weights, gradient, lr, ops, state }) {
      const v = ops.add(ops.scale(state.get('v') ?? ops.zerosLike(gradient), testBeta), gradient);
      state.set('v', v);
      return ops.sub(weights, ops.scale(v, lr));
    },
  }),
});
/** The synthetic model with the signal on e_1 but labels' signs reversed: a different data model. */
const mirrored = defineDataModel({
  name: 'test-mirrored',
  description: 'signal -y mu',
  params: z.object({ testMirror: z.number().default(-1) }),
  source: (p) => {
    const inner = new SyntheticSource({ d: p.d, muNorm: p.muNorm, sigmaP: p.sigmaP, labelNoise: p.labelNoise, noiseCovariance: 'projected' }, p.seed);
    return {
      name: 'test-mirrored',
      d: p.d,
      signalDirection: () => inner.signalDirection(),
      sample: (split, n) => {
        const s = inner.sample(split, n);
        return { ...s, signal: s.signal.map((x) => x * p.testMirror) };
      },
      freshNoise: (stream, n) => inner.freshNoise(stream, n),
      signalFor: (labels, stream) => inner.signalFor(labels, stream).map((x) => x * p.testMirror),
    };
  },
});
const twice = defineRegime({
  name: 'test-twice',
  description: 'supervised training in two halves',
  params: z.object({ testHalfSteps: z.number().int().nonnegative().default(10) }),
  blocks: [],
  run(b, p) {
    const first = b.fit(b.initialise('supervised', p.sigma0), { phase: 'train', eta: p.eta, steps: p.testHalfSteps, activation: p.activation });
    const second = b.fit(first.W, { phase: 'train', eta: p.eta, steps: p.testHalfSteps, activation: p.activation });
    return { metrics: b.evaluate(second.W, p.activation), trainCurve: second.curve, diverged: first.diverged ?? second.diverged, lastPhase: 'train', lastSteps: p.testHalfSteps };
  },
});
registerPlugin(definePlugin({ name: 'test', optimizers: [sam, heavyBall], dataModels: [mirrored], regimes: [twice] }), '/tmp/test-plugin.ts', '0'.repeat(64));

const tiny: SimParamsInput = { d: 40, nLabeled: 8, nTest: 30, m: 2, steps: 20, curvePoints: 3, seed: 3 };
const run = async (over: SimParamsInput, engine = 'tensor'): Promise<RunResult> => (await getEngine(engine)).run(resolveParams({ ...tiny, engine, ...over }));
const numbers = (r: RunResult) => JSON.stringify({ metrics: r.metrics, curves: r.curves });

t.test('a plug-in component adds its parameters to the run parameters (flags, spec targets)', async (t) => {
  for (const key of ['testRho', 'testBeta', 'testMirror', 'testHalfSteps']) t.ok(paramKeys().includes(key), key);
  t.equal(resolveParams({ optimizer: 'test-sam' }).testRho, 0.05, 'default filled in');
  t.throws(() => resolveParams({ testRho: -1 }), { name: 'InputError', message: /testRho/ });
  t.throws(() => resolveParams({ optimizer: 'adam' }), { name: 'InputError', message: /optimizer: unknown optimizer "adam" \(known: gd, sgd, test-sam, test-momentum/ });
  t.throws(() => resolveParams({ testMirror: 1 }), { name: 'InputError', message: /testMirror: a parameter of data 'test-mirrored' only/ }, "another data model's parameter set away from its default");
});

t.test('plug-in optimizers run on the tensor engine through the shared loop', async (t) => {
  const gd = await run({});
  t.equal(numbers(await run({ optimizer: 'test-sam', testRho: 0 })), numbers(gd), 'SAM with rho = 0 is gradient descent, to the last bit');
  const samRun = await run({ optimizer: 'test-sam', testRho: 0.5 });
  t.not(numbers(samRun), numbers(gd), 'SAM with rho > 0 differs');
  t.equal(samRun.params.optimizer, 'test-sam');
  t.equal(numbers(await run({ optimizer: 'test-momentum', testBeta: 0 })), numbers(gd), 'momentum 0 is gradient descent');
  const momentum = await run({ optimizer: 'test-momentum' });
  t.not(numbers(momentum), numbers(gd), 'momentum carries state across steps');
  t.equal(numbers(await run({ optimizer: 'test-momentum' })), numbers(momentum), 'and is reproducible');
  const simclr = await run({ regime: 'simclr', optimizer: 'test-sam', nUnlabeled: 8, pretrainSteps: 3, finetuneSteps: 5 });
  t.equal(simclr.diverged, null, 'every phase of SimCLR runs with the plug-in optimizer');
});

t.test('a plug-in data model and regime run on the tensor engine', async (t) => {
  const base = await run({});
  const mirror = await run({ data: 'test-mirrored' });
  t.not(numbers(mirror), numbers(base));
  t.equal(numbers(await run({ data: 'test-mirrored', testMirror: 1 })), numbers(base), 'mirror +1 is the synthetic model');
  const halves = await run({ regime: 'test-twice', testHalfSteps: 10 });
  t.equal(halves.regime, 'test-twice');
  t.equal(halves.metrics.trainLoss, base.metrics.trainLoss, 'two fits of 10 steps end where one of 20 does');
});

t.test('the exact engine refuses what it cannot represent, naming the component', async (t) => {
  const exact = await getEngine('exact');
  t.throws(() => exact.validate(resolveParams({ engine: 'exact', optimizer: 'test-sam' })), { name: 'InputError', message: /optimizer: the exact engine cannot represent "test-sam"/ });
  t.throws(() => exact.validate(resolveParams({ engine: 'exact', data: 'test-mirrored' })), { name: 'InputError', message: /data: the exact engine cannot represent "test-mirrored"/ });
  t.throws(() => exact.validate(resolveParams({ engine: 'exact', regime: 'test-twice' })), { name: 'InputError', message: /regime: the exact engine cannot represent "test-twice"/ });
  t.doesNotThrow(() => exact.validate(resolveParams({ engine: 'exact' })));
});

t.test('registration errors: a core field, a field with another schema, a name twice', async (t) => {
  const opt = (name: string, params: z.ZodObject<z.ZodRawShape>) => defineOptimizer({ name, description: '', params, create: () => ({ step: (s) => s.weights }) });
  const plugin = (o: ReturnType<typeof opt>) => definePlugin({ name: 'bad', optimizers: [o] });
  t.throws(() => registerPlugin(plugin(opt('bad-1', z.object({ d: z.number().default(1) }))), '/tmp/bad.ts', ''), { name: 'InputError', message: /parameter 'd' is a core run parameter/ });
  t.throws(() => registerPlugin(plugin(opt('bad-2', z.object({ testRho: z.number().default(1) }))), '/tmp/bad.ts', ''), { name: 'InputError', message: /parameter 'testRho' is already declared by optimizer 'test-sam' with another schema/ });
  t.throws(() => registerPlugin(plugin(opt('bad-3', z.object({ testNoDefault: z.number() }))), '/tmp/bad.ts', ''), { name: 'InputError', message: /testNoDefault' needs a default/ });
  t.throws(() => registerPlugin(plugin(opt('test-sam', z.object({ testFresh: z.number().default(1) }))), '/tmp/bad.ts', ''), { name: 'InputError', message: /optimizer 'test-sam' is registered twice/ });
  t.notOk(paramKeys().includes('testFresh'), 'a refused component adds no parameters');
  t.throws(() => registerPlugin(definePlugin({ name: 'bad', optimizers: [{ name: 'x' } as never] }), '/tmp/bad.ts', ''), { name: 'InputError', message: /optimizers\[0\] needs a name, params/ });
});
