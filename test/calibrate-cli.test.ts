import t from 'tap';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Results } from '../proofs-check/results.js';
import { CLI_ARGS } from './helpers/cli.js';

const SPEC = 'test/fixtures/tiny-spec.yaml';
const cli = (args: string[]) => spawnSync(process.execPath, [...CLI_ARGS, ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
const shared = mkdtempSync(join(tmpdir(), 'th-calibrate-'));
/** Written by the first test, relabelled by the second. */
const calibrationFile = join(shared, 'cal.json');

t.test('calibrate prints a table, writes a file, and check reads it into ClaimResult.calibration', async (t) => {
  const dir = t.testdir({});
  const file = calibrationFile;
  const r = cli(['calibrate', SPEC, '--replicates', '5', '--out', file, '--cache', join(dir, 'cache')]);
  t.equal(r.status, 0, r.stderr);
  t.match(r.stdout, /claim\s+kind\s+false fail\s+false pass\s+power/);
  t.match(r.stdout, /error-bounded\s+bound\s+\d+\.\d%\s+\d+\.\d%\s+\d+\.\d%/);
  const cal = JSON.parse(readFileSync(file, 'utf8'));
  t.equal(cal.kind, 'theorem-harness-calibration');
  t.same(cal.claims.map((c: { id: string }) => c.id), ['error-bounded', 'error-falls-with-labels']);

  const json = cli(['calibrate', SPEC, '--replicates', '5', '--only', 'error-bounded', '--json', '--out', join(dir, 'one.json'), '--cache', join(dir, 'cache')]);
  t.equal(json.status, 0, json.stderr);
  t.same(JSON.parse(json.stdout).claims[0].calibration, cal.claims[0].calibration, 'the same figures, from the calibration kept in the cache');

  const out = join(dir, 'out');
  const check = cli(['check', SPEC, '--calibration', file, '--out', out, '--cache', join(dir, 'cache'), '--no-report', '--quiet', '--max-seeds', '3']);
  t.equal(check.status, 0, check.stderr);
  const results = Results.parse(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')));
  t.same(results.claims[0].calibration, cal.claims[0].calibration);
  t.match(results.claims[0].calibration!.command, /^theorem-harness calibrate test\/fixtures\/tiny-spec\.yaml --profile quick --replicates 5/);
});

t.test('check computes calibration by default; a file for another profile is refused with exit 2', async (t) => {
  const dir = t.testdir({});
  const out = join(dir, 'out');
  const check = cli(['check', SPEC, '--only', 'error-bounded', '--calibration-replicates', '4', '--max-seeds', '3', '--out', out, '--cache', join(dir, 'cache'), '--no-report', '--quiet']);
  t.equal(check.status, 0, check.stderr);
  const c = Results.parse(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'))).claims[0].calibration!;
  t.equal(c.replicates, 4);
  t.equal(c.profile, 'quick');
  t.type(c.falseFail, 'number');

  // A calibration file for another profile: the first test's file relabelled (a calibrate run at
  // standard would cost more than the rest of this file).
  const file = join(dir, 'cal.json');
  writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(calibrationFile, 'utf8')), profile: 'standard' }));
  const bad = cli(['check', SPEC, '--calibration', file, '--out', out, '--cache', join(dir, 'cache'), '--no-report']);
  t.equal(bad.status, 2);
  t.match(bad.stderr, /--calibration .*: calibrated at profile standard, but the check runs at quick/);
  const flag = cli(['calibrate', SPEC, '--replicates', '0']);
  t.equal(flag.status, 2);
  t.match(flag.stderr, /--replicates: expected an integer >= 1/);
});
