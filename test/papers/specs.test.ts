import t from 'tap';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Results } from '../../proofs-check/results.js';
import { CLI_ARGS } from '../helpers/cli.js';

// The two paper folders end to end through the built CLI: the spec loads its plug-in (SAM optimizer,
// XOR data model), runs one negative-control claim at a fixed small design, and decides it.
// Each run is under a second at these sizes.
const tmp = mkdtempSync(join(tmpdir(), 'th-papers-'));

function check(spec: string, claim: string, extra: string[]) {
  const out = join(tmp, claim);
  const r = spawnSync(
    process.execPath,
    [...CLI_ARGS, 'check', spec, '--only', claim, '--out', out, '--cache', join(tmp, `${claim}-cache`), '--workers', '1', '--no-report', '--calibration-replicates', '0', ...extra],
    { encoding: 'utf8', env: { ...process.env, CI: 'true', XDG_CACHE_HOME: join(tmp, 'xdg') } },
  );
  const results = r.status === 0 || r.status === 1 ? Results.parse(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'))) : null;
  return { ...r, results };
}

t.test('spec/meng-2024-xor: the XOR plug-in data drives the runs; near-Bayes error with almost no signal is rejected', async (t) => {
  const r = check('spec/meng-2024-xor', 'control-near-bayes-without-signal', ['--seeds', '6', '--set', 'nTest=400']);
  t.equal(r.status, 0, r.stderr);
  const claim = r.results!.claims[0];
  t.equal(claim.verdict, 'xfail', claim.reason);
  t.ok(r.results!.spec.modules?.some((m) => m.file.endsWith('meng-2024-xor/plugin.ts')), 'the plug-in is part of the spec hash');
  t.match(JSON.stringify(r.results), /--data xor/, 'the replay command names the plug-in data model');
});

t.test('spec/chen-2023-sam: runs go through the SAM plug-in optimizer (at radius 0); near-Bayes SGD without signal is rejected', async (t) => {
  const r = check('spec/chen-2023-sam', 'control-sgd-benign-without-signal', ['--seeds', '6', '--set', 'nTest=400', '--set', 'steps=150']);
  t.equal(r.status, 0, r.stderr);
  const claim = r.results!.claims[0];
  t.equal(claim.verdict, 'xfail', claim.reason);
  t.ok(r.results!.spec.modules?.some((m) => m.file.endsWith('chen-2023-sam/plugin.ts')));
  t.match(JSON.stringify(r.results), /--optimizer sam/, 'the replay command names the plug-in optimizer');
});

t.test('the registered SAM optimizer steps exactly as samUpdate, and radius 0 is gradient descent', async (t) => {
  const { sam } = await import('../../spec/chen-2023-sam/plugin.js');
  const { float64Ops, samUpdate } = await import('../../spec/chen-2023-sam/sam.js');
  // A quadratic with an off-centre minimum: grad L(w) = A w - b.
  const grad = (w: Float64Array) => Float64Array.from([3 * w[0] - 1, 0.5 * w[1] + 2]);
  const W = Float64Array.from([0.4, -1]);
  const ops = { ...float64Ops, mul: float64Ops.add, sqrt: (a: Float64Array) => a, addScalar: (a: Float64Array) => a, zerosLike: (a: Float64Array) => new Float64Array(a.length), dot: () => 0 };
  const step = (tau: number) =>
    sam.create({ samRadius: tau }).step({ weights: W, gradient: grad(W), gradientAt: grad, lr: 0.1, step: 0, ops, state: new Map(), nSamples: null, seed: 0, phase: 'train' }) as Float64Array;
  t.same(Array.from(step(0.3)), Array.from(samUpdate(float64Ops, W, grad(W), grad, 0.1, 0.3)));
  t.same(Array.from(step(0)), Array.from(float64Ops.sub(W, float64Ops.scale(grad(W), 0.1))), 'radius 0: W - eta grad L(W)');
  t.not(Array.from(step(0.3)).join(), Array.from(step(0)).join(), 'the ascent changes the step (negative control)');
});
