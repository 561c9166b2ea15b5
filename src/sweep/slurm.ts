import { join } from 'node:path';
import { shellLine, shellQuote } from '../util/shell-quote.js';

/**
 * A sharded check on Slurm, as `theorem-harness slurm` wrote it (saved as `<dir>/slurm.json`): enough to write the
 * job scripts of any adaptive round without the original command line. Paths are as given, relative to `cwd`
 * (every job starts there).
 */
export interface SlurmSweep {
  kind: 'theorem-harness-slurm';
  /** Working directory of every job (absolute). */
  cwd: string;
  /** Shell words that run theorem-harness on the compute nodes. */
  command: string;
  /** The spec, as given (null: the default spec). */
  spec: string | null;
  /** Options passed to every shard's `check` and to every `merge` (profile, seeds, cache, report formats, ...). */
  forward: string[];
  /** Claims of round 1 (empty: all); later rounds run the claims the previous merge left undecided. */
  only: string[];
  shards: number;
  /** Parent folder of the shard folders, scripts and logs. */
  dir: string;
  /** Where the merge writes results.json and the reports. */
  out: string;
  cpusPerTask: number;
  /** Further `#SBATCH` options for every job, e.g. `--time=4:00:00`. */
  sbatch: string[];
  /** At most this many shards run at once (null: no limit). */
  throttle: number | null;
  /** The cluster's MaxArraySize: array task indices go up to one less. */
  maxArraySize: number;
  /** Every job of the sweep carries this name, so a failing shard can cancel the others and the merge by name. */
  jobName: string;
  cancelOnFailure: boolean;
  /** The merge submits the next adaptive round itself when claims are still undecided. */
  nextRounds: boolean;
}

/** Slurm's default MaxArraySize (slurm.conf). */
export const DEFAULT_MAX_ARRAY_SIZE = 1001;

/** The environment variable that tells an array task which shard its index 1 is. */
export const FIRST_SHARD_ENV = 'THEOREM_HARNESS_FIRST_SHARD';

/** One job array: shards first..first+count-1 as array indices 1..count. */
export interface ArrayChunk {
  first: number;
  count: number;
  /** `%k` of the array (null: none). */
  throttle: number | null;
  /** Index of the chunk this one waits for (null: starts at once). */
  after: number | null;
}

/**
 * The job arrays of N shards on a cluster whose arrays hold at most maxArraySize - 1 tasks (indices 1..). With a
 * throttle k the arrays run in min(k, arrays) lanes: the first array of each lane starts at once, the others of
 * its lane wait for the previous one, and the lanes' throttles add up to k, so no more than k shards ever run.
 */
export function arrayChunks(shards: number, maxArraySize: number, throttle: number | null): ArrayChunk[] {
  const size = maxArraySize - 1;
  const chunks: ArrayChunk[] = [];
  for (let first = 1; first <= shards; first += size) chunks.push({ first, count: Math.min(size, shards - first + 1), throttle: null, after: null });
  if (throttle === null) return chunks;
  const lanes = Math.min(throttle, chunks.length);
  return chunks.map((c, j) => {
    const lane = j % lanes;
    return { ...c, throttle: Math.floor(throttle / lanes) + (lane < throttle % lanes ? 1 : 0), after: j >= lanes ? j - lanes : null };
  });
}

/** The out folder of shard i in round r (the same names `merge` gives the next round: `<dir>/<i>-round<r>`). */
export function shardDir(dir: string, shard: number | string, round: number): string {
  return join(dir, `${shard}${round > 1 ? `-round${round}` : ''}`);
}

export const scriptFile = (sweep: Pick<SlurmSweep, 'dir'>, what: 'round' | 'merge', round: number) => join(sweep.dir, `${what}${round}.sbatch`);
export const logDir = (sweep: Pick<SlurmSweep, 'dir'>) => join(sweep.dir, 'logs');
export const sweepFile = (dir: string) => join(dir, 'slurm.json');

function directives(sweep: SlurmSweep, output: string, extra: string[]): string[] {
  const options = [`--job-name=${sweep.jobName}`, `--chdir=${sweep.cwd}`, `--output=${output}`, `--cpus-per-task=${sweep.cpusPerTask}`, ...extra, ...sweep.sbatch];
  return options.map((o) => `#SBATCH ${o}`);
}

/** The array job script of one round: array task a runs shard FIRST_SHARD + a - 1 of N. */
export function shardScript(sweep: SlurmSweep, round: number, claims: readonly string[]): string {
  const [first] = arrayChunks(sweep.shards, sweep.maxArraySize, sweep.throttle);
  const only = claims.length ? ['--only', claims.join(',')] : [];
  const check = [
    sweep.command,
    shellLine(['check', ...(sweep.spec ? [sweep.spec] : []), ...sweep.forward, ...only, ...(round > 1 ? ['--round', String(round)] : [])]),
    `--shard "$shard/${sweep.shards}"`,
    `--out ${shellQuote(sweep.dir)}/"$shard"${round > 1 ? `-round${round}` : ''}`,
    `--workers ${sweep.cpusPerTask}`,
  ].join(' ');
  const lines = [
    '#!/bin/bash',
    `# Round ${round} of a sharded theorem-harness check, one shard per array task (written by \`theorem-harness slurm\`).`,
    `# The array (${first.first === 1 && first.count === sweep.shards ? 'below' : 'of each part'}) is given again at submission: a sweep larger than the cluster's MaxArraySize`,
    `# goes in several arrays, each told its first shard by ${FIRST_SHARD_ENV}.`,
    ...directives(sweep, join(logDir(sweep), `round${round}-%A_%a.out`), [`--array=1-${first.count}${first.throttle ? `%${first.throttle}` : ''}`]),
    `: "\${SLURM_ARRAY_TASK_ID:?submit this script as a job array (sbatch --array=1-${first.count} ...)}"`,
    `shard=$(( \${${FIRST_SHARD_ENV}:-1} + SLURM_ARRAY_TASK_ID - 1 ))`,
    `echo "shard $shard/${sweep.shards}, round ${round}, job \${SLURM_JOB_ID:-?} on $(hostname)"`,
    check,
    'code=$?',
  ];
  if (sweep.cancelOnFailure) {
    lines.push(
      'if [ "$code" -ne 0 ]; then',
      `  echo "shard $shard/${sweep.shards} failed (exit $code): cancelling the other shards and the merge (jobs named ${sweep.jobName})" >&2`,
      "  trap '' TERM # this task ends with its own exit code, not as cancelled",
      `  scancel --name=${shellQuote(sweep.jobName)} --user="$(id -un)"`,
      'fi',
    );
  }
  lines.push('exit "$code"', '');
  return lines.join('\n');
}

/** The out folders of every shard of rounds 1..round, in the order merge lists them. */
export function roundDirs(sweep: Pick<SlurmSweep, 'dir' | 'shards'>, round: number): string[] {
  const dirs: string[] = [];
  for (let r = 1; r <= round; r++) for (let i = 1; i <= sweep.shards; i++) dirs.push(shardDir(sweep.dir, i, r));
  return dirs;
}

/** The merge job of one round: it runs once every shard of the round succeeded, and submits the next round when one is due. */
export function mergeScript(sweep: SlurmSweep, round: number): string {
  const next = join(sweep.out, 'next-round.json');
  const continueCommand = `${sweep.command} ${shellLine(['slurm', '--continue', join(sweep.cwd, sweep.dir), '--submit'])}`;
  const lines = [
    '#!/bin/bash',
    `# Merge of round ${round} of a sharded theorem-harness check (written by \`theorem-harness slurm\`): submitted with`,
    `# --dependency=afterok on the round's arrays; if a shard fails, Slurm drops this job (--kill-on-invalid-dep).`,
    ...directives(sweep, join(logDir(sweep), `merge${round}-%j.out`), ['--kill-on-invalid-dep=yes']),
    // A next-round.json left by an earlier round's merge must not start a round twice.
    `rm -f ${shellQuote(next)}`,
    `${sweep.command} ${shellLine(['merge', ...roundDirs(sweep, round), ...sweep.forward, '--out', sweep.out])} --workers ${sweep.cpusPerTask}`,
    'code=$?',
    `if [ -f ${shellQuote(next)} ]; then`,
    sweep.nextRounds
      ? `  ${continueCommand} || code=$?`
      : `  echo "claims are undecided; submit the next round with: ${continueCommand.replace(/(["$`\\])/g, '\\$1')}"`,
    'fi',
    'exit "$code"',
    '',
  ];
  return lines.join('\n');
}

/** One sbatch call of a round: `after` are indices of earlier submissions it waits for (afterok). */
export interface Submission {
  script: string;
  options: string[];
  after: number[];
  what: string;
}

/** The sbatch calls of a round, in order: its arrays (see arrayChunks), then its merge after all of them. */
export function submissions(sweep: SlurmSweep, round: number): Submission[] {
  const chunks = arrayChunks(sweep.shards, sweep.maxArraySize, sweep.throttle);
  const arrays: Submission[] = chunks.map((c) => ({
    script: scriptFile(sweep, 'round', round),
    options: [`--array=1-${c.count}${c.throttle ? `%${c.throttle}` : ''}`, ...(c.first > 1 ? [`--export=ALL,${FIRST_SHARD_ENV}=${c.first}`] : []), ...(c.after !== null ? ['--kill-on-invalid-dep=yes'] : [])],
    after: c.after !== null ? [c.after] : [],
    what: `shards ${c.first}-${c.first + c.count - 1}${c.throttle ? ` (at most ${c.throttle} at once)` : ''}`,
  }));
  return [...arrays, { script: scriptFile(sweep, 'merge', round), options: [], after: arrays.map((_, j) => j), what: 'merge' }];
}

/** The sbatch arguments of a submission, given the job ids of the earlier ones. */
export function sbatchArgs(s: Submission, jobIds: readonly string[]): string[] {
  const dependency = s.after.length ? [`--dependency=afterok:${s.after.map((j) => jobIds[j]).join(':')}`] : [];
  return ['--parsable', ...s.options, ...dependency, s.script];
}

/** The same submissions as shell lines a user can paste (job ids in variables j1, j2, ...). */
export function submissionLines(subs: readonly Submission[]): string[] {
  const vars = subs.map((_, j) => `\${j${j + 1}}`);
  return subs.map((s, j) => `j${j + 1}=$(sbatch ${sbatchArgs(s, vars).map((a) => (a.startsWith('--dependency=') ? a : shellQuote(a))).join(' ')})`);
}

/** The job id in `sbatch --parsable` output (`<id>` or `<id>;<cluster>`). */
export function parseJobId(stdout: string): string | null {
  const m = /^\s*(\d+)(?:;\S+)?\s*$/.exec(stdout);
  return m ? m[1] : null;
}

/** MaxArraySize in `scontrol show config` output, or null. */
export function parseMaxArraySize(config: string): number | null {
  const m = /^\s*MaxArraySize\s*=\s*(\d+)\s*$/m.exec(config);
  return m ? Number(m[1]) : null;
}
