import { Command, CommanderError, Help } from 'commander';
import { OVERVIEW } from './commands/overview.js';
import { runMain } from './commands/run-main.js';
import { toolVersion } from './util/package-root.js';

// Each command lives in its own module under ./commands and registers itself on the program. Only the module of
// the command named on the command line is loaded (they import the engines, mathjs, vega...); the help page of the
// whole program is written from ./commands/overview.ts and loads none.
// A command may also export prepare(args), run before it registers (simulate loads its --plugin modules there).
const COMMANDS: Record<string, () => Promise<{ register(program: Command): void; prepare?(args: readonly string[]): Promise<void> }>> = {
  simulate: () => import('./commands/simulate.js'),
  check: () => import('./commands/check.js'),
  merge: () => import('./commands/merge.js'),
  slurm: () => import('./commands/slurm.js'),
  calibrate: () => import('./commands/calibrate.js'),
  spec: () => import('./commands/spec.js'),
  report: () => import('./commands/report.js'),
  baseline: () => import('./commands/baseline.js'),
  cache: () => import('./commands/cache.js'),
};

const HINT = "(see 'theorem-harness --help')";

async function main(argv: string[]): Promise<number> {
  const args = argv.slice(2);
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
    process.stdout.write(`${toolVersion()}\n`);
    return 0;
  }
  const program = new Command('theorem-harness')
    .description('Executable theorems: check deep-learning theory claims against simulations.')
    .version(toolVersion())
    .exitOverride()
    // One line for a mistake (unknown option, missing argument), as eslint and tsc do, not the whole help page.
    .configureOutput({ outputError: (text, write) => write(`${text.trimEnd()} ${HINT}\n`) });
  const named = args.find((a) => !a.startsWith('-'));
  if (named === undefined && args.every((a) => a === '--help' || a === '-h')) {
    for (const [name, { description }] of Object.entries(OVERVIEW)) program.command(name).description(description);
    program.configureHelp({ subcommandTerm: (cmd) => OVERVIEW[cmd.name()]?.term ?? new Help().subcommandTerm(cmd) });
    process.stdout.write(program.helpInformation());
    return 0;
  }
  const load = named !== undefined && Object.hasOwn(COMMANDS, named) ? [COMMANDS[named]] : Object.values(COMMANDS);
  for (const loader of load) {
    const command = await loader();
    if (load.length === 1) await command.prepare?.(args);
    command.register(program);
  }
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return 2; // commander already printed the message: unknown flag, missing argument, ...
    }
    throw error;
  }
  return process.exitCode === undefined ? 0 : Number(process.exitCode);
}

await runMain(() => main(process.argv));
