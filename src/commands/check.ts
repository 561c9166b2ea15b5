import type { Command } from 'commander';
import { PROFILES, type Profile } from '../../proofs-check/budget.js';
import type { Results } from '../../proofs-check/results.js';
import { consoleEvents, resultsTable } from '../check/console.js';
import { handleInterrupts } from '../check/interrupt.js';
import type { CheckOptions, CheckOutcome } from '../check/run-check.js';
import { engines } from '../engine/engine.js';
import '../engine/engines.js';
import type { SimParams } from '../engine/params.js';
import { DEFAULT_FORMATS } from '../report/formats/index.js';
import { defaultCacheDir } from '../sweep/cache.js';
import { parseShard } from '../sweep/shard.js';
import { parseSetArgs } from '../spec/set-args.js';
import { displayPath } from '../util/display-path.js';
import { EXIT, InputError } from '../util/errors.js';
import { replayCommand } from './simulate-flags.js';

export interface CheckFlags {
  profile: string;
  set: string[];
  only: string[];
  out: string;
  cache?: string;
  workers?: string;
  seed: string;
  seeds?: string;
  maxSeeds?: string;
  round?: string;
  engine?: string;
  shard?: string;
  json?: boolean;
  strict?: boolean;
  baseline?: string;
  format: string;
  templates?: string;
  report: boolean;
  detail?: boolean;
  quiet?: boolean;
  plan?: boolean;
  calibration?: string;
  calibrationReplicates: string;
  calibrationEffect: string;
  heartbeat?: string;
}

function intFlag(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new InputError(`${name}: expected an integer >= ${min} (got ${JSON.stringify(value)})`, { field: name, value });
  return n;
}

// The modules that do the work load on use, so that `--help` and a mistyped flag answer at once.

/** Validate the flags shared by `check` and `merge` into CheckOptions. */
export async function checkOptions(spec: string | undefined, flags: CheckFlags): Promise<CheckOptions> {
  if (!(PROFILES as readonly string[]).includes(flags.profile)) {
    throw new InputError(`--profile: expected one of ${PROFILES.join(', ')} (got ${JSON.stringify(flags.profile)})`, { field: '--profile', value: flags.profile });
  }
  // The engine name is checked once the spec has loaded (runCheck, planCheck): its plug-ins may register engines.
  return {
    spec,
    set: parseSetArgs(flags.set),
    profile: flags.profile as Profile,
    only: flags.only.flatMap((o) => o.split(',')).map((s) => s.trim()).filter(Boolean),
    outDir: flags.out,
    cacheDir: flags.cache ?? defaultCacheDir(),
    workers: intFlag('--workers', flags.workers, 1),
    seed: intFlag('--seed', flags.seed, 0),
    seeds: intFlag('--seeds', flags.seeds, 1),
    maxSeeds: intFlag('--max-seeds', flags.maxSeeds, 1),
    round: roundFlag(flags),
    engine: flags.engine as SimParams['engine'] | undefined,
    shard: flags.shard ? parseShard(flags.shard) : undefined,
    replay: replayCommand,
    formats: flags.report ? flags.format.split(',') : undefined,
    calibration: {
      replicates: intFlag('--calibration-replicates', flags.calibrationReplicates, 0) ?? 0,
      effect: positiveFlag('--calibration-effect', flags.calibrationEffect),
      ...(flags.calibration ? { file: flags.calibration } : {}),
    },
  };
}

function positiveFlag(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InputError(`${name}: expected a positive number (got ${JSON.stringify(value)})`, { field: name, value });
  return n;
}

function roundFlag(flags: CheckFlags): number | undefined {
  const round = intFlag('--round', flags.round, 1);
  if (round !== undefined && !flags.shard) throw new InputError('--round: only with --shard (an unsharded check runs every round it needs)', { field: '--round', value: flags.round });
  return round;
}

const collect = (v: string, acc: string[]) => [...acc, v];

/** Options shared by `check` and `merge`. */
export function addCheckOptions(cmd: Command): Command {
  return cmd
    .option('--profile <name>', `statistical budget: ${PROFILES.join(', ')}`, 'quick')
    .option('--only <ids>', 'check only these claims (comma-separated, repeatable)', collect, [])
    .option('--set <name=value>', 'new default for a spec parameter or constant, e.g. --set d=100000 (repeatable)', collect, [])
    .option('--out <dir>', 'where results.json and the reports go', 'reports/latest')
    .option('--cache <dir>', 'content-addressed cache of finished runs (default: per user, $XDG_CACHE_HOME/theorem-harness/runs or ~/.cache/theorem-harness/runs)')
    .option('--workers <n>', 'worker threads (default: every core)')
    .option('--seed <n>', 'first seed of every claim', '0')
    .option('--seeds <n>', 'seeds per point (overrides the profile); alone, a fixed design without adaptive rounds')
    .option('--max-seeds <n>', 'cap of adaptive seeds: undecided claims get doubled seeds round by round up to n (overrides the profile)')
    .option('--engine <name>', `engine for every claim that does not require one: ${engines.names().join(', ')}, or one a spec's plug-in registers`)
    .option('--calibration <file>', 'calibration figures from `theorem-harness calibrate --out <file>` instead of computing them')
    .option('--calibration-replicates <n>', "replicates per planted truth for each claim's calibration figures (0: none)", '20')
    .option('--calibration-effect <k>', 'planted effect of the calibration (see `calibrate --effect`)', '1')
    .option('--json', 'print results.json on stdout')
    .option('--strict', 'exit 1 when a claim is inconclusive, too')
    .option('--baseline <file>', 'compare with a saved baseline; exit 1 when a verdict flipped to fail')
    .option('--format <list>', 'report formats', DEFAULT_FORMATS.join(','))
    .option('--templates <dir>', 'templates that replace the built-in ones of the same name (src/report/templates)')
    .option('--detail', 'full per-point detail in appendix.tex and report.md; report.html always has it, folded')
    .option('--no-report', 'write results.json only')
    .option('--quiet', 'no progress output')
    .option('--heartbeat <seconds>', 'without a terminal (CI logs, pipes), a progress line this often; 0: none (default: 30)');
}

/** The closing note of an adaptive check: runs used against the fixed design at the cap. */
export function runsNote(outcome: Pick<CheckOutcome, 'runsUsed' | 'runsAtCap'>): string {
  if (outcome.runsAtCap <= outcome.runsUsed) return '';
  return `adaptive seeds: ${outcome.runsUsed} planned runs used; a fixed design at every claim's cap would need ${outcome.runsAtCap} (${Math.round((100 * outcome.runsUsed) / outcome.runsAtCap)}%)\n`;
}

/** Reports, baseline comparison, console table and exit code, after a check or a merge. */
export async function finish(results: Results, resultsFile: string, flags: CheckFlags, note = ''): Promise<number> {
  const { compareToBaseline, formatChanges, loadResults, renderReports } = await import('../report/index.js');
  const { exitCodeFor } = await import('../check/run-check.js');
  const changes = flags.baseline ? compareToBaseline(results, loadResults(flags.baseline)) : null;
  if (flags.report) {
    await renderReports(results, { outDir: flags.out, formats: flags.format.split(','), templatesDir: flags.templates, changes, detail: flags.detail === true });
  }
  if (flags.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  else {
    process.stdout.write(resultsTable(results));
    process.stdout.write(note);
    process.stdout.write(`results: ${displayPath(resultsFile)}${flags.report ? `; reports in ${displayPath(flags.out)}/` : ''}\n`);
    if (changes) process.stdout.write(formatChanges(changes));
  }
  const code = exitCodeFor(results, Boolean(flags.strict));
  return changes?.hasFlipToFail ? EXIT.claimFailed : code;
}

/** runCheck with progress on stderr (unless quiet or --json); Ctrl-C says what is saved and how to resume. */
export async function runWithProgress(options: CheckOptions, flags: CheckFlags) {
  const progress = consoleEvents({ quiet: Boolean(flags.quiet) || Boolean(flags.json), heartbeatSeconds: heartbeatSeconds(flags.heartbeat) });
  const release = handleInterrupts({ stopProgress: progress.stop, saved: progress.saved, cacheDir: options.cacheDir });
  try {
    const { runCheck } = await import('../check/run-check.js');
    return await runCheck({ ...options, events: progress.events });
  } finally {
    progress.stop();
    release();
  }
}

function heartbeatSeconds(value: string | undefined): number {
  if (value === undefined) return 30;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InputError(`--heartbeat: expected a number of seconds >= 0 (got ${JSON.stringify(value)})`, { field: '--heartbeat', value });
  return n;
}

/** `check --plan`: counts, each claim's runs by point and the estimated time. */
async function printPlan(options: CheckOptions, json: boolean): Promise<number> {
  const { planCheck } = await import('../check/run-check.js');
  const plan = await planCheck(options);
  const { listPlan, claimListingText, estimateText } = await import('../check/plan-listing.js');
  const workers = options.workers ?? (await import('../sweep/pool.js')).RunPool.defaultSize();
  const listings = await listPlan(plan, options.cacheDir);
  if (json) {
    const claims = plan.claims.map(({ planned: _planned, ...c }, i) => ({ ...c, points: listings[i].points, estimatedSeconds: listings[i].estimatedSeconds, unestimated: listings[i].unestimated }));
    process.stdout.write(`${JSON.stringify({ ...plan, claims, workers, estimatedSeconds: listings.reduce((s, l) => s + l.estimatedSeconds, 0) / workers }, null, 2)}\n`);
    return EXIT.ok;
  }
  plan.claims.forEach((c, i) => {
    const cap = c.seeds.length > 1 ? `; cap ${c.seeds[c.seeds.length - 1]} seeds: ${c.runsAtCap} runs (seeds per round ${c.seeds.join(', ')})` : '';
    process.stdout.write(`${c.id.padEnd(44)} ${c.kind.padEnd(17)} ${String(c.runs).padStart(5)} runs, ${c.cached} cached${cap}\n`);
    for (const line of claimListingText(listings[i])) process.stdout.write(`${line}\n`);
  });
  process.stdout.write(`${plan.spec} (${plan.profile}): ${plan.runs} distinct runs in the first round, ${plan.cached} cached, ${plan.runs - plan.cached} to run; ${plan.runsAtCap} if every undecided claim goes to its cap\n`);
  process.stdout.write(`${estimateText(listings, workers)}\n`);
  return EXIT.ok;
}

export function register(program: Command): void {
  addCheckOptions(
    program
      .command('check')
      .description("Check a spec's claims against simulations (default: the SimCLR paper) and write results.json and reports.")
      .argument('[spec]', 'spec file (.ts, .json, .yaml) or folder; default: spec/zhang-cao-2024-simclr.ts'),
  )
    .option('--shard <i/N>', 'run only slice i of N of the runs into <out>/runs (combine with `merge`)')
    .option('--round <r>', 'with --shard: the adaptive round to run (default 1); `merge` prints the command for the next one')
    .option('--plan', 'list the runs each claim needs at the first round and at the cap (and how many are cached), run nothing')
    .action(async (spec: string | undefined, flags: CheckFlags) => {
      if (flags.plan) {
        process.exitCode = await printPlan(await checkOptions(spec, flags), Boolean(flags.json));
        return;
      }
      const outcome = await runWithProgress(await checkOptions(spec, flags), flags);
      if (!outcome.results) {
        process.stdout.write(`shard ${flags.shard}${flags.round ? ` (round ${flags.round})` : ''}: runs written to ${flags.out}/runs; combine the shards with \`theorem-harness merge <dirs...>\` (every round's dirs)\n`);
        process.exitCode = EXIT.ok;
        return;
      }
      process.exitCode = await finish(outcome.results, outcome.resultsFile!, flags, runsNote(outcome));
    });
}
