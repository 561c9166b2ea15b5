import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Results } from '../../proofs-check/results.js';
import { command, requires, type SkippableTest } from './requires.js';
import { CLI_ARGS } from './cli.js';

export const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'results-simclr.json');

/** A fresh, deep copy of the fixture each time, so tests can plant changes. */
export function fixture(): Results {
  return Results.parse(JSON.parse(readFileSync(FIXTURE, 'utf8')));
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `th-${prefix}-`));
}

/**
 * True when the system tool runs; otherwise the test skips naming the install command (or fails under
 * THEOREM_HARNESS_REQUIRE_ALL=1, see ./requires.ts, which names the packages the tests know).
 */
export function haveTool(t: SkippableTest, name: string, debianPackage: string, versionArg = '--version'): boolean {
  return requires(t, command(name, debianPackage.split(' '), [versionArg]));
}

/** Runs the CLI (built when dist/ is fresh, else from source: ./cli.ts). */
export function cli(args: string[], cwd?: string) {
  const root = join(import.meta.dirname, '..', '..');
  return spawnSync(process.execPath, [...CLI_ARGS, ...args], { encoding: 'utf8', cwd: cwd ?? root, timeout: 120_000 });
}

/** The part of a tap Test that haveTool uses. */
export type ToolTest = SkippableTest;
