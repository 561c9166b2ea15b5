import t from 'tap';
import { spawnSync } from 'node:child_process';
import { metricOf } from '../proofs-check/context.js';
import { divergenceOf, nonFiniteMetric } from '../src/engine/finite.js';
import type { RunMetrics, RunResult } from '../src/engine/result.js';
import { CLI_ARGS } from './helpers/cli.js';

// Through the built CLI (npm test builds dist/ first), so the real engines and backends run.
function simulate(args: string[]): RunResult {
  const r = spawnSync(process.execPath, [...CLI_ARGS, 'simulate', '--json', '--quiet', '--steps', '20', '--n-test', '100', ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as RunResult;
}

t.test('float32 overflow of the initial weights marks the tensor run diverged (where and when)', async (t) => {
  const r = simulate(['--sigma0', '1e300']);
  t.same(r.diverged, { phase: 'train', step: 0, quantity: 'weights' });
  t.equal(metricOf(r, 'testError'), null, 'its test error (1, from NaN weights) never reaches a statistic');
  t.equal(metricOf(r, 'trainLoss'), null, 'nor its train loss (exactly ln 2)');
});

t.test('the exact engine marks the same configuration diverged at step 0', async (t) => {
  const r = simulate(['--sigma0', '1e300', '--engine', 'exact']);
  t.equal(r.diverged?.phase, 'train');
  t.equal(r.diverged?.step, 0);
  t.equal(metricOf(r, 'testError'), null);
});

t.test('SimCLR with a huge SNR diverges in pre-training, and no metric of it is used', async (t) => {
  const r = simulate(['--regime', 'simclr', '--snr', '1e6', '--pretrain-steps', '20', '--finetune-steps', '20', '--n-unlabeled', '100']);
  t.equal(r.diverged?.phase, 'pretrain');
  t.ok(Number.isInteger(r.diverged?.step));
  t.equal(metricOf(r, 'alignmentPretrain'), null, 'even its finite-looking alignment');
});

t.test('supervised: a step size that overflows the loss diverges at step 1 (float32 at 1e20, float64 at 1e150); 1e6 stays finite in both engines', async (t) => {
  for (const [engine, eta] of [['tensor', '1e20'], ['exact', '1e150']]) {
    const r = simulate(['--eta', eta, '--engine', engine]);
    t.same(r.diverged, { phase: 'train', step: 1, quantity: 'trainLoss' }, `${engine} at eta ${eta}`);
    t.equal(metricOf(r, 'testError'), null, `${engine}: its test error (0 from overflowed margins) never reaches a statistic`);
  }
  // Finite though absurd: margins so large the train loss is 0 and the test loss about 1.2e16. Not a
  // divergence, and the engines agree on it.
  const [tensor, exact] = ['tensor', 'exact'].map((engine) => simulate(['--eta', '1e6', '--engine', engine]));
  for (const r of [tensor, exact]) t.equal(r.diverged, null);
  t.ok(Math.abs(tensor.metrics.testError! - exact.metrics.testError!) < 1e-6, 'the same test error (float32 against float64)');
  t.ok(Math.abs(tensor.metrics.testLoss! / exact.metrics.testLoss! - 1) < 1e-3, 'test losses agree to float32 precision');
});

t.test('a sound run is not marked, and its metrics are read', async (t) => {
  const r = simulate([]);
  t.equal(r.diverged, null);
  t.type(metricOf(r, 'testError'), 'number');
});

t.test('divergenceOf: a non-finite final metric marks a run the training loop let through', async (t) => {
  const ok: RunMetrics = { trainLoss: 0.1, trainError: 0, testLoss: 0.2, testError: 0.1, alignment: 0.5 };
  t.equal(nonFiniteMetric(ok), null);
  t.equal(divergenceOf(null, ok, 'train', 10), null);
  t.same(divergenceOf(null, { ...ok, alignment: null }, 'train', 10), { phase: 'train', step: 10, quantity: 'alignment' });
  t.same(divergenceOf(null, { ...ok, alignmentPretrain: null }, 'finetune', 5), { phase: 'finetune', step: 5, quantity: 'alignmentPretrain' });
  const earlier = { phase: 'pretrain' as const, step: 3, quantity: 'contrastiveLoss' };
  t.same(divergenceOf(earlier, { ...ok, testError: null }, 'finetune', 5), earlier, 'the first divergence is the one reported');
});
