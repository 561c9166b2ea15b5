import t from 'tap';
import { spawnSync } from 'node:child_process';
import { getEngine } from '../../src/engine/engine.js';
import '../../src/engine/engines.js';
import { resolveParams } from '../../src/engine/params.js';
import { RunResult } from '../../src/engine/result.js';
import { InputError } from '../../src/util/errors.js';

const small = { engine: 'exact', d: 120, nLabeled: 6, nTest: 30, m: 2, steps: 40, curvePoints: 11, snr: 0.6, eta: 0.5 } as const;

t.test('a supervised run fills RunResult and is reproducible from its seed', async (t) => {
  const engine = await getEngine('exact');
  const params = resolveParams(small);
  const a = await engine.run(params);
  t.ok(RunResult.safeParse(a).success, 'schema-valid');
  t.equal(a.engine, 'exact');
  t.equal(a.backend, 'float64-js');
  t.equal(a.diverged, null);
  t.same(a.curves.train.map((p) => p.step), [0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40]);
  t.equal(a.curves.decomposition!.length, 11);
  const last = a.curves.train.at(-1)!;
  t.equal(last.trainLoss, a.metrics.trainLoss, 'last curve point is the final iterate');
  t.equal(last.testError, a.metrics.testError);
  t.equal(last.alignment, a.metrics.alignment);
  t.ok(a.metrics.trainLoss! < a.curves.train[0].trainLoss!, 'GD lowered the loss');
  t.ok(a.metrics.alignment! > 0 && a.metrics.alignment! <= 1);

  const again = await engine.run(params);
  t.same(again.metrics, a.metrics, 'same seed, same numbers');
  const other = await engine.run(resolveParams({ ...small, seed: 1 }));
  t.not(other.metrics.testLoss, a.metrics.testLoss, 'another seed, other numbers');
});

t.test('a diverging run is a result with nulls, not a crash', async (t) => {
  const engine = await getEngine('exact');
  const r = await engine.run(resolveParams({ ...small, activation: 'relu^q', q: 4, sigma0: 3, eta: 1e6, steps: 50 }));
  t.ok(r.diverged, 'diverged reported');
  t.equal(r.diverged!.phase, 'train');
  t.equal(r.diverged!.quantity, 'trainLoss');
  t.equal(r.metrics.trainLoss, null);
  t.ok(RunResult.safeParse(r).success, 'still schema-valid');
  t.ok(r.curves.train.every((p) => p.step < r.diverged!.step));
});

t.test('what cannot be represented exactly is refused with an InputError naming the field', async (t) => {
  const engine = await getEngine('exact');
  const params = resolveParams({ ...small, regime: 'simclr' });
  t.throws(() => engine.validate(params), InputError);
  try {
    engine.validate(params);
  } catch (error) {
    t.equal((error as InputError).where.field, 'regime');
    t.match((error as Error).message, /exact engine cannot represent "simclr"/);
  }
  await t.rejects(engine.run(params), InputError, 'run refuses too');
  const images = resolveParams({ ...small, data: 'mnist', d: 784 });
  t.throws(() => engine.validate(images), { name: 'InputError', where: { field: 'data', value: 'mnist' } }, 'real images refused');
  t.doesNotThrow(() => engine.validate(resolveParams(small)), 'supervised on the data model is accepted');
});

t.test('the CLI exits 2 with the reason when --engine exact gets what it cannot represent', async (t) => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'simulate', '--engine', 'exact', '--quiet', '--d', '50', '--steps', '3', ...args], {
      encoding: 'utf8',
    });
  const bad = run('--regime', 'simclr');
  t.equal(bad.status, 2);
  t.match(bad.stderr, /regime: the exact engine cannot represent "simclr"/);
  const ok = run('--json');
  t.equal(ok.status, 0, ok.stderr);
  t.equal(JSON.parse(ok.stdout).engine, 'exact');
});
