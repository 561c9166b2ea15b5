import { EXIT, InputError } from '../util/errors.js';

/**
 * Runs a command body and turns its outcome into an exit code:
 * InputError or failed runs (SweepError) -> 2 with the message; any other error -> 2 with a stack (a bug, but
 * never a silent exit 0).
 */
export async function runMain(body: () => Promise<number>): Promise<never> {
  let code: number;
  try {
    code = await body();
  } catch (error) {
    if (error instanceof InputError) {
      process.stderr.write(`error: ${error.message}\n`);
    } else if (error instanceof Error && error.name === 'SweepError') {
      // Runs that threw (a plug-in's engine or regime, say): the message names each run and its error;
      // the harness's own stack would only hide them. (By name: the sweep modules load on use.)
      process.stderr.write(`error: ${error.message}\n`);
    } else {
      process.stderr.write(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    code = EXIT.badInput;
  }
  // Let stdout drain before exiting (large --json outputs on pipes).
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  process.exit(code);
}
