import type { Command } from 'commander';
import { dirname, relative } from 'node:path';
import { DEFAULT_FORMATS, FORMAT_NAMES } from '../report/formats/index.js';
import { EXIT, InputError } from '../util/errors.js';

interface ReportOptions {
  format: string;
  out?: string;
  templates?: string;
  baseline?: string;
  maxRows: string;
  detail?: boolean;
}

/** Paths under the working directory print relative, others absolute. */
function show(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' || rel.startsWith('..') ? path : rel;
}

export function register(program: Command): void {
  program
    .command('report')
    .description('Render a results.json as Markdown, HTML, a LaTeX appendix and JUnit XML (with SVG/PDF figures).')
    .argument('<results>', 'results.json written by `check` (or a saved baseline)')
    .option('--format <list>', `comma-separated formats: ${FORMAT_NAMES.join(', ')} (and those of the results' plug-ins)`, DEFAULT_FORMATS.join(','))
    .option('--out <dir>', 'output folder (default: the folder of the results file)')
    .option('--templates <dir>', 'folder of templates that replace the built-in ones of the same name (src/report/templates)')
    .option('--baseline <file>', 'add a "changes since baseline" section; exit 1 when a verdict flipped to fail')
    .option('--max-rows <n>', 'rows of each measurements table shown (all stay in results.json)', '25')
    .option('--detail', 'full per-point detail in appendix.tex and report.md (every figure, fits, assumptions, measurements); report.html always has it, folded')
    .action(async (file: string, opts: ReportOptions) => {
      const { compareToBaseline, formatChanges, loadResults, renderReports } = await import('../report/index.js');
      const maxRows = Number(opts.maxRows);
      if (!Number.isInteger(maxRows) || maxRows < 0) throw new InputError(`--max-rows: expected a non-negative integer (got ${JSON.stringify(opts.maxRows)})`, { field: '--max-rows', value: opts.maxRows });
      const results = loadResults(file);
      // The check's plug-ins again: their output formats (and claim kinds) render as they did there.
      const { loadResultsPlugins } = await import('../report/plugins.js');
      for (const warning of await loadResultsPlugins(results, file)) process.stderr.write(`warning: ${warning}\n`);
      const changes = opts.baseline ? compareToBaseline(results, loadResults(opts.baseline)) : null;
      const files = await renderReports(results, {
        outDir: opts.out ?? dirname(file),
        formats: opts.format.split(','),
        templatesDir: opts.templates,
        changes,
        maxRows,
        detail: opts.detail === true,
      });
      for (const f of files.filter((f) => !f.includes('/figures/'))) process.stdout.write(`wrote ${show(f)}\n`);
      const figures = files.filter((f) => f.includes('/figures/')).length;
      if (figures > 0) process.stdout.write(`wrote ${figures} figure files\n`);
      if (changes) process.stdout.write(formatChanges(changes));
      process.exitCode = changes?.hasFlipToFail ? EXIT.claimFailed : EXIT.ok;
    });
}
