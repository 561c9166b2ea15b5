import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, hostname, tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A single-node Slurm cluster of its own (munged, slurmctld, slurmd as root, on free ports, every file in one temp
 * folder), for end-to-end tests of `theorem-harness slurm`. Its clients find it through `env` (SLURM_CONF).
 */
export interface SlurmCluster {
  /** Environment for sbatch, squeue, scontrol ... and for theorem-harness commands that call them. */
  env: Record<string, string>;
  /** Job states by `scontrol show job` (kept for MinJobAge after a job ends). */
  jobs(id: string): Array<Record<string, string>>;
  /** Jobs still pending or running. */
  queued(): string[];
  /** Seconds from the first daemon's start to an idle node. */
  startSeconds: number;
  /** The daemons' logs, for a failure message. */
  logs(): string;
  /** Cancels every job, stops the daemons and removes the folder; safe to call more than once. */
  stop(): void;
}

const PARTITION = 'th';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts the cluster, or says why it could not. */
export async function startSlurm(): Promise<SlurmCluster | { error: string }> {
  if (process.getuid?.() !== 0) return { error: 'the test cluster runs its daemons as root' };
  for (const tool of ['munged', 'slurmctld', 'slurmd', 'sbatch']) {
    const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
    if (found.status !== 0) return { error: `${tool} not found` };
  }
  const dir = mkdtempSync(join(tmpdir(), 'th-slurm-'));
  chmodSync(dir, 0o755);
  for (const sub of ['munge', 'state', 'spool', 'log']) mkdirSync(join(dir, sub), { mode: 0o700 });
  const key = join(dir, 'munge', 'munge.key');
  writeFileSync(key, randomBytes(1024), { mode: 0o400 });
  const socket = join(dir, 'munge', 'munge.socket');
  const node = hostname();
  const [ctldPort, slurmdPort] = [await freePort(), await freePort()];
  const conf = join(dir, 'slurm.conf');
  writeFileSync(
    conf,
    [
      'ClusterName=theoremharness',
      `SlurmctldHost=${node}(127.0.0.1)`,
      `SlurmctldPort=${ctldPort}`,
      `SlurmdPort=${slurmdPort}`,
      'SlurmUser=root',
      'SlurmdUser=root',
      'AuthType=auth/munge',
      'CredType=cred/munge',
      `AuthInfo=socket=${socket}`,
      `StateSaveLocation=${join(dir, 'state')}`,
      `SlurmdSpoolDir=${join(dir, 'spool')}`,
      `SlurmctldPidFile=${join(dir, 'slurmctld.pid')}`,
      `SlurmdPidFile=${join(dir, 'slurmd.pid')}`,
      `SlurmctldLogFile=${join(dir, 'log', 'slurmctld.log')}`,
      `SlurmdLogFile=${join(dir, 'log', 'slurmd.log')}`,
      // No cgroups in containers: track processes by parent pid, bind no tasks.
      'ProctrackType=proctrack/linuxproc',
      'TaskPlugin=task/none',
      'SchedulerType=sched/builtin',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_CPU',
      'ReturnToService=2',
      'MpiDefault=none',
      'JobAcctGatherType=jobacct_gather/none',
      'AccountingStorageType=accounting_storage/none',
      `NodeName=${node} NodeAddr=127.0.0.1 CPUs=${cpus().length} State=UNKNOWN`,
      `PartitionName=${PARTITION} Nodes=${node} Default=YES MaxTime=INFINITE State=UP`,
      '',
    ].join('\n'),
  );
  const env = { SLURM_CONF: conf };
  const run = (command: string, args: string[]) => spawnSync(command, args, { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 30_000 });
  const logs = () =>
    ['munge/munged.log', 'log/slurmctld.log', 'log/slurmd.log']
      .map((f) => join(dir, f))
      .filter((f) => existsSync(f))
      .map((f) => `== ${f}\n${readFileSync(f, 'utf8').split('\n').slice(-30).join('\n')}`)
      .join('\n');
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    if (existsSync(join(dir, 'slurmctld.pid'))) run('scancel', ['--partition', PARTITION]);
    for (let i = 0; i < 50 && run('squeue', ['-h', '-o', '%i']).stdout?.trim(); i++) spawnSync('sleep', ['0.2']);
    for (const pidFile of ['slurmd.pid', 'slurmctld.pid', 'munge/munged.pid']) {
      const file = join(dir, pidFile);
      if (!existsSync(file)) continue;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (!Number.isInteger(pid) || pid <= 1 || !alive(pid)) continue;
      process.kill(pid, 'SIGTERM');
      for (let i = 0; i < 50 && alive(pid); i++) spawnSync('sleep', ['0.1']);
      if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const fail = (why: string) => {
    const error = `${why}\n${logs()}`;
    stop();
    return { error };
  };
  const t0 = performance.now();
  const munged = run('munged', ['--force', `--key-file=${key}`, `--socket=${socket}`, `--pid-file=${join(dir, 'munge', 'munged.pid')}`, `--log-file=${join(dir, 'munge', 'munged.log')}`, `--seed-file=${join(dir, 'munge', 'seed')}`]);
  if (munged.status !== 0) return fail(`munged exited ${munged.status}: ${munged.stderr}`);
  const ctld = run('slurmctld', ['-f', conf, '-i']);
  if (ctld.status !== 0) return fail(`slurmctld exited ${ctld.status}: ${ctld.stderr}`);
  const slurmd = run('slurmd', ['-f', conf, '-N', node]);
  if (slurmd.status !== 0) return fail(`slurmd exited ${slurmd.status}: ${slurmd.stderr}`);
  let state = '';
  for (let i = 0; i < 150 && state !== 'idle'; i++) {
    state = run('sinfo', ['-h', '-N', '-o', '%t']).stdout?.trim() ?? '';
    if (state !== 'idle') await sleep(200);
  }
  if (state !== 'idle') return fail(`the node is '${state}', not idle, 30 s after start`);
  const startSeconds = (performance.now() - t0) / 1000;

  const jobs = (id: string) => {
    const out = run('scontrol', ['show', 'job', '--oneliner', id]).stdout ?? '';
    return out
      .split('\n')
      .filter((l) => l.trim())
      .map((line) => Object.fromEntries(line.trim().split(/\s+/).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)])));
  };
  const queued = () => (run('squeue', ['-h', '-o', '%i %T']).stdout ?? '').split('\n').filter(Boolean);
  process.once('exit', stop);
  return { env, jobs, queued, startSeconds, logs, stop };
}
