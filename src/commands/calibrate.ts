import type { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { PROFILES, type Profile } from '../../proofs-check/budget.js';
import type { ClaimCalibration } from '../../proofs-check/calibrate/calibrate.js';
import type { CalibrationFile } from '../check/calibration.js';
import { EXIT, InputError } from '../util/errors.js';
import { toolVersion } from '../util/package-root.js';

interface CalibrateFlags {
  profile: string;
  only: string[];
  set: string[];
  replicates: string;
  effect: string;
  out: string;
  cache?: string;
  seed: string;
  seeds?: string;
  maxSeeds?: string;
  json?: boolean;
  quiet?: boolean;
}

function number(name: string, text: string, ok: (n: number) => boolean, what: string): number {
  const n = Number(text);
  if (!ok(n)) throw new InputError(`${name}: expected ${what} (got ${JSON.stringify(text)})`, { field: name, value: text });
  return n;
}

const pct = (x: number | null) => (x === null ? '-' : `${(100 * x).toFixed(1)}%`);

export function calibrationTable(claims: readonly ClaimCalibration[]): string {
  const head = ['claim', 'kind', 'false fail', 'false pass', 'power', 'spread', 'effect'];
  const rows = claims.map((c) => [c.id, c.kind, pct(c.calibration.falseFail), pct(c.calibration.falsePass), pct(c.calibration.power), c.calibration.replicates ? `${Number(c.spread.toPrecision(3))} (${c.spreadSource})` : '-', c.calibration.effect ?? '']);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((x, i) => (i === r.length - 1 ? x : x.padEnd(widths[i]))).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}

const collect = (v: string, acc: string[]) => [...acc, v];

export function register(program: Command): void {
  program
    .command('calibrate')
    .description("Measure each claim's decision rule on planted truths at its budget: false fail at the threshold, false pass beyond it, power inside it.")
    .argument('[spec]', 'spec file; default: spec/zhang-cao-2024-simclr.ts')
    .option('--profile <name>', `statistical budget: ${PROFILES.join(', ')}`, 'quick')
    .option('--only <ids>', 'calibrate only these claims (comma-separated, repeatable)', collect, [])
    .option('--set <name=value>', 'new default for a spec parameter or constant (repeatable)', collect, [])
    .option('--replicates <n>', 'replicates per planted truth', '200')
    .option('--effect <k>', 'planted effect: seed sds (bound, comparison, monotone), tolerances beyond the band (scaling)', '1')
    .option('--out <file>', 'calibration file that `check --calibration <file>` reads', 'reports/latest/calibration.json')
    .option('--cache <dir>', 'run cache: spreads are measured from its cached runs; figures are kept under <dir>/calibration (default: the per-user run cache)')
    .option('--seed <n>', 'first seed of every claim', '0')
    .option('--seeds <n>', 'seeds per point (overrides the profile)')
    .option('--max-seeds <n>', 'cap of adaptive seeds (overrides the profile)')
    .option('--json', 'print the calibration file on stdout')
    .option('--quiet', 'no progress output')
    .action(async (specArg: string | undefined, flags: CalibrateFlags) => {
      if (!(PROFILES as readonly string[]).includes(flags.profile)) {
        throw new InputError(`--profile: expected one of ${PROFILES.join(', ')} (got ${JSON.stringify(flags.profile)})`, { field: '--profile', value: flags.profile });
      }
      // The modules that do the work load here, so that `--help` of the whole program stays fast.
      const [{ calibrateClaims, calibrateCommand }, { budgetOverride, selectClaims, withDefaults }, { parseSetArgs }, { defaultSpecPath, loadSpec }, { assertNoNoops }, { RunCache, defaultCacheDir }, { defaultVersionOf }] =
        await Promise.all([
          import('../check/calibration.js'),
          import('../check/run-check.js'),
          import('../spec/evaluate.js'),
          import('../spec/load.js'),
          import('../spec/noop.js'),
          import('../sweep/cache.js'),
          import('../sweep/executor.js'),
        ]);
      const profile = flags.profile as Profile;
      const replicates = number('--replicates', flags.replicates, (n) => Number.isInteger(n) && n >= 1, 'an integer >= 1');
      const effect = number('--effect', flags.effect, (n) => Number.isFinite(n) && n > 0, 'a positive number');
      const seed = number('--seed', flags.seed, (n) => Number.isInteger(n) && n >= 0, 'an integer >= 0');
      const int = (name: string, v?: string) => (v === undefined ? undefined : number(name, v, (n) => Number.isInteger(n) && n >= 1, 'an integer >= 1'));
      const budget = budgetOverride({ seeds: int('--seeds', flags.seeds), maxSeeds: int('--max-seeds', flags.maxSeeds) });
      const specFile = specArg ?? defaultSpecPath();
      const loaded = withDefaults(await loadSpec(specFile), parseSetArgs(flags.set));
      assertNoNoops(loaded);
      const indices = selectClaims(loaded, flags.only.flatMap((o) => o.split(',')).map((s) => s.trim()).filter(Boolean));
      const shown = loaded.file ? relative(process.cwd(), loaded.file) || loaded.file : specFile;
      const claims = await calibrateClaims(loaded, indices, {
        profile,
        replicates,
        effect,
        ctxOpts: { baseSeed: seed, budget },
        cache: new RunCache(flags.cache ?? defaultCacheDir()),
        cacheDir: flags.cache ?? defaultCacheDir(),
        versionOf: defaultVersionOf(),
        command: (id) => calibrateCommand(shown, profile, replicates, effect, id),
        onClaim: (c) => {
          if (!flags.quiet && !flags.json) process.stderr.write(`calibrated ${c.id}\n`);
        },
      });
      const file: CalibrationFile = { kind: 'theorem-harness-calibration', tool: toolVersion(), spec: { id: loaded.spec.id, hash: loaded.hash }, profile, replicates, effect, claims };
      mkdirSync(dirname(flags.out), { recursive: true });
      writeFileSync(flags.out, `${JSON.stringify(file, null, 2)}\n`);
      if (flags.json) process.stdout.write(`${JSON.stringify(file, null, 2)}\n`);
      else {
        process.stdout.write(calibrationTable(claims));
        process.stdout.write(`${loaded.spec.id} (${profile}): ${replicates} replicates per planted truth; written to ${flags.out} (use with \`check --calibration ${flags.out}\`)\n`);
      }
      process.exitCode = EXIT.ok;
    });
}
