import t from 'tap';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { Results } from '../proofs-check/results.js';
import { CLI_ARGS } from './helpers/cli.js';

// End-to-end through the built CLI (npm test builds dist/ first) on a tiny spec: runs take ~0.1 s.
// Each process costs about a second of start-up, so checks that test flags rather than computing
// share the first check's cache (the same runs), and calibration (calibrate-cli.test.ts) is off.
const SPEC = 'test/fixtures/tiny-spec.yaml';
const tmp = mkdtempSync(join(tmpdir(), 'th-check-'));

function cli(args: string[]) {
  // XDG_CACHE_HOME: a command without --cache must not write to the user's real cache.
  return spawnSync(process.execPath, [...CLI_ARGS, ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true', XDG_CACHE_HOME: join(tmp, 'xdg') } });
}

const NO_CALIBRATION = ['--calibration-replicates', '0'];

function check(name: string, extra: string[] = [], cache = join(tmp, `${name}-cache`)) {
  const out = join(tmp, name);
  const r = cli(['check', SPEC, '--out', out, '--cache', cache, '--workers', '1', '--no-report', ...NO_CALIBRATION, ...extra]);
  return { ...r, out, results: existsSync(join(out, 'results.json')) ? Results.parse(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'))) : null };
}

/** What must not depend on how a result was reached: verdicts and numbers, not timings or cache hits. */
function essence(results: Results | null) {
  return results?.claims.map((c) => ({ id: c.id, verdict: c.verdict, reason: c.reason, statistic: c.statistic, measurements: c.measurements, fits: c.fits ?? null }));
}

// The one check on two workers: the pool's results must equal those of the resumed check below.
const clean = check('clean', ['--workers', '2']);
const CLEAN_CACHE = join(tmp, 'clean-cache');

t.test('check writes a valid results.json, prints a table and exits 0 when no claim fails', async (t) => {
  t.equal(clean.status, 0, clean.stderr);
  t.ok(clean.results, 'results.json written');
  t.same(clean.results!.claims.map((c) => c.id), ['error-bounded', 'error-falls-with-labels']);
  // One seed per point cannot show a bounded error below E_max (the betting rule needs more), so the
  // claim is inconclusive rather than passed; what matters here is the table and exit code 0.
  t.match(clean.stdout, /error-bounded\s+bound\s+(PASS|INCONCLUSIVE)/);
  t.notOk(clean.results!.claims.some((c) => c.verdict === 'fail'), 'no claim fails');
  t.equal(clean.results!.engine.name, 'tensor');
  t.ok(clean.results!.claims.every((c) => c.seeds.length >= 1 && c.runs > 0));
  const monotone = clean.results!.claims[1].statistic!;
  t.ok(clean.stdout.includes(`vs ${monotone.threshold}`), `the table gives the monotone statistic whole ("${monotone.threshold}")`);
});

t.test('--plan lists the runs each claim needs and runs nothing', async (t) => {
  const r = cli(['check', SPEC, '--plan', '--json', '--cache', join(tmp, 'plan-cache')]);
  t.equal(r.status, 0, r.stderr);
  const plan = JSON.parse(r.stdout);
  t.same(plan.claims.map((c: { id: string; runs: number }) => [c.id, c.runs]), [['error-bounded', 6], ['error-falls-with-labels', 9]]);
  t.equal(plan.runs, 15);
  t.equal(plan.cached, 0);
  t.notOk(existsSync(join(tmp, 'plan-cache')), 'no run was made');
});

t.test('--set changes a default for the whole check and is recorded', async (t) => {
  const r = check('set', ['--only', 'error-bounded', '--set', 'nTest=100', '--set', 'E_max=0.3']);
  t.equal(r.status, 0, r.stderr);
  t.same(r.results!.spec.set, { nTest: 100, E_max: 0.3 });
  t.match(r.results!.claims[0].statistic!.threshold, /0\.3/);
});

t.test('--strict turns an inconclusive verdict into exit 1; --only selects claims', async (t) => {
  const strict = check('clean', ['--strict']);
  t.equal(strict.status, clean.results!.claims.some((c) => c.verdict === 'inconclusive') ? 1 : 0);
  const only = check('only', ['--only', 'error-bounded'], CLEAN_CACHE);
  t.same(only.results!.claims.map((c) => c.id), ['error-bounded']);
});

t.test('a false claim fails with exit 1, a counterexample and a replay command', async (t) => {
  const spec = YAML.parse(readFileSync(SPEC, 'utf8'));
  spec.constants[0].default = 0; // "test error <= 0" at low SNR: false
  spec.claims[0].region = { nLabeled: { range: [2, 16], scale: 'log' }, snr: { range: [0.05, 0.2], scale: 'log' } };
  const file = join(tmp, 'false.json');
  writeFileSync(file, JSON.stringify(spec));
  const r = spawnSync(process.execPath, [...CLI_ARGS, 'check', file, '--only', 'error-bounded', '--seeds', '6', '--out', join(tmp, 'false'), '--cache', join(tmp, 'false-cache'), '--no-report', '--json', ...NO_CALIBRATION], { encoding: 'utf8' });
  t.equal(r.status, 1, r.stderr);
  const results = Results.parse(JSON.parse(r.stdout));
  const claim = results.claims[0];
  t.equal(claim.verdict, 'fail');
  t.match(claim.counterexample?.replay ?? '', /^theorem-harness simulate /);
  const replay = claim.counterexample!.replay.replace(/^theorem-harness /, '').split(' ');
  const again = cli([...replay, '--json']);
  t.equal(again.status, 0, again.stderr);
  t.ok(JSON.parse(again.stdout).metrics.testError > 0, 'the replayed run shows the violation');
});

t.test('bad input exits 2 with a message naming the flag or file', async (t) => {
  const cases: [string[], RegExp][] = [
    [['check', SPEC, '--profile', 'fastest'], /--profile/],
    [['check', SPEC, '--only', 'no-such-claim'], /--only: no claim 'no-such-claim'/],
    [['check', SPEC, '--shard', '3/2'], /--shard/],
    [['check', 'spec/does-not-exist'], /no spec file found/],
    [['check', SPEC, '--workers', '0'], /--workers/],
    [['check', SPEC, '--set', 'nosuch=1'], /nosuch: not a parameter or constant/],
    [['check', SPEC, '--set', 'd=5'], /d: must lie in \[10, 1000\] \(got 5\)/],
  ];
  for (const [args, message] of cases) {
    const r = cli(args);
    t.equal(r.status, 2, args.join(' '));
    t.match(r.stderr, message);
  }
});

t.test('a check killed mid-sweep resumes to the same verdicts and numbers, with no truncated cache file', async (t) => {
  const out = join(tmp, 'killed');
  const cache = join(tmp, 'killed-cache');
  const args = [...CLI_ARGS, 'check', SPEC, '--out', out, '--cache', cache, '--workers', '2', '--no-report', '--quiet', ...NO_CALIBRATION];
  const child = spawn(process.execPath, args, { stdio: 'ignore' });
  const files = () => (existsSync(cache) ? readdirSync(cache, { recursive: true }).map(String).filter((f) => f.endsWith('.json')) : []);
  const exited = new Promise((resolve) => child.on('exit', resolve));
  // Up to 2 minutes for the first runs: a loaded machine can take tens of seconds to start the check.
  for (let i = 0; i < 2400 && files().length < 4; i++) await new Promise((r) => setTimeout(r, 50));
  child.kill('SIGKILL');
  await exited;
  const partial = files();
  t.ok(partial.length >= 4 && partial.length < 15, `killed with ${partial.length} of 15 runs cached`);
  for (const f of partial) t.doesNotThrow(() => JSON.parse(readFileSync(join(cache, f), 'utf8')), `${f} is whole`);
  t.notOk(existsSync(join(out, 'results.json')), 'no results.json from the killed run');
  const resumed = spawnSync(process.execPath, args, { encoding: 'utf8' });
  t.equal(resumed.status, 0, resumed.stderr);
  const results = Results.parse(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')));
  t.same(essence(results), essence(clean.results));
  t.ok(results.claims.reduce((s, c) => s + c.cacheHits, 0) >= partial.length, 'the rerun used the finished runs');
});

t.test('--shard 1/2 and 2/2 merged equal the unsharded results (fixed seeds; adaptive rounds: adaptive-cli.test.ts)', async (t) => {
  // Runs the clean check made are cached and reused; a shard exports its slice whether computed or
  // cached (shards computing theirs: adaptive-cli.test.ts). The merge starts from an empty cache.
  const fixed = check('fixed', ['--seeds', '3'], CLEAN_CACHE);
  const a = check('shard1', ['--shard', '1/2', '--seeds', '3'], CLEAN_CACHE);
  const b = check('shard2', ['--shard', '2/2', '--seeds', '3'], CLEAN_CACHE);
  t.equal(a.status, 0, a.stderr);
  t.equal(b.status, 0, b.stderr);
  t.notOk(a.results, 'a shard writes runs, not verdicts');
  const count = (dir: string) => readdirSync(join(dir, 'runs'), { recursive: true }).map(String).filter((f) => f.endsWith('.json')).length;
  t.equal(count(a.out) + count(b.out), 15, 'the shards split the 15 runs');
  const merged = join(tmp, 'merged');
  const m = cli(['merge', a.out, b.out, '--out', merged, '--cache', join(tmp, 'merged-cache'), '--no-report']);
  t.equal(m.status, 0, m.stderr);
  const results = Results.parse(JSON.parse(readFileSync(join(merged, 'results.json'), 'utf8')));
  t.same(essence(results), essence(fixed.results));
  t.equal(results.claims.reduce((s, c) => s + c.cacheHits, 0), 15, 'every run came from the shards');
  const bad = cli(['merge', tmp]);
  t.equal(bad.status, 2);
  t.match(bad.stderr, /not a shard's output folder/);
});
