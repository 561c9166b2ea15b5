import t from 'tap';
import { resolveParams } from '../src/engine/params.js';
import type { RunResult } from '../src/engine/result.js';
import { RunPool, workerExecArgv } from '../src/sweep/pool.js';
import { InputError } from '../src/util/errors.js';

const FAKE = new URL('./fixtures/fake-engine.ts', import.meta.url).href;
const params = (seed: number, extra: Record<string, unknown> = {}) => resolveParams({ engine: 'exact', seed, steps: 0, ...extra });

function span(r: RunResult): { thread: string; start: number; end: number } {
  const [, thread, start, end] = r.backend.split(':');
  return { thread, start: Number(start), end: Number(end) };
}
const comparable = (r: RunResult) => ({ ...r, backend: '', wallSeconds: 0 });

t.test('two workers run at once and return what in-process runs return', async (t) => {
  const pool = new RunPool({ size: 2, modules: [FAKE] });
  const local = new RunPool({ size: 1, modules: [FAKE] });
  t.teardown(() => Promise.all([pool.close(), local.close()]));
  const plan = [1, 2, 3, 4].map((s) => params(s, { steps: 300 }));
  const [parallel, serial] = [await Promise.all(plan.map((p) => pool.run(p))), [] as RunResult[]];
  for (const p of plan.map((p) => ({ ...p, steps: 0 }))) serial.push(await local.run(p));
  const spans = parallel.map(span);
  t.equal(new Set(spans.map((s) => s.thread)).size, 2, 'both workers took jobs');
  const overlap = spans.some((a, i) => spans.some((b, j) => i !== j && a.thread !== b.thread && a.start < b.end && b.start < a.end));
  t.ok(overlap, 'runs on different workers overlapped in time');
  t.same(
    parallel.map((r) => comparable({ ...r, params: { ...r.params, steps: 0 } })),
    serial.map(comparable),
    'same results as in-process',
  );
});

t.test('a failing run rejects alone; a dead worker is replaced', async (t) => {
  const pool = new RunPool({ size: 2, modules: [FAKE] });
  t.teardown(() => pool.close());
  const outcomes = await Promise.allSettled([params(1), params(13), params(14), params(2), params(3, { d: 7 }), params(4)].map((p) => pool.run(p)));
  t.same(
    outcomes.map((o) => o.status),
    ['fulfilled', 'rejected', 'rejected', 'fulfilled', 'rejected', 'fulfilled'],
  );
  t.match((outcomes[1] as PromiseRejectedResult).reason.message, /planted failure at seed 13/);
  t.match((outcomes[2] as PromiseRejectedResult).reason.message, /exited with code 3/);
  const bad = (outcomes[4] as PromiseRejectedResult).reason;
  t.ok(bad instanceof InputError, 'bad input stays an InputError across the thread boundary');
  t.match(bad.message, /d = 7/);
  // The pool still works after the crash.
  t.equal((await pool.run(params(5))).params.seed, 5);
});

t.test('in-process pool reports errors the same way', async (t) => {
  const local = new RunPool({ size: 1, modules: [FAKE] });
  await t.rejects(local.run(params(13)), /planted failure/);
  await t.rejects(local.run(params(1, { d: 7 })), InputError);
  await local.close();
  await t.rejects(local.run(params(1)), /closed/);
  t.throws(() => new RunPool({ size: 0 }), RangeError);
});

t.test('the compiled pool (dist/, plain node, no tsx) runs jobs on worker threads', async (t) => {
  const { existsSync, statSync } = await import('node:fs');
  const { spawnSync } = await import('node:child_process');
  const root = new URL('../', import.meta.url);
  const built = new URL('dist/src/sweep/pool.js', root);
  const fixture = new URL('dist/test/fixtures/fake-engine.js', root);
  const sources = ['src/sweep/pool.ts', 'src/sweep/worker.ts', 'src/sweep/run-one.ts'].map((f) => new URL(f, root));
  const fresh = existsSync(built) && existsSync(fixture) && sources.every((s) => statSync(s).mtimeMs <= statSync(built).mtimeMs);
  if (!fresh) {
    t.plan(0, 'skipped: dist/ is missing or older than src/sweep (npm test builds it first)');
    return;
  }
  const script = `
    const { RunPool } = await import(${JSON.stringify(built.href)});
    const { resolveParams } = await import(${JSON.stringify(new URL('dist/src/engine/params.js', root).href)});
    const pool = new RunPool({ size: 2, modules: [${JSON.stringify(fixture.href)}] });
    const rs = await Promise.all([1, 2, 3].map((seed) => pool.run(resolveParams({ engine: 'exact', seed, steps: 50, curvePoints: 2 }))));
    await pool.close();
    console.log(JSON.stringify(rs.map((r) => [r.params.seed, r.backend.split(':')[1]])));`;
  const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  t.equal(out.status, 0, out.stderr);
  const rows = JSON.parse(out.stdout) as [number, string][];
  t.same(rows.map((r) => r[0]), [1, 2, 3]);
  t.ok(rows.every((r) => r[1] !== '0'), 'every run ran off the main thread');
});

t.test('workers drop the flags that name the parent entry point', async (t) => {
  t.same(workerExecArgv(['--import=tsx', '--input-type=module', '-e', 'code', '--enable-source-maps']), ['--import=tsx', '--enable-source-maps']);
  t.same(workerExecArgv(['--input-type', 'module', '--print', 'x', '--eval=y', '--max-old-space-size=512']), ['--max-old-space-size=512']);
});
