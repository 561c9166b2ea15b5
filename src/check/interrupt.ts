import { displayPath } from '../util/display-path.js';
import { shellQuote } from '../util/shell-quote.js';

export { shellQuote };

/** The command line that ran this process, as a user would type it again. */
export function rerunCommand(argv: readonly string[] = process.argv.slice(2)): string {
  return ['theorem-harness', ...argv].map(shellQuote).join(' ');
}

export interface InterruptOptions {
  /** Ends the progress display and restores the terminal. */
  stopProgress(): void;
  /** Runs saved to the cache by this check so far. */
  saved(): number;
  cacheDir: string;
  resume?: string;
  stream?: NodeJS.WritableStream;
  exit?: (code: number) => void;
}

/** Exit code of a run stopped by Ctrl-C (128 + SIGINT), as shells report it. */
export const EXIT_INTERRUPTED = 130;

/**
 * Ctrl-C during a check: the first restores the terminal, says how many runs are saved (every finished run is in
 * the cache, written atomically) and how to resume, then exits 130 once that message is out; a second exits at
 * once. Returns a function that removes the handlers.
 */
export function handleInterrupts(opts: InterruptOptions): () => void {
  const stream = opts.stream ?? process.stderr;
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) return exit(EXIT_INTERRUPTED);
    interrupted = true;
    opts.stopProgress();
    const n = opts.saved();
    const where = displayPath(opts.cacheDir);
    const message =
      `\ninterrupted: ${n} run${n === 1 ? '' : 's'} finished in this check ${n === 1 ? 'is' : 'are'} saved in the cache (${where}); ` +
      `resume with:\n  ${opts.resume ?? rerunCommand()}\n(press Ctrl-C again to stop at once)\n`;
    stream.write(message, () => exit(EXIT_INTERRUPTED));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
