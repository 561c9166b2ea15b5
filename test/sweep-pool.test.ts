import t from 'tap';
import { resolveParams } from '../src/engine/params.js';
import type { RunResult } from '../src/engine/result.js';
import { RunPool } from '../src/sweep/pool.js';
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
