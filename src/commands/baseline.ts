import type { Command } from 'commander';
import { relative, resolve } from 'node:path';
import { EXIT } from '../util/errors.js';

/** Paths under the working directory print relative, others absolute. */
function show(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' || rel.startsWith('..') ? path : rel;
}

export function register(program: Command): void {
  const baseline = program.command('baseline').description('Save results as a baseline and compare later results with it (regression checking).');

  baseline
    .command('save')
    .description('Validate a results.json and store it as the baseline for its spec.')
    .argument('<results>', 'results.json written by `check`')
    .option('--to <file>', 'where to write it (default: spec/baselines/<spec-id>.json)')
    .action(async (file: string, opts: { to?: string }) => {
      const { compareToBaseline, defaultBaselinePath, formatChanges, loadResults, saveBaseline } = await import('../report/index.js');
      const results = loadResults(file);
      const to = resolve(opts.to ?? defaultBaselinePath(results));
      saveBaseline(results, to);
      process.stdout.write(`saved baseline ${show(to)} (${results.claims.length} claims, profile ${results.profile})\n`);
      process.exitCode = EXIT.ok;
    });

  baseline
    .command('compare')
    .description('List verdict flips, statistics that moved beyond tolerance, and new or removed claims; exit 1 on a flip to fail.')
    .argument('<results>', 'results.json of the current run')
    .argument('<baseline>', 'a saved baseline (results.json)')
    .option('--json', 'print the comparison as JSON')
    .action(async (file: string, base: string, opts: { json?: boolean }) => {
      const { compareToBaseline, defaultBaselinePath, formatChanges, loadResults, saveBaseline } = await import('../report/index.js');
      const changes = compareToBaseline(loadResults(file), loadResults(base));
      process.stdout.write(opts.json ? `${JSON.stringify(changes, null, 2)}\n` : formatChanges(changes));
      process.exitCode = changes.hasFlipToFail ? EXIT.claimFailed : EXIT.ok;
    });
}
