import t from 'tap';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Results } from '../proofs-check/results.js';
import { requires, slurm as slurmPackages, type Requirement } from './helpers/requires.js';
import { startSlurm, type SlurmCluster } from './helpers/slurm-cluster.js';

// `theorem-harness slurm --submit` on a real single-node Slurm started here from Debian's packages: a three-shard
// adaptive check of a tiny spec whose monotone claim needs a second round (test/adaptive-cli.test.ts), so the
// merge job submits round 2 itself; the last merge must equal an unsharded check. Then a shard that fails must
// cancel its siblings and the merge.
const CLI = resolve('bin/theorem-harness.js');
const SPEC = resolve('test/fixtures/tiny-adaptive-spec.yaml');
const CHECK = ['--max-seeds', '6', '--engine', 'exact', '--calibration-replicates', '0', '--no-report'];

const tmp = mkdtempSync(join(tmpdir(), 'th-slurm-e2e-'));
t.teardown(() => rmSync(tmp, { recursive: true, force: true }));

const started = await startSlurm();
const cluster = 'error' in started ? null : started;
if (cluster) t.teardown(() => cluster.stop());
// Installed is not enough: the daemons must start here (as root), or the test skips naming the packages.
const slurm: Requirement = { what: 'a single-node Slurm started as root (munged, slurmctld, slurmd)', packages: slurmPackages.packages, present: () => cluster !== null };

const read = (dir: string) => Results.parse(JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')));
/** Verdicts, numbers and seeds: what must not depend on sharding. */
const essence = (r: Results) => r.claims.map((c) => ({ id: c.id, verdict: c.verdict, statistic: c.statistic, measurements: c.measurements, seeds: c.seeds, adaptive: c.adaptive ?? null }));

function cli(args: string[], cwd: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true', ...env } });
}

/** The same check in the background, without Slurm: the reference (it runs while the cluster works). */
function unshardedCheck(out: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [CLI, 'check', SPEC, ...CHECK, '--out', out, '--cache', join(tmp, 'unsharded-cache'), '--workers', '1', '--quiet'], { env: { ...process.env, CI: 'true' } });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.resume();
  return new Promise((done) => child.on('close', (code) => done({ code, stderr })));
}

async function untilQueueEmpty(c: SlurmCluster, timeoutSeconds: number): Promise<boolean> {
  for (const end = Date.now() + timeoutSeconds * 1000; Date.now() < end; ) {
    if (c.queued().length === 0) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

const logsOf = (dir: string) => {
  const r = spawnSync('sh', ['-c', `tail -n 20 ${dir}/logs/* 2>/dev/null`], { encoding: 'utf8' });
  return r.stdout;
};

t.test('three shards and the merge on Slurm, the merge submitting round 2: the same results as an unsharded check', async (t) => {
  if (!requires(t, slurm)) {
    if ('error' in started) t.comment(started.error);
    return;
  }
  const c = cluster!;
  t.comment(`slurm cluster up in ${c.startSeconds.toFixed(1)} s`);
  const work = join(tmp, 'sweep');
  const unsharded = unshardedCheck(join(tmp, 'unsharded'));
  const t0 = performance.now();
  mkdirSync(work);
  const submit = cli(['slurm', SPEC, ...CHECK, '--cache', join(tmp, 'cluster-cache'), '--shards', '3', '--throttle', '2', '--dir', 'shards', '--out', 'merged', '--submit'], work, c.env);
  t.equal(submit.status, 0, submit.stderr);
  t.match(submit.stdout, /submitted round 1: shards 1-3 \(at most 2 at once\) as job \d+; the merge as job \d+ once they all succeed/);
  const done = await untilQueueEmpty(c, 420); // generous: a shared, loaded machine takes minutes
  t.ok(done, 'the jobs finished', { queued: c.queued() });
  const sweepSeconds = (performance.now() - t0) / 1000;
  t.comment(`submission to the last merge's end: ${sweepSeconds.toFixed(1)} s`);
  const reference = await unsharded;
  t.equal(reference.code, 0, reference.stderr);

  const shards = join(work, 'shards');
  if (!t.ok(existsSync(join(shards, 'round2-jobs.json')), "round 1's merge submitted round 2")) {
    t.comment(logsOf(shards));
    return;
  }
  const round2 = JSON.parse(readFileSync(join(shards, 'round2-jobs.json'), 'utf8'));
  t.same(round2.claims, ['error-falls-with-labels'], 'round 2 runs only the claim round 1 left undecided');
  t.notOk(existsSync(join(shards, 'round3-jobs.json')), 'no third round: the cap is 6 seeds');
  t.notOk(existsSync(join(work, 'merged', 'next-round.json')), 'the last merge left no round to run');
  for (const job of [...JSON.parse(readFileSync(join(shards, 'round1-jobs.json'), 'utf8')).jobs, ...round2.jobs]) {
    for (const task of c.jobs(job.id)) t.comment(`${job.what} ${task.JobId}: submitted ${task.SubmitTime}, ran ${task.StartTime} - ${task.EndTime}`);
    for (const task of c.jobs(job.id)) t.equal(`${task.JobState} ${task.ExitCode}`, 'COMPLETED 0:0', `${job.what}, job ${task.JobId}`);
  }
  if (!existsSync(join(work, 'merged', 'results.json'))) {
    t.fail(`no merged results:\n${logsOf(shards)}`);
    return;
  }
  const merged = read(join(work, 'merged'));
  t.equal(merged.claims.length, 2);
  t.same(essence(merged), essence(read(join(tmp, 'unsharded'))), 'verdicts, statistics, measurements and seeds equal the unsharded check');
  t.same(merged.claims.map((cl) => cl.verdict), ['pass', 'inconclusive']);
});

t.test('a failing shard cancels the other shards and the merge', async (t) => {
  if (!requires(t, slurm)) return;
  const c = cluster!;
  const work = join(tmp, 'failing');
  mkdirSync(work);
  // Shard 2 fails at once; the others would run for minutes.
  const fake = join(work, 'fake-theorem-harness.sh');
  writeFileSync(fake, '#!/bin/sh\ncase "$*" in *"--shard 2/3"*) echo "shard 2 breaks" >&2; exit 3;; esac\nsleep 300\n', { mode: 0o755 });
  const submit = cli(['slurm', SPEC, ...CHECK, '--cache', join(tmp, 'failing-cache'), '--shards', '3', '--dir', 'shards', '--out', 'merged', '--command', fake, '--submit'], work, c.env);
  t.equal(submit.status, 0, submit.stderr);
  t.ok(await untilQueueEmpty(c, 60), 'the failure ended every job', { queued: c.queued() });
  const { jobs } = JSON.parse(readFileSync(join(work, 'shards', 'round1-jobs.json'), 'utf8')) as { jobs: { what: string; id: string }[] };
  const tasks = c.jobs(jobs[0].id);
  const byShard = new Map(tasks.map((task) => [task.ArrayTaskId, task]));
  t.equal(byShard.get('2')?.ExitCode, '3:0', 'the failing shard keeps its exit code');
  for (const shard of ['1', '3']) t.equal(byShard.get(shard)?.JobState, 'CANCELLED', `shard ${shard} cancelled`);
  t.equal(c.jobs(jobs[1].id)[0]?.JobState, 'CANCELLED', 'the merge is cancelled');
  t.notOk(existsSync(join(work, 'merged', 'results.json')));
  t.match(readFileSync(join(work, 'shards', 'logs', `round1-${jobs[0].id}_2.out`), 'utf8'), /shard 2\/3 failed \(exit 3\): cancelling the other shards and the merge/);
});
