import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import type { Engine, RunHooks } from '../engine/engine.js';
import type { SimParams } from '../engine/params.js';
import type { RunResult } from '../engine/result.js';
import { InputError } from '../util/errors.js';
import { addParamFlags, paramsFromOptions, replayCommand } from './simulate-flags.js';

export { replayCommand } from './simulate-flags.js';

/** The values of every `--plugin <file>` / `--plugin=<file>` on the command line, in order. */
function pluginArgs(args: readonly string[]): string[] {
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--') break;
    if (args[i] === '--plugin' && i + 1 < args.length) files.push(args[++i]);
    else if (args[i].startsWith('--plugin=')) files.push(args[i].slice('--plugin='.length));
  }
  return files;
}

/**
 * Load the plug-ins named by `--plugin` before the command is built: their components' parameters
 * become flags (and their names valid values of --optimizer, --data, --regime, --engine).
 */
export async function prepare(args: readonly string[]): Promise<void> {
  const files = pluginArgs(args);
  if (files.length === 0) return;
  const { loadPlugins } = await import('../plugins/load.js');
  try {
    await loadPlugins(files, process.cwd());
  } catch (error) {
    // loadPlugins names the entry as plugins[i]; on the command line it is the flag.
    if (error instanceof InputError) throw new InputError(error.message.replace(/^plugins\[\d+\]/, '--plugin'), { ...error.where, field: '--plugin' });
    throw error;
  }
}

async function engineFor(params: SimParams): Promise<Engine> {
  // Before loading an engine or allocating anything: a run the backend cannot hold stops here.
  (await import('../engine/limits.js')).checkRunFits(params);
  let engine: Engine;
  try {
    // The engines load on use (tfjs and its wasm backend take a while), so `simulate --help` answers at once.
    await import('../engine/engines.js');
    const { getEngine } = await import('../engine/engine.js');
    engine = await getEngine(params.engine);
  } catch (error) {
    throw new InputError(`engine: ${(error as Error).message} (got ${JSON.stringify(params.engine)})`, { field: 'engine', value: params.engine });
  }
  engine.validate(params);
  return engine;
}

/** A progress bar on stderr, one phase at a time; none when stderr is not a terminal. */
function progressHooks(enabled: boolean): { hooks: RunHooks; stop(): void } {
  if (!enabled) return { hooks: {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: '{phase} [{bar}] {value}/{total} steps | {eta_formatted} left', hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let phase = '';
  return {
    hooks: {
      onProgress(next, done, total) {
        if (next !== phase) {
          if (phase) bar.stop();
          phase = next;
          bar.start(total, done, { phase: next.padEnd(8) });
        } else bar.update(done);
      },
    },
    stop: () => phase && bar.stop(),
  };
}

const fmt = (x: number | null | undefined, digits = 3): string =>
  x === null || x === undefined ? 'n/a' : Math.abs(x) !== 0 && Math.abs(x) < 1e-3 ? x.toExponential(1) : x.toFixed(digits);

export function summary(result: RunResult, params: SimParams, plugins: readonly string[] = []): string {
  const m = result.metrics;
  const lines = [
    `${result.regime} run: engine ${result.engine} ${result.engineVersion}, backend ${result.backend}, ${result.wallSeconds.toFixed(2)} s`,
    `  data ${params.data}, d=${params.d}, m=${params.m}, SNR=${fmt(result.snr)} (||mu||=${fmt(params.muNorm)}), nLabeled=${params.nLabeled}` +
      (params.regime === 'simclr' ? `, nUnlabeled=${params.nUnlabeled}` : '') +
      `, nTest=${params.nTest}, seed=${params.seed}`,
  ];
  if (params.regime === 'simclr') {
    lines.push(
      `  pre-training (${params.pretrainActivation} encoder, ${params.similarity}, ${params.augment}): ${m.pretrainStepsRun} steps used, alignment ${fmt(m.alignmentPretrain)}`,
      `  fine-tuning (${params.finetune === 'full' ? `full, ${params.activation}` : 'linear probe'}, ${params.finetuneSteps} steps)`,
    );
  } else {
    lines.push(`  supervised training (${params.activation}, ${params.steps} steps, eta=${params.eta})`);
  }
  lines.push(
    `  train loss ${fmt(m.trainLoss, 4)}, train error ${fmt(m.trainError)}`,
    `  test loss ${fmt(m.testLoss, 4)}, test error ${fmt(m.testError)}, alignment ${fmt(m.alignment)}`,
    `  diverged: ${result.diverged ? `${result.diverged.quantity} in ${result.diverged.phase} at step ${result.diverged.step}` : 'no'}`,
    `  replay: ${replayCommand(params).replace(/^theorem-harness simulate/, ['theorem-harness simulate', ...plugins.map((f) => `--plugin ${f}`)].join(' '))}`,
  );
  return lines.join('\n');
}

/** The --json object: the contract fields first, then provenance and curves. */
export function jsonOutput(result: RunResult): Record<string, unknown> {
  const { regime, params, metrics, snr, engine, backend, wallSeconds, diverged, engineVersion, curves } = result;
  return { regime, params, metrics, snr, engine, backend, wallSeconds, diverged, engineVersion, curves };
}

export function register(program: Command): void {
  // program.command (not addCommand) so the subcommand inherits exitOverride: bad flags exit 2.
  const command = program
    .command('simulate')
    .description('Run one configuration of the data model and two-layer CNN (supervised or SimCLR then fine-tuning).')
    .option('--config <file.json>', 'parameters from a JSON object; flags override it')
    .option('--json', 'print one JSON object on stdout instead of the summary')
    .option('--quiet', 'no progress bar')
    .option('--plugin <file>', "load a plug-in module (definePlugin): its optimizers, data models, regimes and engines, and their parameters as flags (repeatable)", (v: string, acc: string[]) => [...acc, v], []);
  addParamFlags(command).action(async (options: Record<string, unknown>) => {
    const params = paramsFromOptions(options, options.config as string | undefined);
    const engine = await engineFor(params);
    const progress = progressHooks(!options.quiet && process.stderr.isTTY === true);
    let result: RunResult;
    try {
      result = await engine.run(params, progress.hooks);
    } finally {
      progress.stop();
    }
    process.stdout.write(options.json ? `${JSON.stringify(jsonOutput(result))}\n` : `${summary(result, params, options.plugin as string[])}\n`);
  });
}
