import { spawn, spawnSync, type SpawnOptions, type SpawnSyncOptionsWithStringEncoding } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * How the tests start the CLI: the built one (bin/theorem-harness.js on dist/, as a user runs it)
 * when dist/ is at least as new as every source file it compiles, else from source through tsx.
 * `npm test` builds dist/ first, so the suite takes the fast path (tsx costs about a second of CPU
 * per process, and the suite starts a few hundred); a single test file run after an edit without a
 * build still tests the edited code.
 */
export const ROOT = join(import.meta.dirname, '..', '..');
// The compiled CLI's code; specs and templates are read from their sources either way.
const COMPILED = ['src', 'proofs-check'];

function* sources(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) yield path;
  }
}

function distIsFresh(): boolean {
  for (const top of COMPILED) {
    for (const file of sources(join(ROOT, top))) {
      const built = join(ROOT, 'dist', relative(ROOT, file)).replace(/\.ts$/, '.js');
      if (!existsSync(built) || statSync(built).mtimeMs < statSync(file).mtimeMs) return false;
    }
  }
  return true;
}

/** The node arguments before the CLI's own: [bin/theorem-harness.js] or [--import, tsx, src/cli.ts]. */
export const CLI_ARGS: readonly string[] = distIsFresh() ? [join(ROOT, 'bin', 'theorem-harness.js')] : ['--import', import.meta.resolve('tsx'), join(ROOT, 'src', 'cli.ts')];

/** Run the CLI to completion (cwd: the repository unless given). */
export function runCli(args: readonly string[], options: Partial<SpawnSyncOptionsWithStringEncoding> = {}) {
  return spawnSync(process.execPath, [...CLI_ARGS, ...args], { cwd: ROOT, ...options, encoding: 'utf8' });
}

/** Start the CLI without waiting for it. */
export function startCli(args: readonly string[], options: SpawnOptions = {}) {
  return spawn(process.execPath, [...CLI_ARGS, ...args], { cwd: ROOT, ...options });
}
