import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { FASHION_DIR } from '../../src/data/real/fashion.js';

/**
 * System packages some tests need (Chromium, TeX, rsvg-convert, poppler, Fashion-MNIST, Slurm). Where one is
 * missing the test skips, naming the install command, so `npm test` passes on a fresh machine; with
 * THEOREM_HARNESS_REQUIRE_ALL=1 (set by .ci/run after it installs them) a missing one fails the test instead,
 * so CI never silently skips.
 */
export interface Requirement {
  /** What is missing, as the skip message says it. */
  readonly what: string;
  /** The Debian packages that provide it. */
  readonly packages: readonly string[];
  /** True when it is present and works. */
  present(): boolean;
}

export const REQUIRE_ALL_ENV = 'THEOREM_HARNESS_REQUIRE_ALL';

function memo(probe: () => boolean): () => boolean {
  let known: boolean | undefined;
  return () => (known ??= probe());
}

function runs(command: string, args: string[]): boolean {
  const r = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'pipe', 'pipe'] });
  return !r.error && r.status === 0;
}

/** A command that must run with `probeArgs` and exit 0. */
export function command(name: string, packages: string[], probeArgs = ['--version']): Requirement {
  return { what: name, packages, present: memo(() => runs(name, probeArgs)) };
}

export const chromium = command('chromium', ['chromium']);
export const rsvgConvert = command('rsvg-convert', ['librsvg2-bin']);
export const pdftotext = command('pdftotext', ['poppler-utils'], ['-v']);
/** pdflatex plus the packages the appendix uses (booktabs etc. come with -recommended). */
export const pdflatex: Requirement = {
  what: 'pdflatex with booktabs',
  packages: ['texlive-latex-base', 'texlive-latex-recommended'],
  present: memo(() => runs('pdflatex', ['--version']) && runs('kpsewhich', ['booktabs.sty'])),
};
export const fashionMnist: Requirement = {
  what: `Fashion-MNIST (${FASHION_DIR})`,
  packages: ['dataset-fashion-mnist'],
  present: memo(() => existsSync(`${FASHION_DIR}/train-images-idx3-ubyte.gz`) && existsSync(`${FASHION_DIR}/t10k-images-idx3-ubyte.gz`)),
};
export const slurm = command('slurmctld', ['slurm-wlm', 'munge'], ['-V']);

export function installCommand(requirements: readonly Requirement[]): string {
  const packages = [...new Set(requirements.flatMap((r) => r.packages))];
  return `apt-get install -y ${packages.join(' ')}`;
}

/** The part of a tap Test that `requires` uses. */
export interface SkippableTest {
  fail(message: string): unknown;
  plan(n: number, comment?: string): unknown;
}

/**
 * True when every requirement is present. Otherwise the test skips with the install command (call this before
 * any assertion), or fails under THEOREM_HARNESS_REQUIRE_ALL=1; either way the caller returns.
 */
export function requires(t: SkippableTest, ...requirements: Requirement[]): boolean {
  const missing = requirements.filter((r) => !r.present());
  if (missing.length === 0) return true;
  const message = `${missing.map((r) => r.what).join(', ')} not found: ${installCommand(missing)}`;
  if (process.env[REQUIRE_ALL_ENV] === '1') t.fail(`${message} (${REQUIRE_ALL_ENV}=1 makes this a failure)`);
  else t.plan(0, `skipped: ${message}`);
  return false;
}
