import type { Command } from 'commander';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EXIT, InputError } from '../util/errors.js';
import { packageRoot } from '../util/package-root.js';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function register(program: Command): void {
  const spec = program.command('spec').description('Validate and inspect specifications (a paper\'s parameters, assumptions and claims).');

  spec
    .command('lint')
    .description('Validate spec files; print every problem; exit 2 if any has an error.')
    .argument('<files...>', 'spec files (.ts, .json, .yaml); the extension may be left out')
    .option('--json', 'print the results as JSON')
    .option('--timing', "with --json, add each file's lint time: wall-clock `seconds` and `cpuSeconds` of this process")
    .action(async (files: string[], opts: { json?: boolean; timing?: boolean }) => {
      // Loaded on use: mathjs is slow to import and other commands should not pay for it.
      const { lintSpec } = await import('../spec/lint.js');
      // One file at a time, keeping only what is printed: memory stays that of the largest file, not
      // of all of them, and each file's time is its own.
      let bad = false;
      const plain: { file: string; ok: boolean; problems: unknown[]; seconds?: number; cpuSeconds?: number }[] = [];
      for (const f of files) {
        const start = performance.now();
        const cpu = process.cpuUsage();
        const r = await lintSpec(f);
        const seconds = (performance.now() - start) / 1000;
        const used = process.cpuUsage(cpu);
        const cpuSeconds = (used.user + used.system) / 1e6;
        if (r.problems.length > 0) bad = true;
        if (opts.json) {
          plain.push({ file: r.loaded?.file ?? r.file, ok: r.problems.length === 0, problems: r.items, ...(opts.timing ? { seconds, cpuSeconds } : {}) });
          continue;
        }
        for (const p of r.problems) process.stderr.write(`error: ${p}\n`);
        for (const w of r.warnings) process.stderr.write(`warning: ${w}\n`);
        if (r.problems.length === 0) {
          const s = r.loaded!.spec;
          process.stdout.write(`ok ${r.loaded!.file} (${s.id}: ${s.parameters.length} parameters, ${s.assumptions.length} assumptions, ${s.claims.length} claims)\n`);
        }
      }
      if (opts.json) process.stdout.write(`${JSON.stringify(plain, null, 2)}\n`);
      process.exitCode = bad ? EXIT.badInput : EXIT.ok;
    });

  spec
    .command('init')
    .description('Write a commented starter spec (YAML) that lints clean and checks in seconds.')
    .argument('[file]', 'where to write it', 'spec.yaml')
    .option('--force', 'overwrite an existing file')
    .action(async (file: string, opts: { force?: boolean }) => {
      const target = resolve(file);
      if (existsSync(target) && !opts.force) throw new InputError(`${target}: already exists (pass --force to overwrite it)`, { file: target });
      try {
        writeFileSync(target, readFileSync(join(packageRoot(), 'spec', 'templates', 'starter.yaml')));
      } catch (error) {
        throw new InputError(`${target}: cannot write: ${error instanceof Error ? error.message : String(error)}`, { file: target });
      }
      process.stdout.write(`wrote ${target}\nnext: theorem-harness spec lint ${file} && theorem-harness check ${file} --plan\n`);
    });

  spec
    .command('explain')
    .description('Evaluate a spec at a point: parameters, derived values, assumptions (holds, margin) and claims.')
    .argument('[file]', 'spec file (default: the SimCLR spec)')
    .option('--set <name=value>', 'set a parameter or constant (repeatable)', collect, [] as string[])
    .option('--json', 'print the report as JSON')
    .action(async (file: string | undefined, opts: { set: string[]; json?: boolean }) => {
      const { defaultSpecPath, loadSpec } = await import('../spec/load.js');
      const { parseSetArgs } = await import('../spec/set-args.js');
      const { explainSpec, formatExplain } = await import('../spec/explain.js');
      const loaded = await loadSpec(file ?? defaultSpecPath());
      const report = explainSpec(loaded, parseSetArgs(opts.set));
      process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatExplain(report)}\n`);
    });

  spec
    .command('schema')
    .description('Print the spec format as JSON Schema (for editor completion in YAML/JSON spec files).')
    .action(async () => {
      const { specJsonSchema } = await import('../spec/json-schema.js');
      process.stdout.write(`${JSON.stringify(specJsonSchema(), null, 2)}\n`);
    });
}
