import t from 'tap';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { resolveParams } from '../src/engine/params.js';
import { RunCache } from '../src/sweep/cache.js';
import { runAll } from '../src/sweep/executor.js';
import { canonicalJson, runKey } from '../src/sweep/key.js';
import { RunPool } from '../src/sweep/pool.js';

const FAKE = new URL('./fixtures/fake-engine.ts', import.meta.url).href;
const CHILD = new URL('./fixtures/sweep-child.ts', import.meta.url).pathname;

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

async function fakeResult(seed: number) {
  const pool = new RunPool({ size: 1, modules: [FAKE] });
  const params = resolveParams({ engine: 'exact', seed, steps: 0, curvePoints: 2 });
  return { params, result: await pool.run(params) };
}

t.test('keys: canonical JSON ignores key order, and every input changes the key', async (t) => {
  t.equal(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } }), '{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
  const p = resolveParams({ seed: 1 });
  const reordered = Object.fromEntries(Object.entries(p).reverse()) as typeof p;
  const k = runKey({ engine: 'exact', engineVersion: '1', params: p });
  t.match(k, /^[0-9a-f]{64}$/);
  t.equal(runKey({ engine: 'exact', engineVersion: '1', params: reordered }), k);
  t.not(runKey({ engine: 'exact', engineVersion: '2', params: p }), k);
  t.not(runKey({ engine: 'tensor', engineVersion: '1', params: p }), k);
  t.not(runKey({ engine: 'exact', engineVersion: '1', params: { ...p, seed: 2 } }), k);
});

t.test('put/get round trip, layout, and corrupt files ignored and reported', async (t) => {
  const dir = t.testdir();
  const seen: string[] = [];
  const cache = new RunCache(dir, { onProblem: (p) => seen.push(p.problem) });
  const { params, result } = await fakeResult(1);
  const key = await cache.put({ engine: 'exact', engineVersion: 'fake-1', params }, result);
  t.ok(existsSync(join(dir, key.slice(0, 2), `${key}.json`)));
  t.same(await cache.get(key), result);
  t.same(cache.getSync(key), result);
  t.same(await cache.keys(), [key]);

  // Damage the file behind the cache's back; a fresh instance (a later process) reads the disk.
  const fresh = () => new RunCache(dir, { onProblem: (p) => seen.push(p.problem) });
  // Truncated file.
  const file = cache.pathOf(key);
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.slice(0, text.length / 2));
  t.same(await cache.get(key), result, 'this instance remembers what it wrote');
  t.equal(await fresh().get(key), undefined);
  t.match(seen.at(-1), /not valid JSON/);
  t.equal(fresh().getSync(key), undefined, 'the damaged file was moved aside');
  t.equal(seen.length, 1, 'and is reported once');
  // Valid JSON, wrong shape.
  writeFileSync(file, JSON.stringify({ key, hello: 1 }));
  t.equal(await fresh().get(key), undefined);
  t.match(seen.at(-1), /not a cache entry/);
  // A sound entry under another run's name (e.g. a copied file).
  const other = await fakeResult(2);
  const otherKey = await cache.put({ engine: 'exact', engineVersion: 'fake-1', params: other.params }, other.result);
  writeFileSync(file, readFileSync(cache.pathOf(otherKey)));
  const reader = fresh();
  t.equal(await reader.get(key), undefined);
  t.match(seen.at(-1), /hash to/);
  t.equal(reader.problems.length, 1);
  t.equal(seen.length, 3);
  // Rewriting repairs it.
  await reader.put({ engine: 'exact', engineVersion: 'fake-1', params }, result);
  t.same(await fresh().get(key), result);
  await t.rejects(cache.put({ engine: 'exact', engineVersion: 'x', params }, { ...result, wallSeconds: -1 }));
  t.throws(() => cache.pathOf('../etc'), RangeError);
});

t.test('temp files of dead writers are swept, live ones kept, and never listed as runs', async (t) => {
  const dir = t.testdir();
  const cache = new RunCache(dir);
  const key = 'ab'.repeat(32);
  mkdirSync(join(dir, 'ab'), { recursive: true });
  const host = (await import('node:os')).hostname().replace(/[^A-Za-z0-9-]/g, '_');
  const dead = join(dir, 'ab', `.${key}.${host}.999999999.0000.tmp`);
  const live = join(dir, 'ab', `.${key}.${host}.${process.pid}.0000.tmp`);
  writeFileSync(dead, '{"trunc');
  writeFileSync(live, '{"trunc');
  t.same(await cache.keys(), []);
  t.equal(cache.sweepTemp(), 1);
  t.notOk(existsSync(dead));
  t.ok(existsSync(live));
});

t.test('SIGKILL mid-sweep leaves only whole entries, and a rerun finishes the rest', async (t) => {
  const dir = t.testdir();
  const total = 40;
  const child = spawn(process.execPath, [...process.execArgv, CHILD, dir, String(total)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let lines = 0;
  let finished = false;
  await new Promise<void>((resolve) => {
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      lines += chunk.split('\n').filter((l) => l.startsWith('done')).length;
      if (chunk.includes('finished')) finished = true;
      if (lines >= 10) child.kill('SIGKILL');
    });
    child.on('exit', () => resolve());
  });
  t.notOk(finished, 'the child was killed before it finished');

  const cache = new RunCache(dir);
  const keys = await cache.keys();
  t.ok(keys.length >= 10 && keys.length < total, `${keys.length} entries survived the kill`);
  for (const key of keys) t.ok(await cache.get(key), `entry ${key.slice(0, 8)} is whole and valid`);
  t.same(cache.problems, []);
  t.ok(filesUnder(dir).every((f) => f.endsWith('.json') || f.endsWith('.tmp')), 'only entries and temp files');
  t.comment(`${filesUnder(dir).filter((f) => f.endsWith('.tmp')).length} temp file(s) left by the kill`);

  let cached = -1;
  const plan = Array.from({ length: total }, (_, seed) => resolveParams({ engine: 'exact', seed: seed + 100, steps: 0, curvePoints: 300 }));
  const results = await runAll(plan, { cache, workers: 1, modules: [FAKE], onProgress: (p) => (cached = p.key ? cached : p.cached) });
  t.equal(cached, keys.length, 'the rerun reused every finished run');
  t.equal(results.size, total);
  t.equal((await cache.keys()).length, total);
  t.notOk(filesUnder(dir).some((f) => f.endsWith('.tmp')), 'no temp file left after the rerun');
  for (const key of await cache.keys()) t.ok(await cache.get(key));
  t.same(cache.problems, []);
});
