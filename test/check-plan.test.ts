import t from 'tap';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { distinguishingParams, listClaim, RunTimeEstimator } from '../src/check/plan-listing.js';
import type { CacheEntry } from '../src/sweep/cache.js';
import type { PlannedRun } from '../src/sweep/executor.js';
import type { SimParams } from '../src/engine/params.js';
import { CLI_ARGS } from './helpers/cli.js';

const SPEC = 'test/fixtures/tiny-spec.yaml';
const tmp = mkdtempSync(join(tmpdir(), 'th-plan-'));
const cli = (args: string[]) => spawnSync(process.execPath, [...CLI_ARGS, ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });

const run = (key: string, p: Partial<SimParams>): PlannedRun => ({ key, engineVersion: '1', params: { engine: 'tensor', regime: 'supervised', data: 'synthetic', d: 100, nLabeled: 10, seed: 0, ...p } as SimParams });
const entry = (p: Record<string, unknown>, wallSeconds: number) => ({ engine: 'tensor', params: { engine: 'tensor', regime: 'supervised', data: 'synthetic', d: 100, nLabeled: 10, seed: 0, ...p }, result: { wallSeconds } }) as unknown as CacheEntry;

t.test('distinguishing parameters are those that vary, seed excluded', async (t) => {
  const runs = [run('a', { nLabeled: 4, seed: 0 }), run('b', { nLabeled: 8, seed: 1 }), run('c', { nLabeled: 8, seed: 0 })];
  t.same(distinguishingParams(runs.map((r) => r.params)), ['nLabeled']);
  t.same(distinguishingParams([]), []);
});

t.test('estimates: other seeds of the same point first, else the nearest runs of the same engine and regime, else none', async (t) => {
  const est = new RunTimeEstimator([entry({ nLabeled: 10, seed: 5 }, 2), entry({ nLabeled: 10, seed: 6 }, 4), entry({ nLabeled: 1000 }, 100), entry({ regime: 'simclr' }, 50)]);
  t.equal(est.estimate(run('x', { nLabeled: 10, seed: 0 }).params), 3, 'mean of the same point');
  t.equal(est.estimate(run('x', { engine: 'exact' } as Partial<SimParams>).params), null, 'no cached run of this engine');
  const near = est.estimate(run('x', { nLabeled: 12 }).params)!;
  t.ok(near > 0 && near < 100, `a near point borrows from its neighbours (${near})`);
  const listing = listClaim('c', [run('k1', { nLabeled: 10, seed: 0 }), run('k2', { nLabeled: 10, seed: 1 }), run('k3', { nLabeled: 20, seed: 0 }), run('k1', { nLabeled: 10, seed: 0 })], (k) => k === 'k2', est);
  t.same(listing.points.map((p) => [p.params, p.seeds, p.cached]), [[{ nLabeled: 10 }, [0, 1], 1], [{ nLabeled: 20 }, [0], 0]], 'grouped by point, duplicates once');
  t.equal(listing.points[0].estimatedSeconds, 3, 'only the uncached run is estimated');
});

t.test('check --plan lists each point with its seeds and estimates the time from cached runs', async (t) => {
  const cache = join(tmp, 'cache');
  const empty = cli(['check', SPEC, '--plan', '--cache', cache]);
  t.equal(empty.status, 0, empty.stderr);
  t.match(empty.stdout, /error-falls-with-labels +monotone +9 runs, 0 cached; cap 12 seeds: 36 runs \(seeds per round 3, 6, 12\)\n {4}nLabeled=2 {2}seeds 0-2 {2}\(3 to run, no estimate\)\n {4}nLabeled=8 /);
  t.match(empty.stdout, /tiny \(quick\): 15 distinct runs in the first round, 0 cached, 15 to run; 60 if every undecided claim goes to its cap\n/);
  t.match(empty.stdout, /estimated time: unknown \(no similar cached runs to estimate 15 runs from\)/);
  const some = cli(['check', SPEC, '--only', 'error-falls-with-labels', '--seeds', '1', '--cache', cache, '--out', join(tmp, 'out'), '--no-report', '--quiet', '--workers', '1']);
  t.equal(some.status, 0, some.stderr);
  const after = cli(['check', SPEC, '--plan', '--json', '--workers', '1', '--cache', cache]);
  t.equal(after.status, 0, after.stderr);
  const plan = JSON.parse(after.stdout);
  const falls = plan.claims.find((c: { id: string }) => c.id === 'error-falls-with-labels');
  t.same(falls.points.map((p: { params: unknown; cached: number }) => [p.params, p.cached]), [[{ nLabeled: 2 }, 1], [{ nLabeled: 8 }, 1], [{ nLabeled: 32 }, 1]]);
  t.equal(falls.unestimated, 0);
  t.ok(plan.estimatedSeconds > 0, `estimated ${plan.estimatedSeconds} s for the 12 uncached runs`);
  t.notOk('planned' in falls, 'no raw plan in the JSON');
  const text = cli(['check', SPEC, '--plan', '--workers', '1', '--cache', cache]);
  t.match(text.stdout, /estimated time: ~\d+s on 1 worker \(from the wall times of similar cached runs\)\n$/);
});
