import { Command, CommanderError } from 'commander';
import { runMain } from './commands/run-main.js';
import { toolVersion } from './util/package-root.js';

// Each command lives in its own module under ./commands and registers itself on the program.
const COMMANDS: Array<() => Promise<{ register(program: Command): void }>> = [
  () => import('./commands/simulate.js'),
  () => import('./commands/check.js'),
  () => import('./commands/merge.js'),
  () => import('./commands/calibrate.js'),
  () => import('./commands/spec.js'),
  () => import('./commands/report.js'),
  () => import('./commands/baseline.js'),
];

async function main(argv: string[]): Promise<number> {
  const program = new Command('theorem-harness')
    .description('Executable theorems: check deep-learning theory claims against simulations.')
    .version(toolVersion())
    .exitOverride()
    .showHelpAfterError();
  for (const load of COMMANDS) (await load()).register(program);
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
