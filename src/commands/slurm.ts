import type { Command, Option } from 'commander';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import {
  DEFAULT_MAX_ARRAY_SIZE,
  logDir,
  mergeScript,
  parseJobId,
  parseMaxArraySize,
  sbatchArgs,
  scriptFile,
  shardScript,
  submissionLines,
  submissions,
  sweepFile,
  type SlurmSweep,
} from '../sweep/slurm.js';
import { displayPath } from '../util/display-path.js';
import { EXIT, InputError } from '../util/errors.js';
import { shellLine } from '../util/shell-quote.js';
import { addCheckOptions, checkOptions, type CheckFlags } from './check.js';

interface SlurmFlags extends CheckFlags {
  shards?: string;
  dir: string;
  throttle?: string;
  maxArraySize?: string;
  cpusPerTask: string;
  time?: string;
  mem?: string;
  partition?: string;
  account?: string;
  sbatch: string[];
  jobName?: string;
  command?: string;
  cancelOnFailure: boolean;
  nextRounds: boolean;
  submit?: boolean;
  continue?: string;
}

/** Options of `check` that every shard and merge get as they were given; the shard's out, workers and claims are set per job. */
const PER_JOB = new Set(['--out', '--workers', '--only']);

function positiveInt(name: string, value: string | undefined, min = 1): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new InputError(`${name}: expected an integer >= ${min} (got ${JSON.stringify(value)})`, { field: name, value });
  return n;
}

/** The given check options as command-line words again (defaults left out), in the order `check --help` lists them. */
function forwardedWords(options: readonly Option[], flags: Record<string, unknown>): string[] {
  const words: string[] = [];
  for (const o of options) {
    const value = flags[o.attributeName()];
    if (o.negate) {
      if (value === false) words.push(o.long!);
    } else if (Array.isArray(value)) {
      for (const v of value) words.push(o.long!, String(v));
    } else if (value === true) {
      words.push(o.long!);
    } else if (typeof value === 'string' && value !== o.defaultValue) {
      words.push(o.long!, value);
    }
  }
  return words;
}

/** How the jobs run this tool: the same node (and loader flags) and script as this process. */
function thisCommand(): string {
  return shellLine([process.execPath, ...process.execArgv, resolve(process.argv[1])]);
}

function sbatchOption(text: string): string {
  return text.startsWith('-') ? text : `--${text}`;
}

function clusterMaxArraySize(): number | null {
  const r = spawnSync('scontrol', ['show', 'config'], { encoding: 'utf8', timeout: 30_000 });
  return r.status === 0 ? parseMaxArraySize(r.stdout) : null;
}

function readJson<T>(file: string, what: string, check: (v: T) => boolean): T {
  if (!existsSync(file)) throw new InputError(`${file}: not found (${what})`, { file });
  let value: T;
  try {
    value = JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    throw new InputError(`${file}: not JSON (${what})`, { file });
  }
  if (!check(value)) throw new InputError(`${file}: not ${what}`, { file });
  return value;
}

/** Writes the round's scripts, then submits them (or prints the sbatch lines). */
function writeRound(sweep: SlurmSweep, round: number, claims: readonly string[], submit: boolean): void {
  const at = (p: string) => (isAbsolute(p) ? p : join(sweep.cwd, p));
  mkdirSync(at(logDir(sweep)), { recursive: true }); // Slurm does not create the folder of --output
  writeFileSync(at(scriptFile(sweep, 'round', round)), shardScript(sweep, round, claims), { mode: 0o755 });
  writeFileSync(at(scriptFile(sweep, 'merge', round)), mergeScript(sweep, round), { mode: 0o755 });
  const subs = submissions(sweep, round);
  const what = `round ${round}${claims.length ? ` (${claims.join(', ')})` : ''}`;
  if (!submit) {
    const where = resolve(sweep.cwd) === process.cwd() ? '' : ` from ${sweep.cwd}`;
    process.stdout.write(`wrote ${displayPath(at(scriptFile(sweep, 'round', round)))} and ${displayPath(at(scriptFile(sweep, 'merge', round)))}; submit ${what}${where} with:\n`);
    for (const line of submissionLines(subs)) process.stdout.write(`  ${line}\n`);
    return;
  }
  const ids: string[] = [];
  for (const s of subs) {
    const args = sbatchArgs(s, ids);
    const r = spawnSync('sbatch', args, { encoding: 'utf8', cwd: sweep.cwd, timeout: 120_000 });
    const id = r.status === 0 ? parseJobId(r.stdout) : null;
    if (id === null) {
      // Leave nothing of a half-submitted round behind: the merge would wait for ever.
      if (ids.length) spawnSync('scancel', ids, { encoding: 'utf8' });
      const why = r.error ? `${r.error.message}${(r.error as NodeJS.ErrnoException).code === 'ENOENT' ? ' (run this on a Slurm login node, or run the printed commands there)' : ''}` : (r.stderr || r.stdout).trim();
      throw new InputError(`sbatch ${shellLine(args)}: ${why}${ids.length ? `; cancelled jobs ${ids.join(', ')} of this round` : ''}`, { field: 'sbatch', value: args });
    }
    ids.push(id);
  }
  writeFileSync(at(join(sweep.dir, `round${round}-jobs.json`)), `${JSON.stringify({ round, claims, jobs: subs.map((s, j) => ({ what: s.what, id: ids[j] })) }, null, 2)}\n`);
  const arrays = subs.slice(0, -1).map((s, j) => `${s.what} as job ${ids[j]}${s.after.length ? ` after job ${ids[s.after[0]]}` : ''}`);
  process.stdout.write(`submitted ${what}: ${arrays.join('; ')}; the merge as job ${ids[ids.length - 1]} once they all succeed\n`);
  process.stdout.write(`logs in ${displayPath(at(logDir(sweep)))}/; results in ${displayPath(at(join(sweep.out, 'results.json')))} after the last round's merge\n`);
}

/** `slurm --continue <dir>`: the next adaptive round, as the previous round's merge announced it. */
function continueSweep(dir: string, submit: boolean): void {
  const sweep = readJson<SlurmSweep>(sweepFile(dir), 'the settings `theorem-harness slurm` writes', (v) => v?.kind === 'theorem-harness-slurm');
  const nextFile = resolve(sweep.cwd, sweep.out, 'next-round.json');
  const next = readJson<{ round: number; claims: string[] }>(nextFile, "a merge's next round", (v) => Number.isInteger(v?.round) && Array.isArray(v?.claims));
  writeRound(sweep, next.round, next.claims, submit);
}

export function register(program: Command): void {
  const cmd = program
    .command('slurm')
    .description('Write the Slurm job array of a sharded check, with its merge as a dependent job and the adaptive rounds that follow; --submit submits it.')
    .argument('[spec]', 'spec file or folder, as for `check`');
  const before = cmd.options.length;
  addCheckOptions(cmd);
  const forwarded = cmd.options.slice(before).filter((o) => !PER_JOB.has(o.long!));
  cmd
    .option('--shards <n>', 'number of shards (array tasks), each running one slice of the runs')
    .option('--dir <dir>', 'folder of the shard outputs, job scripts (round<r>.sbatch, merge<r>.sbatch) and logs', 'shards')
    .option('--throttle <k>', 'at most k shards run at once (the array\'s %k; split over the arrays of a large sweep)')
    .option('--max-array-size <n>', `the cluster's MaxArraySize; more shards go in several arrays (default: scontrol's with --submit, else ${DEFAULT_MAX_ARRAY_SIZE})`)
    .option('--cpus-per-task <c>', 'cores per shard (its --workers)', '1')
    .option('--time <limit>', 'time limit of each job (sbatch --time)')
    .option('--mem <size>', 'memory of each job (sbatch --mem)')
    .option('--partition <name>', 'partition (sbatch --partition)')
    .option('--account <name>', 'account (sbatch --account)')
    .option('--sbatch <option>', 'another #SBATCH option for every job, e.g. --sbatch qos=long (repeatable)', (v: string, acc: string[]) => [...acc, v], [])
    .option('--job-name <name>', 'name of every job of the sweep (default: th-<dir name>-<hash of its path>)')
    .option('--command <words>', 'how the jobs run theorem-harness (default: this node and script, by absolute path)')
    .option('--no-cancel-on-failure', 'let the other shards finish when one fails (the merge is dropped either way)')
    .option('--no-next-rounds', "the merge prints the next adaptive round's command instead of submitting it")
    .option('--submit', 'submit with sbatch (default: print the sbatch commands)')
    .option('--continue <dir>', "write (and with --submit submit) the next adaptive round of the sweep in <dir>, as its last merge found it (the merge jobs run this)")
    .action(async (spec: string | undefined, flags: SlurmFlags) => {
      if (flags.continue !== undefined) {
        if (spec !== undefined || flags.shards !== undefined) throw new InputError(`--continue: takes every setting from ${sweepFile(flags.continue)}; give no spec or --shards`, { field: '--continue', value: flags.continue });
        continueSweep(flags.continue, Boolean(flags.submit));
        process.exitCode = EXIT.ok;
        return;
      }
      if (flags.shards === undefined) throw new InputError('--shards: required (the number of array tasks)', { field: '--shards' });
      const shards = positiveInt('--shards', flags.shards)!;
      const options = await checkOptions(spec, flags);
      const { planCheck } = await import('../check/run-check.js');
      const plan = await planCheck(options); // the spec, claims and budget must be right before anything is queued
      const cwd = process.cwd();
      const dirPath = resolve(cwd, flags.dir);
      const sbatch = [
        ...(flags.time ? [`--time=${flags.time}`] : []),
        ...(flags.mem ? [`--mem=${flags.mem}`] : []),
        ...(flags.partition ? [`--partition=${flags.partition}`] : []),
        ...(flags.account ? [`--account=${flags.account}`] : []),
        ...flags.sbatch.map(sbatchOption),
      ];
      const sweep: SlurmSweep = {
        kind: 'theorem-harness-slurm',
        cwd,
        command: flags.command ?? thisCommand(),
        spec: spec ?? null,
        forward: forwardedWords(forwarded, flags as unknown as Record<string, unknown>),
        only: options.only ?? [],
        shards,
        dir: flags.dir,
        out: flags.out,
        cpusPerTask: positiveInt('--cpus-per-task', flags.cpusPerTask)!,
        sbatch,
        throttle: positiveInt('--throttle', flags.throttle) ?? null,
        maxArraySize: positiveInt('--max-array-size', flags.maxArraySize, 2) ?? (flags.submit ? clusterMaxArraySize() : null) ?? DEFAULT_MAX_ARRAY_SIZE,
        jobName: flags.jobName ?? `th-${basename(dirPath)}-${createHash('sha256').update(dirPath).digest('hex').slice(0, 8)}`,
        cancelOnFailure: flags.cancelOnFailure,
        nextRounds: flags.nextRounds,
      };
      mkdirSync(dirPath, { recursive: true });
      writeFileSync(sweepFile(dirPath), `${JSON.stringify(sweep, null, 2)}\n`);
      const toRun = plan.runs - plan.cached;
      process.stdout.write(
        `${plan.spec} (${plan.profile}): round 1 has ${plan.runs} runs (${plan.cached} cached), about ${Math.ceil(plan.runs / shards)} per shard over ${shards} shards; ${plan.runsAtCap} if every undecided claim goes to its cap\n`,
      );
      if (shards > plan.runs) process.stderr.write(`warning: --shards ${shards} is more than the ${plan.runs} runs of round 1: some shards get none\n`);
      if (toRun === 0) process.stdout.write('every run of round 1 is cached already: the shards only export them\n');
      writeRound(sweep, 1, sweep.only, Boolean(flags.submit));
      process.exitCode = EXIT.ok;
    });
}
