import t from 'tap';
import { spawnSync } from 'node:child_process';
import { getEngine } from '../../src/engine/engine.js';
import '../../src/engine/engines.js';
import { resolveParams } from '../../src/engine/params.js';
import { RunResult } from '../../src/engine/result.js';
import { InputError } from '../../src/util/errors.js';
import { summaryViolations } from '../../src/engine/exact/invariants.js';
import { CLI_ARGS } from '../helpers/cli.js';

const small = { engine: 'exact', d: 120, nLabeled: 6, nTest: 30, m: 2, steps: 40, curvePoints: 11, snr: 0.6, eta: 0.5 } as const;

t.test('a supervised run fills RunResult and is reproducible from its seed', async (t) => {
  const engine = await getEngine('exact');
  const params = resolveParams(small);
  const a = await engine.run(params);
  t.ok(RunResult.safeParse(a).success, 'schema-valid');
  t.equal(a.engine, 'exact');
  t.equal(a.backend, 'float64-js+wasm-simd');
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
  const simclr = { ...small, regime: 'simclr', nUnlabeled: 8, pretrainSteps: 3, finetuneSteps: 3 } as const;
  const refused: Array<[object, string, unknown]> = [
    [{ ...small, data: 'mnist', d: 784 }, 'data', 'mnist'],
    [{ ...simclr, augment: 'mask' }, 'augment', 'mask'],
    [{ ...simclr, augmentResample: 'every-step' }, 'augmentResample', 'every-step'],
  ];
  for (const [input, field, value] of refused) {
    const params = resolveParams(input);
    t.throws(() => engine.validate(params), { name: 'InputError', where: { field, value } }, `${field}=${String(value)} refused`);
    await t.rejects(engine.run(params), InputError, `${field}: run refuses too`);
  }
  t.match(
    (() => {
      try {
        engine.validate(resolveParams({ ...simclr, augment: 'mask' }));
      } catch (error) {
        return (error as Error).message;
      }
    })(),
    /augment: the exact engine cannot represent "mask"/,
  );
  // Accepted: supervised, and SimCLR with views drawn once (identity may "resample": it has no randomness).
  for (const ok of [small, simclr, { ...simclr, augment: 'identity', augmentResample: 'every-step' }, { ...simclr, similarity: 'cosine' }, { ...simclr, pretrainStop: 'val-loss' }, { ...simclr, finetune: 'linear-probe' }]) {
    t.doesNotThrow(() => engine.validate(resolveParams(ok)), JSON.stringify(ok));
  }
});

t.test('a simclr run fills the pre-training curve and the pre-training metrics', async (t) => {
  const engine = await getEngine('exact');
  const r = await engine.run(resolveParams({ ...small, regime: 'simclr', nUnlabeled: 12, pretrainSteps: 10, finetuneSteps: 20, curvePoints: 6 }));
  t.ok(RunResult.safeParse(r).success, 'schema-valid');
  t.equal(r.metrics.pretrainStepsRun, 10);
  t.equal(r.curves.pretrain!.at(-1)!.step, 10);
  t.equal(r.curves.pretrain!.at(-1)!.alignment, r.metrics.alignmentPretrain);
  t.equal(r.curves.train.at(-1)!.trainLoss, r.metrics.trainLoss);
  t.ok(r.curves.pretrain!.at(-1)!.loss! < r.curves.pretrain![0].loss!, 'contrastive loss fell');
  t.same(summaryViolations(r.curves.decomposition!, { cleanLabels: true }), [], 'fine-tuning keeps the invariants');
});

t.test('the CLI exits 2 with the reason when --engine exact gets what it cannot represent', async (t) => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [...CLI_ARGS, 'simulate', '--engine', 'exact', '--quiet', '--d', '50', '--steps', '3', ...args], {
      encoding: 'utf8',
    });
  const bad = run('--regime', 'simclr', '--augment', 'mask');
  t.equal(bad.status, 2);
  t.match(bad.stderr, /augment: the exact engine cannot represent "mask"/);
  const ok = run('--json');
  t.equal(ok.status, 0, ok.stderr);
  t.equal(JSON.parse(ok.stdout).engine, 'exact');
});

t.test('early stopping uses the tensor engine\'s patience', async (t) => {
  const { PRETRAIN_PATIENCE } = await import('../../src/engine/exact/simclr.js');
  const tensor = await import('../../src/engine/tensor/pretrain.js');
  t.equal(PRETRAIN_PATIENCE, tensor.PRETRAIN_PATIENCE);
});
