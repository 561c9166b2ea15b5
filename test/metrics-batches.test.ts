import t from 'tap';
import { defineMetric, definePlugin, defineOptimizer, defineRegime, metricPreference, metricRange, metricTex, validateSpec, z } from '../src/index.js';
import { getEngine } from '../src/engine/engine.js';
import '../src/engine/engines.js';
import { resolveParams, type SimParamsInput } from '../src/engine/params.js';
import type { RunResult } from '../src/engine/result.js';
import { miniBatch } from '../src/components/optimizers/batches.js';
import { pluginComponentsHash } from '../src/components/versions.js';
import { registerPlugin } from '../src/plugins/register.js';
import { RunCache } from '../src/sweep/cache.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { specJsonSchema } from '../src/spec/json-schema.js';
import { pointRuleAnytimeValid } from '../proofs-check/points.js';

// A metric computed from the filters, a metric a regime reports itself, and a regime declaring both.
const displacement = defineMetric({
  name: 'testDisplacement',
  description: 'largest ||w_r(T) - w_r(0)|| over the filters',
  preference: 'lower',
  range: [0, Infinity],
  tex: '\\Delta_W',
  compute: ({ initial, final, m, d }) => {
    let most = 0;
    for (let f = 0; f < 2 * m; f++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += (final[f * d + k] - initial[f * d + k]) ** 2;
      most = Math.max(most, Math.sqrt(s));
    }
    return most;
  },
});
const firstLabel = defineMetric({ name: 'testFirstLabel', description: 'the first training label, as the regime reports it', preference: 'higher', range: [-1, 1] });
const measured = defineRegime({
  name: 'test-measured',
  description: 'supervised training that reads its filters',
  params: z.object({}),
  blocks: ['toArray', 'trainingSet'],
  metrics: ['testDisplacement', 'testFirstLabel'],
  run(b, p) {
    const W0 = b.initialise('supervised', p.sigma0);
    const initial = b.toArray!(W0);
    const fit = b.fit(W0, { phase: 'train', eta: p.eta, steps: p.steps, activation: p.activation });
    const final = b.toArray!(fit.W);
    return {
      metrics: { ...b.evaluate(fit.W, p.activation), testFirstLabel: b.trainingSet!().data.y[0] },
      trainCurve: fit.curve,
      diverged: fit.diverged,
      lastPhase: 'train',
      lastSteps: p.steps,
      filters: { initial, final },
    };
  },
});
const sloppy = defineRegime({
  name: 'test-sloppy',
  description: 'reports a metric it does not declare',
  params: z.object({}),
  blocks: [],
  run(b, p) {
    const fit = b.fit(b.initialise('supervised', p.sigma0), { phase: 'train', eta: p.eta, steps: p.steps, activation: p.activation });
    return { metrics: { ...b.evaluate(fit.W, p.activation), testDisplacement: 0 }, trainCurve: fit.curve, diverged: fit.diverged, lastPhase: 'train', lastSteps: p.steps };
  },
});
/** Gradient descent whose step asks for the gradient over all n samples by index: must equal the full gradient. */
const indexed = defineOptimizer({
  name: 'test-indexed',
  description: 'gd through the batch oracle',
  params: z.object({}),
  create: () => ({
    step: ({ weights, gradient, gradientAt, lr, ops, nSamples }) =>
      ops.sub(weights, ops.scale(nSamples === null ? gradient : gradientAt(weights, Int32Array.from({ length: nSamples }, (_, i) => i)), lr)),
  }),
});
const outOfRange = defineOptimizer({
  name: 'test-bad-batch',
  description: 'asks for a sample that does not exist',
  params: z.object({}),
  create: () => ({ step: ({ weights, gradientAt, nSamples }) => gradientAt(weights, Int32Array.of(nSamples ?? 0)) }),
});
registerPlugin(
  definePlugin({ name: 'test-metrics', metrics: [displacement, firstLabel], regimes: [measured, sloppy], optimizers: [indexed, outOfRange] }),
  '/tmp/test-metrics-plugin.ts',
  'a'.repeat(64),
);

const tiny: SimParamsInput = { d: 40, nLabeled: 8, nTest: 30, m: 2, steps: 20, curvePoints: 3, seed: 3 };
const run = async (over: SimParamsInput, engine = 'tensor'): Promise<RunResult> => (await getEngine(engine)).run(resolveParams({ ...tiny, engine, ...over }));
const numbers = (r: RunResult) => JSON.stringify({ metrics: r.metrics, curves: r.curves });

t.test('metrics are registered components: preference, range and TeX come from the registry', async (t) => {
  t.equal(metricPreference('testError'), 'lower');
  t.equal(metricPreference('alignment'), 'higher');
  t.same(metricRange('testError'), [0, 1]);
  t.same(metricRange('trainLoss'), [0, Infinity]);
  t.equal(metricTex('testDisplacement'), '\\Delta_W');
  t.equal(metricTex('testFirstLabel'), '\\mathrm{testFirstLabel}', 'no tex: the name upright');
  // The rule deciding a claim follows the registered range: bounded -> betting (anytime-valid), else t.
  t.equal(pointRuleAnytimeValid('testError'), true);
  t.equal(pointRuleAnytimeValid('testFirstLabel'), true, 'a plug-in metric bounded on both sides gets the bounded-support rule');
  t.equal(pointRuleAnytimeValid('testDisplacement'), false, 'unbounded above: the t rule');
  const enumOf = (node: unknown): string[] | undefined => JSON.stringify(node).match(/"enum":\["trainLoss"[^\]]*\]/)?.[0].slice(8, -1).split(',').map((s) => JSON.parse(s) as string);
  t.same(enumOf(specJsonSchema())?.slice(-2), ['testDisplacement', 'testFirstLabel'], "the JSON Schema's metric enum lists the registered metrics");
});

t.test('a claim may name a registered metric, and an unknown one is refused', async (t) => {
  const spec = (metric: string) => ({
    id: 'm',
    title: 't',
    source: { citation: 'c' },
    parameters: [{ name: 'steps', type: 'int', default: 20, range: [1, 100], description: 'steps' }],
    claims: [{ id: 'c', kind: 'bound', title: 't', statement: 's', provenance: { mark: 'choice', ref: 'r' }, regime: 'test-measured', metric, direction: 'at-most', bound: '1', region: { steps: { values: [10, 20] } } }],
  });
  t.doesNotThrow(() => validateSpec(spec('testDisplacement')));
  t.throws(() => validateSpec(spec('rhoBar')), { name: 'InputError', message: /unknown metric "rhoBar" \(known: trainLoss, .*testDisplacement/ });
});

t.test('registration errors: a metric name twice, a bad range or preference', async (t) => {
  const plugin = (m: object) => definePlugin({ name: 'bad', metrics: [m as never] });
  t.throws(() => registerPlugin(plugin({ ...displacement }), '/tmp/bad.ts', ''), { name: 'InputError', message: /metric 'testDisplacement' is registered twice/ });
  t.throws(() => registerPlugin(plugin({ name: 'testError', description: '', preference: 'lower', range: [0, 1] }), '/tmp/bad.ts', ''), { name: 'InputError', message: /metric 'testError' is registered twice: by theorem-harness/ });
  t.throws(() => registerPlugin(plugin({ name: 'testBadRange', description: '', preference: 'lower', range: [1, 0] }), '/tmp/bad.ts', ''), { name: 'InputError', message: /range must be null or \[lo, hi\]/ });
  t.throws(() => registerPlugin(plugin({ name: 'testBadPref', description: '', preference: 'smaller', range: null }), '/tmp/bad.ts', ''), { name: 'InputError', message: /preference must be 'lower' or 'higher'/ });
  const undeclared = defineRegime({ name: 'test-undeclared', description: '', params: z.object({}), blocks: [], metrics: ['noSuchMetric'], run: () => ({}) as never });
  registerPlugin(definePlugin({ name: 'ok', regimes: [undeclared] }), '/tmp/ok.ts', 'b'.repeat(64));
  await t.rejects(run({ regime: 'test-undeclared' }), { name: 'InputError', message: /declares metric "noSuchMetric", which is not registered/ });
});

t.test('a regime reads the filters; declared metrics are computed or reported, and stored in the result', async (t) => {
  const base = await run({});
  const r = await run({ regime: 'test-measured' });
  t.equal(r.metrics.testError, base.metrics.testError, 'the same training as the supervised regime');
  t.type(r.metrics.testDisplacement, 'number');
  t.ok((r.metrics.testDisplacement as number) > 0, 'the filters moved');
  t.equal(Math.abs(r.metrics.testFirstLabel as number), 1, 'a value the regime reported itself');
  t.same(Object.keys(r.metrics).filter((k) => k.startsWith('test') && !/^test(Loss|Error)$/.test(k)).sort(), ['testDisplacement', 'testFirstLabel']);
  const short = await run({ regime: 'test-measured', steps: 2 });
  t.ok((short.metrics.testDisplacement as number) < (r.metrics.testDisplacement as number), 'fewer steps, less displacement (it reads the real filters)');
  await t.rejects(run({ regime: 'test-sloppy' }), { name: 'InputError', message: /reported metric 'testDisplacement', which it does not declare/ });
  const exact = await getEngine('exact');
  t.throws(() => exact.validate(resolveParams({ ...tiny, engine: 'exact', regime: 'test-measured' })), { name: 'InputError', message: /regime: the exact engine cannot represent "test-measured"/ });
  // Declaring no block is not enough: a computed metric needs the filters, which the exact engine does not have.
  const quiet = defineRegime({ ...measured, name: 'test-measured-quietly', blocks: [] });
  registerPlugin(definePlugin({ name: 'quiet', regimes: [quiet] }), '/tmp/quiet.ts', 'c'.repeat(64));
  t.throws(() => exact.validate(resolveParams({ ...tiny, engine: 'exact', regime: 'test-measured-quietly' })), { name: 'InputError', message: /regime: the exact engine cannot run regime 'test-measured-quietly': it has no toArray, trainingSet building blocks/ });
});

t.test("the cache key covers a run's plug-in components and the metrics its regime declares", async (t) => {
  t.equal(pluginComponentsHash(resolveParams({})), undefined, 'shipped components only: the key is what it was');
  const h = pluginComponentsHash(resolveParams({ regime: 'test-measured' }));
  t.match(h, /^[0-9a-f]{32}$/);
  t.not(pluginComponentsHash(resolveParams({ regime: 'test-measured', optimizer: 'test-indexed' })), h);
  // A cached run of plug-in components: its extra metrics and the components' hash are stored, checksummed and re-verified.
  const params = resolveParams({ ...tiny, regime: 'test-measured', steps: 3 });
  const result = await run({ regime: 'test-measured', steps: 3 });
  const dir = t.testdir();
  const cache = new RunCache(dir);
  const key = await cache.put({ engine: 'tensor', engineVersion: 'v', params, components: h }, result);
  t.not(key, await cache.put({ engine: 'tensor', engineVersion: 'v', params }, result), 'another key than the same run without the components');
  t.equal((await new RunCache(dir).get(key))?.metrics.testDisplacement, result.metrics.testDisplacement, 'read back, verified, with the plug-in metric');
  const file = cache.pathOf(key);
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.replace(/"testDisplacement":[0-9.e+-]+/, '"testDisplacement":123'));
  t.equal(await new RunCache(dir).get(key), undefined, 'an edited plug-in metric fails the checksum');
  writeFileSync(file, text.replace(h!, 'f'.repeat(32)));
  t.equal(await new RunCache(dir).get(key), undefined, 'so does an edited components hash');
});

t.test('mini-batches: sgd is gd at the full batch, batch gradients are the mean loss over the batch', async (t) => {
  const gd = await run({});
  t.equal(numbers(await run({ optimizer: 'sgd' })), numbers(gd), 'sgd without batchSize is gradient descent, to the last bit');
  t.equal(numbers(await run({ optimizer: 'sgd', batchSize: 8 })), numbers(gd), 'batchSize = n is the full batch');
  t.equal(numbers(await run({ optimizer: 'test-indexed' })), numbers(gd), 'the gradient over all n indices is the full gradient');
  const small = await run({ optimizer: 'sgd', batchSize: 2 });
  t.not(numbers(small), numbers(gd), 'batches of 2 take other steps (negative control)');
  t.equal(numbers(await run({ optimizer: 'sgd', batchSize: 2 })), numbers(small), 'reproducible');
  t.not(numbers(await run({ optimizer: 'sgd', batchSize: 2, seed: 4 })), numbers(small), 'another seed, other data and batches');
  t.equal(resolveParams({}).batchSize, undefined, 'batchSize has a default (absent: every existing cache key stays)');
  await t.rejects(run({ optimizer: 'test-bad-batch' }), { name: 'InputError', message: /sample indices in \[0, 8\)/ });
  const simclr = await run({ regime: 'simclr', optimizer: 'sgd', batchSize: 3, nUnlabeled: 8, pretrainSteps: 3, finetuneSteps: 5 });
  t.equal(simclr.diverged, null, 'SimCLR: full gradient in pre-training, batches in fine-tuning');
  const probe = await run({ regime: 'simclr', finetune: 'linear-probe', optimizer: 'sgd', batchSize: 3, nUnlabeled: 8, pretrainSteps: 3, finetuneSteps: 5 });
  t.equal(probe.diverged, null, 'and in the linear probe');
  const exact = await getEngine('exact');
  t.throws(() => exact.validate(resolveParams({ engine: 'exact', optimizer: 'sgd', batchSize: 2 })), { name: 'InputError', message: /optimizer: the exact engine cannot represent "sgd"/ });
});

t.test('the batch schedule: an epoch is a permutation, batches depend on (seed, phase, step) only', async (t) => {
  const at = (step: number, seed = 1, phase = 'train') => Array.from(miniBatch({ seed, phase, step, nSamples: 10, batchSize: 4 }));
  const epoch = [...at(0), ...at(1), ...at(2)];
  t.same([...epoch].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 'three batches (4, 4, 2) cover each sample once');
  t.equal(at(2).length, 2);
  t.same(at(0), at(0), 'deterministic');
  t.not(at(3).join(), at(0).join(), 'the next epoch is a fresh permutation');
  t.not(at(0, 2).join(), at(0).join(), 'another seed');
  t.not(at(0, 1, 'finetune').join(), at(0).join(), 'another phase');
  t.same(Array.from(miniBatch({ seed: 1, phase: 'train', step: 5, nSamples: 3, batchSize: 9 })), [0, 1, 2], 'B >= n: the full batch');
});
