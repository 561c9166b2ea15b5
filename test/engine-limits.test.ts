import t from 'tap';
import { spawnSync } from 'node:child_process';
import { checkRunFits, estimateRunMemory, WASM_HEAP_BYTES } from '../src/engine/limits.js';
import { resolveParams, type SimParamsInput } from '../src/engine/params.js';
import { InputError } from '../src/util/errors.js';
import { CONTRASTIVE_BLOCK } from '../src/engine/tensor/contrastive.js';
import { CLI_ARGS } from './helpers/cli.js';

const cli = (...args: string[]) =>
  spawnSync(process.execPath, [...CLI_ARGS, 'simulate', '--quiet', ...args], { encoding: 'utf8', env: { ...process.env, THEOREM_HARNESS_TF_BACKEND: 'wasm' } });

t.test('runs the backend cannot hold stop before they start: exit 2, the sizes and the limit named', async (t) => {
  for (const [args, size, limit] of [
    [['--d', '1000000000', '--steps', '1'], /d=1000000000/, /largest typed array \(4294967295 elements\)/],
    [['--m', '1000000', '--steps', '1'], /m=1000000/, /32-bit heap allows \(3\.4 GB usable of 4 GB\)/],
    [['--regime', 'simclr', '--n-unlabeled', '100000', '--engine', 'exact', '--pretrain-steps', '1', '--finetune-steps', '0'], /nUnlabeled=100000/, /largest typed array/],
    [['--m', '1000000', '--steps', '1', '--engine', 'auto'], /engine auto: the exact engine cannot represent or hold this run, and run too large for engine tensor.*m=1000000/, /32-bit heap allows/],
  ] as const) {
    const out = cli(...args);
    t.equal(out.status, 2, `${args.join(' ')}: exit 2`);
    t.match(out.stderr, /run too large for engine/);
    t.match(out.stderr, size);
    t.match(out.stderr, limit);
    t.notMatch(out.stderr, /internal error|Aborted|RangeError|at .*\.ts:\d+/, 'no stack trace');
  }
});

const params = (over: SimParamsInput) => resolveParams(over);

t.test('the issue-15 sizes fit after tiling; the full N x N era size does not need to be refused', async (t) => {
  const big = params({ regime: 'simclr', snr: 0.02, nUnlabeled: 100000, pretrainSteps: 2, finetuneSteps: 0 });
  const est = estimateRunMemory(big);
  t.comment(`n_0 = 10^5: backend ${(est.backendBytes / 2 ** 30).toFixed(2)} GB, JS ${(est.jsBytes / 2 ** 30).toFixed(2)} GB`);
  t.ok(est.backendBytes < 0.5 * WASM_HEAP_BYTES, 'n_0 = 10^5 needs well under half the wasm heap');
  t.doesNotThrow(() => checkRunFits(big, { backend: 'wasm', machineBytes: 8 * 2 ** 30 }));
  // What grows with n_0 grows linearly (twice the step, twice the growth), apart from pass 1's
  // per-tile log-sum-exps, N^2 / block floats (78 MB at n_0 = 10^5), never like N^2.
  const total = (n0: number) => {
    const e = estimateRunMemory(params({ regime: 'simclr', nUnlabeled: n0 }));
    return e.backendBytes + e.jsBytes - 4 * 2 * n0 * Math.ceil((2 * n0) / CONTRASTIVE_BLOCK);
  };
  const ratio = (total(200000) - total(100000)) / (total(100000) - total(50000));
  t.ok(ratio > 1.7 && ratio < 2.3, `doubling the step in n_0 multiplies the growth by ${ratio.toFixed(2)}`);
  // Held views (an augmentation that is not streamed) cost n_0 x d floats each in JavaScript.
  const held = estimateRunMemory(params({ regime: 'simclr', nUnlabeled: 100000, augment: 'mask' }));
  t.ok(held.jsBytes > est.jsBytes + 3 * 4 * 100000 * 1000, 'mask views are held: the estimate counts them');
});

t.test('limits per engine and backend', async (t) => {
  const wide = params({ m: 1000000, steps: 1 });
  t.throws(() => checkRunFits(wide, { backend: 'wasm', machineBytes: 2 ** 50 }), InputError, 'the wasm heap limit applies to wasm');
  t.doesNotThrow(() => checkRunFits(wide, { backend: 'tensorflow', machineBytes: 2 ** 50 }), 'not to tfjs-node (native memory)');
  t.throws(() => checkRunFits(wide, { backend: 'tensorflow', machineBytes: 2 ** 34 }), /more than this machine's 16\.0 GB/, 'but machine memory does');
  // The exact engine's float64 arrays are quadratic in n_0: 20,000 fits a large machine, 10^5 no typed array.
  const exact = (n0: number) => params({ regime: 'simclr', engine: 'exact', nUnlabeled: n0 });
  t.doesNotThrow(() => checkRunFits(exact(2000), { machineBytes: 2 ** 34 }));
  t.throws(() => checkRunFits(exact(100000), { machineBytes: 2 ** 50 }), /largest typed array/);
  t.throws(() => checkRunFits(exact(100000), { where: "claim 'x'" }), /^claim 'x': run too large/);
  // Default runs are nowhere near any limit.
  t.doesNotThrow(() => checkRunFits(params({}), { backend: 'wasm' }));
  t.doesNotThrow(() => checkRunFits(params({ regime: 'simclr', pretrainStop: 'val-loss', finetune: 'linear-probe' }), { backend: 'wasm' }));
});
