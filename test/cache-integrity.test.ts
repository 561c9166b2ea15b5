import t from 'tap';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { resolveParams, type SimParams } from '../src/engine/params.js';
import { RunCache, type CacheProblem } from '../src/sweep/cache.js';
import { planRuns, runAll } from '../src/sweep/executor.js';
import { RunPool } from '../src/sweep/pool.js';
import { CLI_ARGS } from './helpers/cli.js';

const FAKE = new URL('./fixtures/fake-engine.ts', import.meta.url).href;
const modules = [FAKE];
const versionOf = async () => 'fake-1';
const params = (seed: number): SimParams => resolveParams({ engine: 'exact', seed, steps: 0, curvePoints: 2 });
const plan = [1, 2, 3].map(params);

type Tamper = (file: string, others: string[]) => void;
const json = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

const tampers: { name: string; tamper: Tamper; reason: RegExp }[] = [
  { name: 'truncated', tamper: (f) => writeFileSync(f, readFileSync(f, 'utf8').slice(0, 100)), reason: /not valid JSON/ },
  { name: 'empty', tamper: (f) => writeFileSync(f, ''), reason: /empty file/ },
  { name: 'random bytes', tamper: (f) => writeFileSync(f, randomBytes(4096)), reason: /not valid JSON/ },
  {
    name: "another run's result swapped in (key and params kept)",
    tamper: (f, [other]) => {
      const entry = json(f);
      entry.result = json(other).result;
      writeFileSync(f, JSON.stringify(entry));
    },
    reason: /result's parameters differ/,
  },
  {
    name: "another run's result with its params field rewritten to match",
    tamper: (f, [other]) => {
      const entry = json(f);
      entry.result = { ...json(other).result, params: entry.result.params };
      writeFileSync(f, JSON.stringify(entry));
    },
    reason: /checksum mismatch/,
  },
  {
    name: 'an edited metric',
    tamper: (f) => {
      const entry = json(f);
      entry.result.metrics.testError = 0.987654;
      writeFileSync(f, JSON.stringify(entry));
    },
    reason: /checksum mismatch/,
  },
  {
    name: 'an old entry without a checksum',
    tamper: (f) => {
      const { checksum: _c, ...entry } = json(f);
      writeFileSync(f, JSON.stringify(entry));
    },
    reason: /no checksum/,
  },
];

t.test('a cache entry that fails verification is reported, moved aside and redone', async (t) => {
  const pool = new RunPool({ size: 1, modules });
  t.teardown(() => pool.close());
  for (const { name, tamper, reason } of tampers) {
    const dir = t.testdir();
    const first = new RunCache(dir);
    const original = await runAll(plan, { cache: first, workers: pool, modules, versionOf });
    const [target, other] = (await planRuns(plan, versionOf)).map((p) => first.pathOf(p.key));
    const key = (await planRuns(plan, versionOf))[0].key;
    tamper(target, [other]);

    const seen: CacheProblem[] = [];
    const later = new RunCache(dir, { onProblem: (p) => seen.push(p) });
    t.equal(later.has(key), false, `${name}: not counted as cached (what check --plan counts)`);
    t.equal(seen.length, 1, `${name}: reported once`);
    t.equal(seen[0]?.file, target, `${name}: names the file`);
    t.match(seen[0]?.problem, reason, `${name}: says why`);
    t.match(seen[0]?.problem, /moved to .*\.corrupt-\d+/, `${name}: says where it went`);
    const aside = readdirSync(dirname(target)).filter((n) => n.includes('.corrupt-'));
    t.equal(aside.length, 1, `${name}: the damaged file is kept aside for inspection`);
    t.notOk(existsSync(target), `${name}: and no longer read`);

    let ran = 0;
    const redone = await runAll(plan, { cache: later, workers: pool, modules, versionOf, onProgress: (p) => (ran = p.done - p.cached) });
    t.equal(ran, 1, `${name}: exactly the damaged run is redone`);
    t.same(redone.get(key)?.metrics, original.get(key)?.metrics, `${name}: with the original numbers`);
    t.equal(new RunCache(dir).has(key), true, `${name}: and the cache is repaired`);
  }
});

t.test('sound entries verify, in a fresh instance and through getSync', async (t) => {
  const dir = t.testdir();
  const cache = new RunCache(dir);
  const results = await runAll(plan, { cache, workers: 1, modules, versionOf });
  const problems: CacheProblem[] = [];
  const fresh = new RunCache(dir, { onProblem: (p) => problems.push(p) });
  for (const [key, result] of results) {
    t.same(fresh.getSync(key), result);
    t.match(json(fresh.pathOf(key)).checksum, /^[0-9a-f]{64}$/);
  }
  t.same(problems, []);
});

t.test('through the CLI: check reports a damaged entry and redoes it; check --plan counts only verified entries', async (t) => {
  const { spawnSync } = await import('node:child_process');
  const { join } = await import('node:path');
  const dir = t.testdir();
  const cacheDir = join(dir, 'cache');
  // A fixed design (--seeds alone: no adaptive rounds), so every cached run is one `check --plan` counts:
  // with rounds, the plan counts the first round only and a later round's entry is not read by it.
  const cli = (args: string[]) =>
    spawnSync(process.execPath, [...CLI_ARGS, ...args, 'test/fixtures/tiny-spec.yaml', '--only', 'error-bounded', '--seeds', '3', '--cache', cacheDir], {
      encoding: 'utf8',
      env: { ...process.env, CI: 'true' },
    });
  const check = (out: string) => cli(['check', '--out', join(dir, out), '--no-report', '--workers', '1']);
  const plan = () => {
    const r = cli(['check', '--plan', '--json']);
    return { ...r, plan: JSON.parse(r.stdout) as { runs: number; cached: number } };
  };
  const first = check('first');
  t.equal(first.status, 0, first.stderr);
  // Run entries only (<cache>/<key[0..2]>/<key>.json), not the calibration figures kept in <cache>/calibration/.
  const files = readdirSync(cacheDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /^[0-9a-f]{64}\.json$/.test(e.name) && basename(e.parentPath) === e.name.slice(0, 2))
    .map((e) => join(e.parentPath, e.name))
    .sort();
  t.ok(files.length >= 2);
  const before = plan();
  t.equal(before.plan.cached, before.plan.runs, 'every run cached');
  t.equal(files.length, before.plan.runs, 'every cache entry is a run the plan counts');

  const edited = json(files[0]);
  edited.result.metrics.testError = 0.987654;
  writeFileSync(files[0], JSON.stringify(edited));
  const second = check('second');
  t.equal(second.status, 0, second.stderr);
  t.match(second.stderr, new RegExp(`warning: cache: ${files[0].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: checksum mismatch`));
  const a = json(join(dir, 'first', 'results.json'));
  const b = json(join(dir, 'second', 'results.json'));
  t.same(b.claims.map((c: { statistic: unknown }) => c.statistic), a.claims.map((c: { statistic: unknown }) => c.statistic), 'the redone run gives the same statistics');

  writeFileSync(files[1], '');
  const after = plan();
  t.equal(after.status, 0, after.stderr);
  t.equal(after.plan.cached, after.plan.runs - 1, 'the emptied entry is not counted');
  t.match(after.stderr, /warning: cache: .*empty file/);
});
