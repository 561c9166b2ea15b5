import t from 'tap';
import { definePlugin, defineDataModel, defineOptimizer, defineRegime, SyntheticSource, z, type OptimizerStep } from '../src/index.js';
import { getEngine } from '../src/engine/engine.js';
import '../src/engine/engines.js';
import { paramKeys, resolveParams, type SimParamsInput } from '../src/engine/params.js';
import type { RunResult } from '../src/engine/result.js';
import { registerPlugin } from '../src/plugins/register.js';

// Components a user would write, registered the way a spec's plug-in module is.
const samParams = z.object({ testRho: z.number().nonnegative().default(0.05).describe('ascent radius') });
const samStep = ({ testRho }: { testRho: number }) => ({
  step<V>({ weights, gradient, gradientAt, lr, ops }: OptimizerStep<V>): V {
    const n = ops.norm(gradient);
    const ascent = n > 0 ? ops.add(weights, ops.scale(gradient, testRho / n)) : weights;
    return ops.sub(weights, ops.scale(gradientAt(ascent), lr));
  },
});
const sam = defineOptimizer({ name: 'test-sam', description: 'sharpness-aware minimisation', params: samParams, create: samStep });
/** The same SAM, declared span-preserving (it is: its update combines weights and gradients linearly). */
const samInSpan = defineOptimizer({ name: 'test-sam-span', description: 'SAM, declared span-preserving', params: samParams, spanPreserving: true, create: samStep });
/** Entry-by-entry scaling (RMSprop-like): leaves the span, so it does not declare spanPreserving. */
const rms = defineOptimizer({
  name: 'test-rms',
  description: 'gradient over the root of its square',
  params: z.object({}),
  create: () => ({ step: ({ weights, gradient, lr, ops }) => ops.sub(weights, ops.scale(ops.mul(gradient, ops.addScalar(ops.sqrt(ops.mul(gradient, gradient)), 1)), lr)) }),
});
/** Declares spanPreserving wrongly: the exact engine stops at the first entry-by-entry operation. */
const liar = defineOptimizer({ ...rms, name: 'test-liar', spanPreserving: true });
/** Span-preserving, but asks for a mini-batch gradient: the exact engine runs full-batch recursions only. */
const batcher = defineOptimizer({
  name: 'test-batcher',
  description: 'a step on the gradient of the first sample only',
  params: z.object({}),
  spanPreserving: true,
  create: () => ({ step: ({ weights, gradientAt, lr, ops }) => ops.sub(weights, ops.scale(gradientAt(weights, Int32Array.of(0)), lr)) }),
});
/** Pre-training blocks from a regime other than simclr: the exact engine has no views for it. */
const pretrainOnly = defineRegime({
  name: 'test-pretrain-only',
  description: 'pre-training, then the pre-trained filters evaluated',
  params: z.object({}),
  blocks: ['contrastivePretrain'],
  run(b, p) {
    const pre = b.contrastivePretrain!(b.initialise('pretrain', p.pretrainSigma0));
    return { metrics: { trainLoss: null, trainError: null, testLoss: null, testError: null, alignment: b.alignment(pre.W) }, trainCurve: [], diverged: pre.diverged, lastPhase: 'pretrain', lastSteps: p.pretrainSteps };
  },
});
const heavyBall = defineOptimizer({
  name: 'test-momentum',
  description: 'heavy-ball momentum',
  spanPreserving: true,
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
registerPlugin(definePlugin({ name: 'test', optimizers: [sam, samInSpan, rms, liar, heavyBall, batcher], dataModels: [mirrored], regimes: [twice, pretrainOnly] }), '/tmp/test-plugin.ts', '0'.repeat(64));

const tiny: SimParamsInput = { d: 40, nLabeled: 8, nTest: 30, m: 2, steps: 20, curvePoints: 3, seed: 3 };
const run = async (over: SimParamsInput, engine = 'tensor'): Promise<RunResult> => (await getEngine(engine)).run(resolveParams({ ...tiny, engine, ...over }));
const numbers = (r: RunResult) => JSON.stringify({ metrics: r.metrics, curves: r.curves });

t.test('a plug-in component adds its parameters to the run parameters (flags, spec targets)', async (t) => {
  for (const key of ['testRho', 'testBeta', 'testMirror', 'testHalfSteps']) t.ok(paramKeys().includes(key), key);
  t.equal(resolveParams({ optimizer: 'test-sam' }).testRho, 0.05, 'default filled in');
  t.throws(() => resolveParams({ testRho: -1 }), { name: 'InputError', message: /testRho/ });
  t.throws(() => resolveParams({ optimizer: 'adam' }), { name: 'InputError', message: /optimizer: unknown optimizer "adam" \(known: gd, sgd, test-sam, test-sam-span, test-rms, test-liar, test-momentum/ });
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

t.test('the exact engine refuses what it cannot represent before the run, naming the component', async (t) => {
  const exact = await getEngine('exact');
  t.throws(() => exact.validate(resolveParams({ engine: 'exact', optimizer: 'test-sam' })), { name: 'InputError', message: /optimizer: the exact engine cannot represent "test-sam": optimizer 'test-sam' does not declare spanPreserving/ });
  t.throws(() => exact.validate(resolveParams({ engine: 'exact', optimizer: 'test-rms' })), { name: 'InputError', message: /optimizer: the exact engine cannot represent "test-rms"/ });
  t.throws(() => exact.validate(resolveParams({ engine: 'exact', data: 'test-mirrored' })), { name: 'InputError', message: /data: the exact engine cannot represent "test-mirrored"/ });
  t.throws(() => exact.validate(resolveParams({ engine: 'exact', regime: 'test-pretrain-only' })), { name: 'InputError', message: /regime: the exact engine cannot represent "test-pretrain-only": regime 'test-pretrain-only' calls contrastivePretrain/ });
  t.doesNotThrow(() => exact.validate(resolveParams({ engine: 'exact' })));
  await t.rejects(run({ optimizer: 'test-batcher' }, 'exact'), { name: 'InputError', message: /optimizer: 'test-batcher' asked for a mini-batch gradient/ }, 'a mini-batch request is refused by name, not run as a full batch');
  t.ok((await run({ optimizer: 'test-batcher' })).metrics.trainLoss !== null, 'the tensor engine runs it');
  await t.rejects(run({ optimizer: 'test-liar' }, 'exact'), { name: 'InputError', message: /optimizer: 'test-liar' called ops\.(mul|sqrt|addScalar)/ }, 'a false spanPreserving declaration is caught at its first entry-by-entry operation');
});

t.test('span-preserving plug-in optimizers and a plug-in regime run on the exact engine through the shared runner', async (t) => {
  const gd = await run({}, 'exact');
  // The identity residual (against plain float64 GD in R^d) is measured for the gd optimizer only.
  const same = (r: RunResult) => numbers({ ...r, curves: { ...r.curves, decomposition: r.curves.decomposition?.map(({ identityResidual: _, ...p }) => p) } });
  t.ok(gd.curves.decomposition?.every((p) => p.identityResidual !== undefined && p.identityResidual < 1e-9), 'gd: identity residual measured');
  t.equal(same(await run({ optimizer: 'test-sam-span', testRho: 0 }, 'exact')), same(gd), 'SAM with rho = 0 is gradient descent, to the last bit');
  t.equal(same(await run({ optimizer: 'test-momentum', testBeta: 0 }, 'exact')), same(gd), 'momentum 0 is gradient descent');
  const rel = (a: number | null, b: number | null) => Math.abs(a! - b!) / Math.abs(b!);
  for (const [over, label] of [
    [{ optimizer: 'test-sam-span', testRho: 0.5 }, 'SAM'],
    [{ optimizer: 'test-momentum', testBeta: 0.9 }, 'momentum'],
  ] as const) {
    const [e, f] = [await run(over, 'exact'), await run(over, 'tensor')];
    t.not(numbers(e), numbers(gd), `${label} differs from gradient descent`);
    t.ok(rel(e.metrics.trainLoss, f.metrics.trainLoss) < 1e-4, `${label}: exact and tensor train loss agree (${e.metrics.trainLoss} vs ${f.metrics.trainLoss})`);
    t.ok(rel(e.metrics.testLoss, f.metrics.testLoss) < 1e-4, `${label}: exact and tensor test loss agree`);
    t.ok(Array.isArray(e.curves.decomposition) && e.curves.decomposition.length > 0, `${label}: the decomposition curve is recorded`);
  }
  // Negative control for the comparison above: gradient descent is far from momentum on the other engine.
  t.ok(rel(gd.metrics.trainLoss, (await run({ optimizer: 'test-momentum', testBeta: 0.9 }, 'tensor')).metrics.trainLoss) > 1e-2, 'gd vs momentum is not within the tolerance');
  const simclr = { regime: 'simclr', nUnlabeled: 8, pretrainSteps: 3, finetuneSteps: 5 } as const;
  for (const finetune of ['full', 'linear-probe'] as const) {
    const [e, f] = [await run({ ...simclr, finetune, optimizer: 'test-sam-span' }, 'exact'), await run({ ...simclr, finetune, optimizer: 'test-sam-span' }, 'tensor')];
    t.equal(e.diverged, null, `simclr ${finetune}: every phase runs with the plug-in optimizer`);
    t.ok(rel(e.metrics.testLoss, f.metrics.testLoss) < 1e-4, `simclr ${finetune}: exact and tensor agree (${e.metrics.testLoss} vs ${f.metrics.testLoss})`);
  }
  const halves = await run({ regime: 'test-twice', testHalfSteps: 10 }, 'exact');
  t.equal(halves.regime, 'test-twice');
  t.equal(halves.metrics.trainLoss, gd.metrics.trainLoss, 'two fits of 10 steps end where one of 20 does, on the exact engine too');
});

t.test('registration errors: a core field, a field with another schema, a name twice', async (t) => {
  const opt = (name: string, params: z.ZodObject<z.ZodRawShape>) => defineOptimizer({ name, description: '', params, create: () => ({ step: (s) => s.weights }) });
  const plugin = (o: ReturnType<typeof opt>) => definePlugin({ name: 'bad', optimizers: [o] });
  t.throws(() => registerPlugin(plugin(opt('bad-1', z.object({ d: z.number().default(1) }))), '/tmp/bad.ts', ''), { name: 'InputError', message: /parameter 'd' is a core run parameter/ });
  t.throws(() => registerPlugin(plugin(opt('bad-2', z.object({ testRho: z.number().default(1) }))), '/tmp/bad.ts', ''), { name: 'InputError', message: /parameter 'testRho' is already declared by optimizer 'test-sam', optimizer 'test-sam-span' with another schema/ });
  t.throws(() => registerPlugin(plugin(opt('bad-3', z.object({ testNoDefault: z.number() }))), '/tmp/bad.ts', ''), { name: 'InputError', message: /testNoDefault' needs a default/ });
  t.throws(() => registerPlugin(plugin(opt('test-sam', z.object({ testFresh: z.number().default(1) }))), '/tmp/bad.ts', ''), { name: 'InputError', message: /optimizer 'test-sam' is registered twice/ });
  t.notOk(paramKeys().includes('testFresh'), 'a refused component adds no parameters');
  t.throws(() => registerPlugin(definePlugin({ name: 'bad', optimizers: [{ name: 'x' } as never] }), '/tmp/bad.ts', ''), { name: 'InputError', message: /optimizers\[0\] needs a name, params/ });
});
