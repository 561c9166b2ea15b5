import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Results } from '../../proofs-check/results.js';

export const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'results-simclr.json');

/** A fresh, deep copy of the fixture each time, so tests can plant changes. */
export function fixture(): Results {
  return Results.parse(JSON.parse(readFileSync(FIXTURE, 'utf8')));
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `th-${prefix}-`));
}

/**
 * True when the system tool runs. Missing tools fail the test under CI (where .ci/run installs them) and skip it
 * locally with a message saying what to install.
 */
export function haveTool(t: ToolTest, command: string, debianPackage: string, versionArg = '--version'): boolean {
  const probe = spawnSync(command, [versionArg], { encoding: 'utf8', timeout: 30_000 });
  if (!probe.error && probe.status === 0) return true;
  const message = `${command} not found: install Debian's ${debianPackage} (bash .ci/run does)`;
  if (process.env.CI === 'true') t.fail(message);
  else t.plan(0, `skipped: ${message}`);
  return false;
}

/** Runs the CLI from source through tsx, so tests do not depend on a fresh dist/. */
export function cli(args: string[], cwd?: string) {
  const root = join(import.meta.dirname, '..', '..');
  return spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), join(root, 'src', 'cli.ts'), ...args], { encoding: 'utf8', cwd: cwd ?? root, timeout: 120_000 });
}

/** The part of a tap Test that haveTool uses. */
export interface ToolTest {
  fail(message: string): unknown;
  plan(n: number, comment?: string): unknown;
}
