import t from 'tap';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { nextRoundDir } from '../src/commands/merge.js';
import { arrayChunks, parseJobId, parseMaxArraySize, shardDir } from '../src/sweep/slurm.js';

// `theorem-harness slurm` without a cluster: the arrays it plans, the scripts it writes (run by bash with stand-ins
// for theorem-harness, sbatch and scancel) and its errors. test/slurm-e2e.test.ts runs the same on a real Slurm.
const CLI = resolve('bin/theorem-harness.js');
const SPEC = resolve('test/fixtures/tiny-adaptive-spec.yaml');
const tmp = mkdtempSync(join(tmpdir(), 'th-slurm-cli-'));
t.teardown(() => rmSync(tmp, { recursive: true, force: true }));

// Stand-ins that record their arguments, one line per call.
const bin = join(tmp, 'bin');
mkdirSync(bin);
const calls = join(tmp, 'calls.log');
const stub = (name: string, body: string) => writeFileSync(join(bin, name), `#!/bin/sh\necho "${name} $*" >> ${calls}\n${body}\n`, { mode: 0o755 });
stub('scancel', 'exit 0');
// sbatch: job ids 101, 102, ...; fails when FAIL_SBATCH_AT is the number of this call.
stub('sbatch', `n=$(grep -c '^sbatch ' ${calls}); [ "$n" = "\${FAIL_SBATCH_AT:-0}" ] && { echo "sbatch: error: Batch job submission failed: Invalid partition name specified" >&2; exit 1; }; echo $((100 + n))`);
// theorem-harness: fails for shard 2; "merge" leaves a next round when NEXT_ROUND is set.
stub('fake-th', `case "$*" in *"--shard 2/"*) exit 3;; merge*) [ -n "\${NEXT_ROUND:-}" ] && echo '{"round":2,"claims":["x"]}' > merged/next-round.json;; esac; exit 0`);
const env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, CI: 'true' };

function cli(args: string[], cwd: string, extra: Record<string, string> = {}) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...env, ...extra } });
}
function bash(script: string, cwd: string, extra: Record<string, string>) {
  return spawnSync('bash', [script], { cwd, encoding: 'utf8', env: { ...env, ...extra } });
}
function takeCalls(): string[] {
  if (!existsSync(calls)) return [];
  const lines = readFileSync(calls, 'utf8').trim().split('\n').filter(Boolean);
  rmSync(calls);
  return lines;
}
function sweepDir(name: string): string {
  const dir = join(tmp, name);
  mkdirSync(dir);
  return dir;
}

t.test('arrays: at most MaxArraySize - 1 tasks each; a throttle split over lanes so no more than k shards run', async (t) => {
  t.same(arrayChunks(3, 1001, null), [{ first: 1, count: 3, throttle: null, after: null }]);
  t.same(arrayChunks(2500, 1001, null).map((c) => [c.first, c.count]), [[1, 1000], [1001, 1000], [2001, 500]]);
  t.same(arrayChunks(2500, 1001, 50).map((c) => [c.throttle, c.after]), [[17, null], [17, null], [16, null]], '50 = 17 + 17 + 16, all at once');
  t.same(arrayChunks(2500, 1001, 2).map((c) => [c.throttle, c.after]), [[1, null], [1, null], [1, 0]], 'two lanes: the third array waits for the first');
  t.same(arrayChunks(1000, 1001, 4), [{ first: 1, count: 1000, throttle: 4, after: null }], '1000 tasks fit indices 1..1000');
  t.same(arrayChunks(1001, 1001, null).length, 2, 'the 1001st does not');
  for (let shards = 1; shards <= 40; shards++) {
    for (const cap of [2, 3, 7]) {
      const chunks = arrayChunks(shards, cap, 5);
      const covered = chunks.flatMap((c) => Array.from({ length: c.count }, (_, i) => c.first + i));
      if (JSON.stringify(covered) !== JSON.stringify(Array.from({ length: shards }, (_, i) => i + 1))) t.fail(`${shards} shards, cap ${cap}: ${covered}`);
      // At any time at most one array per lane runs, and the running lanes' throttles add up to at most 5.
      const lanes = new Set(chunks.filter((c) => c.after === null).map((c) => chunks.indexOf(c)));
      const sum = [...lanes].reduce((s, j) => s + chunks[j].throttle!, 0);
      if (sum > 5 || chunks.some((c) => c.count > cap - 1)) t.fail(`${shards} shards, cap ${cap}: throttles ${sum}`);
    }
  }
  t.equal(shardDir('shards', 3, 1), 'shards/3');
  t.equal(shardDir('shards', 3, 2), nextRoundDir(shardDir('shards', 3, 1), 2), "round folders are named as merge's next round names them");
  t.equal(parseJobId('4242\n'), '4242');
  t.equal(parseJobId('4242;cluster2\n'), '4242');
  t.equal(parseJobId('sbatch: error\n'), null);
  t.equal(parseMaxArraySize('MaxArraySize            = 40001\nMaxJobCount = 1\n'), 40001);
});

t.test('writes the scripts and prints the sbatch lines; forwards the check options, not the defaults', async (t) => {
  const cwd = sweepDir('print');
  const r = cli(['slurm', SPEC, '--shards', '5', '--max-array-size', '3', '--throttle', '2', '--max-seeds', '6', '--set', 'd=20', '--no-report', '--time', '1:00:00', '--sbatch', 'qos=long', '--out', 'merged'], cwd);
  t.equal(r.status, 0, r.stderr);
  t.match(r.stdout, /^tiny-adaptive \(quick\): round 1 has 21 runs \(0 cached\), about 5 per shard over 5 shards; 42 if every undecided claim goes to its cap\n/);
  t.match(r.stdout, /wrote shards\/round1\.sbatch and shards\/merge1\.sbatch; submit round 1 with:\n/);
  t.match(
    r.stdout,
    [
      '  j1=$(sbatch --parsable --array=1-2%1 shards/round1.sbatch)',
      '  j2=$(sbatch --parsable --array=1-2%1 --export=ALL,THEOREM_HARNESS_FIRST_SHARD=3 shards/round1.sbatch)',
      '  j3=$(sbatch --parsable --array=1-1%1 --export=ALL,THEOREM_HARNESS_FIRST_SHARD=5 --kill-on-invalid-dep=yes --dependency=afterok:${j1} shards/round1.sbatch)',
      '  j4=$(sbatch --parsable --dependency=afterok:${j1}:${j2}:${j3} shards/merge1.sbatch)',
    ].join('\n'),
  );
  const script = readFileSync(join(cwd, 'shards', 'round1.sbatch'), 'utf8');
  for (const line of ['#SBATCH --chdir=' + cwd, '#SBATCH --output=shards/logs/round1-%A_%a.out', '#SBATCH --time=1:00:00', '#SBATCH --qos=long', '#SBATCH --array=1-2%1']) t.ok(script.includes(`${line}\n`), line);
  t.match(script, /check \S+tiny-adaptive-spec\.yaml --set d=20 --max-seeds 6 --no-report --shard "\$shard\/5" --out shards\/"\$shard" --workers 1\n/);
  t.notMatch(script, /--profile|--seed |--format|--calibration-replicates/, 'defaults are not repeated');
  const merge = readFileSync(join(cwd, 'shards', 'merge1.sbatch'), 'utf8');
  t.match(merge, /merge shards\/1 shards\/2 shards\/3 shards\/4 shards\/5 --set d=20 --max-seeds 6 --no-report --out merged --workers 1\n/);
  t.ok(merge.includes('#SBATCH --kill-on-invalid-dep=yes\n'));
  t.ok(existsSync(join(cwd, 'shards', 'logs')), 'the log folder exists before any job (Slurm does not create it)');
  for (const f of ['round1.sbatch', 'merge1.sbatch']) t.equal(spawnSync('bash', ['-n', join(cwd, 'shards', f)]).status, 0, `${f} is valid bash`);
});

t.test('an array task runs its shard; a failing one cancels the sweep by job name, unless told not to', async (t) => {
  const cwd = sweepDir('tasks');
  const r = cli(['slurm', SPEC, '--shards', '5', '--command', 'fake-th', '--job-name', 'th-test', '--out', 'merged'], cwd);
  t.equal(r.status, 0, r.stderr);
  takeCalls();
  const ok = bash('shards/round1.sbatch', cwd, { SLURM_ARRAY_TASK_ID: '2', THEOREM_HARNESS_FIRST_SHARD: '3' });
  t.equal(ok.status, 0, ok.stderr);
  t.match(ok.stdout, /^shard 4\/5, round 1/);
  t.same(takeCalls(), [`fake-th check ${SPEC} --shard 4/5 --out shards/4 --workers 1`]);

  const failing = bash('shards/round1.sbatch', cwd, { SLURM_ARRAY_TASK_ID: '2' });
  t.equal(failing.status, 3, 'the task keeps the exit code of its shard');
  t.match(failing.stderr, /shard 2\/5 failed \(exit 3\): cancelling the other shards and the merge \(jobs named th-test\)/);
  t.same(takeCalls(), [`fake-th check ${SPEC} --shard 2/5 --out shards/2 --workers 1`, `scancel --name=th-test --user=${spawnSync('id', ['-un'], { encoding: 'utf8' }).stdout.trim()}`]);

  const unset = bash('shards/round1.sbatch', cwd, {});
  t.not(unset.status, 0, 'not an array task');
  t.match(unset.stderr, /submit this script as a job array/);
  t.same(takeCalls(), []);

  const keepGoing = cli(['slurm', SPEC, '--shards', '5', '--command', 'fake-th', '--no-cancel-on-failure', '--dir', 'kg'], cwd);
  t.equal(keepGoing.status, 0, keepGoing.stderr);
  takeCalls();
  t.equal(bash('kg/round1.sbatch', cwd, { SLURM_ARRAY_TASK_ID: '2' }).status, 3);
  t.same(takeCalls().filter((c) => c.startsWith('scancel')), [], '--no-cancel-on-failure: nothing cancelled');
});

t.test('the merge job submits the next round; `slurm --continue` writes it from next-round.json', async (t) => {
  const cwd = sweepDir('rounds');
  mkdirSync(join(cwd, 'merged'));
  t.equal(cli(['slurm', SPEC, '--shards', '2', '--command', 'fake-th', '--out', 'merged', '--max-seeds', '6'], cwd).status, 0);
  takeCalls();
  const final = bash('shards/merge1.sbatch', cwd, {});
  t.equal(final.status, 0, final.stderr);
  t.same(takeCalls(), ['fake-th merge shards/1 shards/2 --max-seeds 6 --out merged --workers 1'], 'no next round: nothing submitted');
  const more = bash('shards/merge1.sbatch', cwd, { NEXT_ROUND: '1' });
  t.equal(more.status, 0, more.stderr);
  t.same(takeCalls().slice(1), [`fake-th slurm --continue ${join(cwd, 'shards')} --submit`]);

  // What that call does (here without --submit): round 2 of the undecided claims, merged with round 1.
  const next = cli(['slurm', '--continue', join(cwd, 'shards')], tmp);
  t.equal(next.status, 0, next.stderr);
  t.match(next.stdout, `wrote rounds/shards/round2.sbatch and rounds/shards/merge2.sbatch; submit round 2 (x) from ${cwd} with:\n  j1=$(sbatch --parsable --array=1-2 shards/round2.sbatch)\n`);
  t.match(readFileSync(join(cwd, 'shards', 'round2.sbatch'), 'utf8'), /check \S+ --max-seeds 6 --only x --round 2 --shard "\$shard\/2" --out shards\/"\$shard"-round2 --workers 1\n/);
  t.match(readFileSync(join(cwd, 'shards', 'merge2.sbatch'), 'utf8'), /merge shards\/1 shards\/2 shards\/1-round2 shards\/2-round2 --max-seeds 6 --out merged/);
  t.match(readFileSync(join(cwd, 'shards', 'merge2.sbatch'), 'utf8'), /rm -f merged\/next-round\.json\n/, 'a stale next round is removed before merging');
});

t.test('--submit: each array, then the merge after all of them; a refused sbatch cancels what was submitted', async (t) => {
  const cwd = sweepDir('submit');
  takeCalls();
  const r = cli(['slurm', SPEC, '--shards', '3', '--max-array-size', '3', '--submit', '--command', 'fake-th'], cwd);
  t.equal(r.status, 0, r.stderr);
  t.same(takeCalls(), [
    'sbatch --parsable --array=1-2 shards/round1.sbatch',
    'sbatch --parsable --array=1-1 --export=ALL,THEOREM_HARNESS_FIRST_SHARD=3 shards/round1.sbatch',
    'sbatch --parsable --dependency=afterok:101:102 shards/merge1.sbatch',
  ]);
  t.match(r.stdout, /submitted round 1: shards 1-2 as job 101; shards 3-3 as job 102; the merge as job 103 once they all succeed\n/);
  t.same(JSON.parse(readFileSync(join(cwd, 'shards', 'round1-jobs.json'), 'utf8')).jobs.map((j: { id: string }) => j.id), ['101', '102', '103']);

  const refused = cli(['slurm', SPEC, '--shards', '3', '--max-array-size', '3', '--submit', '--command', 'fake-th', '--dir', 'again'], cwd, { FAIL_SBATCH_AT: '2' });
  t.equal(refused.status, 2);
  t.match(refused.stderr, /^error: sbatch --parsable --array=1-1 --export=ALL,THEOREM_HARNESS_FIRST_SHARD=3 again\/round1\.sbatch: sbatch: error: Batch job submission failed: Invalid partition name specified; cancelled jobs 101 of this round\n$/);
  t.same(takeCalls().slice(-1), ['scancel 101']);
});

t.test('bad input: exit 2 with one line naming the flag, before anything is written or queued', async (t) => {
  const cwd = sweepDir('bad');
  const cases: Array<[string[], RegExp]> = [
    [['slurm', SPEC], /^error: --shards: required/],
    [['slurm', SPEC, '--shards', '0'], /^error: --shards: expected an integer >= 1 \(got "0"\)/],
    [['slurm', SPEC, '--shards', '2', '--only', 'nope'], /^error: --only: no claim 'nope' in spec tiny-adaptive/],
    [['slurm', '--continue', join(cwd, 'none')], /^error: \S+\/none\/slurm\.json: not found \(the settings `theorem-harness slurm` writes\)/],
    [['slurm', SPEC, '--continue', cwd], /^error: --continue: takes every setting from/],
  ];
  for (const [args, message] of cases) {
    const r = cli(args, cwd);
    t.equal(r.status, 2, args.join(' '));
    t.match(r.stderr, message);
  }
  t.notOk(existsSync(join(cwd, 'shards')), 'nothing written');
  t.same(takeCalls(), [], 'nothing submitted');
});
