import t from 'tap';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Results } from '../proofs-check/results.js';
import { CLI_ARGS } from './helpers/cli.js';

// Adaptive seeds end to end through the built CLI on a tiny spec, with a cap of 6 seeds
// (rounds of 3 and 6). Its bound claim is on testLoss (skew-robust t: decided by 3 seeds, and not
// anytime-valid, so each look spends the level); its monotone claim is on testError (betting
// rule, which 3 seeds never decide), so it is undecided after round 1 and goes to round 2.
const SPEC = 'test/fixtures/tiny-adaptive-spec.yaml';
const CAP = ['--max-seeds', '6'];
const tmp = mkdtempSync(join(tmpdir(), 'th-adaptive-'));

function cli(args: string[]) {
  return spawnSync(process.execPath, [...CLI_ARGS, ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
}
const read = (dir: string) => Results.parse(JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')));
/** Verdicts, numbers and seeds: what must not depend on sharding. */
const essence = (r: Results) => r.claims.map((c) => ({ id: c.id, verdict: c.verdict, statistic: c.statistic, measurements: c.measurements, seeds: c.seeds, adaptive: c.adaptive ?? null }));

const unsharded = join(tmp, 'unsharded');
// Calibration is calibrate-cli.test.ts's subject; here it would only cost a few seconds per check.
const plain = cli(['check', SPEC, ...CAP, '--out', unsharded, '--cache', join(tmp, 'unsharded-cache'), '--workers', '1', '--no-report', '--calibration-replicates', '0']);

t.test('an unsharded adaptive check adds seeds to the undecided claim only, at the per-look level', async (t) => {
  t.equal(plain.status, 0, plain.stderr);
  const r = read(unsharded);
  const [bound, monotone] = r.claims;
  t.same(bound.adaptive, { rounds: 1, seedsUsed: 3, cap: 6, seedsToDecide: null });
  t.same(bound.seeds, [0, 1, 2]);
  t.equal(monotone.adaptive!.rounds, 2);
  t.same(monotone.seeds, [0, 1, 2, 3, 4, 5], 'seeds stay consecutive from the base seed');
  t.equal(bound.verdict, 'pass', bound.reason);
  // alpha 0.05 spent evenly over 2 looks: each one-sided bound at 97.5%, the interval covering at 2 * 0.975 - 1
  // (a fixed design's would be 95% one-sided, a 90% interval).
  t.match(bound.statistic!.method, /^skew-robust t over 3 seeds \(one-sided 97\.5% bounds;/, 'alpha 0.05 spent evenly over 2 looks');
  t.equal(bound.statistic!.level, 0.95);
  t.match(plain.stdout, /adaptive seeds: 30 planned runs used; a fixed design at every claim's cap would need 42/);
});

t.test('check --plan shows the runs of the first round and at the cap', async (t) => {
  const r = cli(['check', SPEC, ...CAP, '--plan', '--json', '--cache', join(tmp, 'plan-cache')]);
  t.equal(r.status, 0, r.stderr);
  const plan = JSON.parse(r.stdout);
  t.same(plan.claims.map((c: { id: string; runs: number; runsAtCap: number; seeds: number[] }) => [c.id, c.runs, c.runsAtCap, c.seeds]), [
    ['error-bounded', 12, 24, [3, 6]],
    ['error-falls-with-labels', 9, 18, [3, 6]],
  ]);
  t.equal(plan.runsAtCap, 42);
  const text = cli(['check', SPEC, ...CAP, '--plan', '--cache', join(tmp, 'plan-cache')]);
  t.match(text.stdout, /error-falls-with-labels\s+monotone\s+9 runs, 0 cached; cap 6 seeds: 18 runs/);
});

t.test('sharded rounds: merge decides what it can, prints the next round per shard, and the final merge equals the unsharded check', async (t) => {
  const dirs = [join(tmp, 's1'), join(tmp, 's2')];
  for (const [i, dir] of dirs.entries()) {
    const r = cli(['check', SPEC, ...CAP, '--shard', `${i + 1}/2`, '--out', dir, '--cache', join(tmp, `s${i + 1}-cache`), '--workers', '1', '--no-report', '--quiet']);
    t.equal(r.status, 0, r.stderr);
  }
  const merged1 = join(tmp, 'merged1');
  const m1 = cli(['merge', ...dirs, '--out', merged1, '--cache', join(tmp, 'merge-cache'), '--no-report']);
  t.equal(m1.status, 0, m1.stderr);
  t.match(m1.stdout, /1 claim\(s\) undecided after round 1 \(error-falls-with-labels\); run round 2:/);
  const first = read(merged1);
  t.equal(first.claims[0].verdict, read(unsharded).claims[0].verdict, 'the claim decided in round 1 is decided at the first merge');
  t.equal(first.claims[1].verdict, 'inconclusive');
  t.match(first.claims[1].reason, /^Undecided after round 1 of 2 \(3 seeds\); round 2 \(6 seeds\) has not been run yet\./);

  const next = JSON.parse(readFileSync(join(merged1, 'next-round.json'), 'utf8')) as { round: number; claims: string[]; shards: string[]; merge: string };
  t.equal(next.round, 2);
  t.same(next.claims, ['error-falls-with-labels']);
  t.equal(next.shards.length, 2);
  t.match(next.shards[0], /^theorem-harness check test\/fixtures\/tiny-adaptive-spec\.yaml --profile quick --seed 0 --max-seeds 6 --only error-falls-with-labels --round 2 --shard 1\/2 --out .*s1-round2$/);
  for (const [i, command] of next.shards.entries()) {
    // Each shard of round 2 runs on its own (empty) cache: its slice holds only the runs round 2 adds.
    const r = cli([...command.replace(/^theorem-harness /, '').split(' '), '--cache', join(tmp, `r2-${i}-cache`), '--workers', '1', '--quiet']);
    t.equal(r.status, 0, r.stderr);
  }
  const merged2 = join(tmp, 'merged2');
  const m2 = cli([...next.merge.replace(/^theorem-harness /, '').split(' '), '--out', merged2, '--cache', join(tmp, 'merge-cache'), '--no-report']);
  t.equal(m2.status, 0, m2.stderr);
  t.notMatch(m2.stdout, /undecided after round/);
  t.notOk(existsSync(join(merged2, 'next-round.json')));
  t.same(essence(read(merged2)), essence(read(unsharded)));
  t.equal(read(merged2).claims.reduce((s, c) => s + c.runs - c.cacheHits, 0), 0, 'every run came from the shards');
});

t.test('--round needs --shard and a round the budget has', async (t) => {
  const a = cli(['check', SPEC, '--round', '2']);
  t.equal(a.status, 2);
  t.match(a.stderr, /--round: only with --shard/);
  const b = cli(['check', SPEC, ...CAP, '--round', '3', '--shard', '1/2', '--out', join(tmp, 'bad'), '--cache', join(tmp, 'bad-cache')]);
  t.equal(b.status, 2);
  t.match(b.stderr, /--round 3: claim 'error-bounded' has 2 rounds/);
});
