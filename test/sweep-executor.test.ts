import t from 'tap';
import { join } from 'node:path';
import { resolveParams, type SimParams } from '../src/engine/params.js';
import { RunCache } from '../src/sweep/cache.js';
import { defaultVersionOf, exportRuns, importRuns, planRuns, runAll, SweepError, type Progress } from '../src/sweep/executor.js';
import { RunPool } from '../src/sweep/pool.js';
import { formatShard, parseShard, shardKeys } from '../src/sweep/shard.js';
import { InputError } from '../src/util/errors.js';

const FAKE = new URL('./fixtures/fake-engine.ts', import.meta.url).href;
const modules = [FAKE];
const versionOf = async () => 'fake-1';
const params = (seed: number, extra: Record<string, unknown> = {}): SimParams =>
  resolveParams({ engine: 'exact', seed, steps: 0, curvePoints: 2, ...extra });
const plan = [...[1, 2, 3, 4, 5, 6, 7].map((s) => params(s)), params(1), params(3, { regime: 'simclr', engine: 'tensor' })];
const strip = (m: Map<string, { backend: string; wallSeconds: number }>) =>
  [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, r]) => [k, { ...r, backend: '', wallSeconds: 0 }]);

t.test('parseShard accepts i/N and rejects the rest with an InputError naming the flag', async (t) => {
  t.same(parseShard('2/4'), { index: 2, count: 4 });
  t.same(parseShard(' 1 / 1 '), { index: 1, count: 1 });
  t.equal(formatShard({ index: 3, count: 8 }), '3/8');
  for (const bad of ['0/2', '3/2', '1/0', '1', 'a/b', '1/2/3', '-1/2', '1.5/2', '']) {
    t.throws(() => parseShard(bad), InputError, bad);
  }
  t.throws(() => parseShard('3/2'), { message: /--shard: i must be between 1 and N=2 \(got "3\/2"\)/ });
});

t.test('shards are disjoint and cover the keys exactly once', async (t) => {
  const keys = Array.from({ length: 23 }, (_, i) => i.toString(16).padStart(64, '0'));
  for (const count of [1, 2, 3, 5, 30]) {
    const slices = Array.from({ length: count }, (_, i) => shardKeys([...keys].reverse(), { index: i + 1, count }));
    const all = slices.flat();
    t.equal(all.length, keys.length, `N=${count}: no key twice`);
    t.same(new Set(all), new Set(keys), `N=${count}: every key`);
    t.ok(Math.max(...slices.map((s) => s.length)) - Math.min(...slices.map((s) => s.length)) <= 1, 'balanced');
  }
});

t.test('runAll dedups, caches, resumes, and reports progress', async (t) => {
  const cache = new RunCache(t.testdir());
  const events: Progress[] = [];
  const first = await runAll(plan, { cache, workers: 2, modules, versionOf, onProgress: (p) => events.push(p) });
  const planned = await planRuns(plan, versionOf);
  t.equal(new Set(planned.map((p) => p.key)).size, 8, 'the duplicate params share a key');
  t.equal(first.size, 8);
  t.same(events[0], { done: 0, total: 8, cached: 0, failed: 0 });
  t.equal(events.length, 9);
  t.same(events.at(-1)!.done, 8);
  for (const p of planned) t.equal(first.get(p.key)!.params.seed, p.params.seed);
  t.equal((await cache.keys()).length, 8, 'each run was written to the cache');

  const again: Progress[] = [];
  const second = await runAll(plan, { cache, workers: 2, modules, versionOf, onProgress: (p) => again.push(p) });
  t.same(again, [{ done: 8, total: 8, cached: 8, failed: 0 }], 'nothing reruns');
  t.same(strip(second), strip(first));
  // The default versionOf asks the registered engines.
  const viaEngine = await planRuns([params(1)], defaultVersionOf(modules));
  t.equal(viaEngine[0].engineVersion, 'fake-1');
});

t.test('shards 1/2 and 2/2, exported and merged, equal the unsharded sweep', async (t) => {
  const root = t.testdir();
  const whole = await runAll(plan, { cache: new RunCache(join(root, 'whole')), workers: 1, modules, versionOf });
  const outs: string[] = [];
  for (const index of [1, 2]) {
    const cache = new RunCache(join(root, `cache${index}`));
    const part = await runAll(plan, { cache, workers: 1, modules, versionOf, shard: { index, count: 2 } });
    t.equal(part.size, 4);
    const out = join(root, `out${index}`, 'runs');
    const report = await exportRuns(part.keys(), cache, out);
    t.same([report.copied, report.missing, report.problems], [4, [], []]);
    outs.push(out);
  }
  const merged = new RunCache(join(root, 'merged'));
  const report = await importRuns(outs, merged);
  t.same([report.copied, report.present, report.problems], [8, 0, []]);
  const fromMerged = await runAll(plan, { cache: merged, workers: 1, modules, versionOf, onProgress: (p) => t.equal(p.cached, 8) });
  t.same(strip(fromMerged), strip(whole));
  t.same((await importRuns(outs, merged)).present, 8, 'importing twice copies nothing');
  t.same((await exportRuns(['cd'.repeat(32)], merged, join(root, 'x'))).missing, ['cd'.repeat(32)]);
});

t.test('failed runs do not stop the others, which stay cached', async (t) => {
  const cache = new RunCache(t.testdir());
  const withFailure = [params(1), params(13), params(2), params(14), params(3)];
  const err = await runAll(withFailure, { cache, workers: 2, modules, versionOf }).catch((e: unknown) => e);
  t.ok(err instanceof SweepError);
  const sweep = err as SweepError;
  t.equal(sweep.failures.length, 2);
  t.match(sweep.message, /2 run\(s\) failed/);
  t.equal(sweep.results.size, 3);
  t.equal((await cache.keys()).length, 3);
  const bad = await runAll([params(1), params(5, { d: 7 })], { cache, workers: 1, modules, versionOf }).catch((e: unknown) => e);
  t.ok(bad instanceof InputError, 'an engine rejecting a configuration is bad input (exit 2)');
  t.equal((await cache.keys()).length, 3, 'the cached run was not redone, the bad one not stored');
});

t.test('concurrent sweeps over overlapping plans run each run once', async (t) => {
  const cache = new RunCache(t.testdir());
  class CountingPool extends RunPool {
    runs = 0;
    override run(p: SimParams) {
      this.runs++;
      return super.run(p);
    }
  }
  const pool = new CountingPool({ size: 2, modules });
  t.teardown(() => pool.close());
  const a = [params(1, { steps: 100 }), params(2, { steps: 100 })];
  const b = [params(2, { steps: 100 }), params(3, { steps: 100 })];
  const [ra, rb] = await Promise.all([runAll(a, { cache, workers: pool, versionOf }), runAll(b, { cache, workers: pool, versionOf })]);
  const [k2] = (await planRuns([a[1]], versionOf)).map((p) => p.key);
  t.same(ra.get(k2), rb.get(k2));
  t.equal(pool.runs, 3, 'three distinct runs, three engine calls');
});

t.test('a shared pool is left open for the caller', async (t) => {
  const pool = new RunPool({ size: 2, modules });
  t.teardown(() => pool.close());
  const cache = new RunCache(t.testdir());
  await runAll([params(1), params(2)], { cache, workers: pool, modules, versionOf });
  t.equal((await pool.run(params(3))).params.seed, 3);
});
