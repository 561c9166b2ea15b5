import t from 'tap';
import { command, installCommand, requires, REQUIRE_ALL_ENV, type Requirement } from './helpers/requires.js';

/** Records what `requires` does to a test instead of doing it. */
function recorder() {
  const calls: string[] = [];
  return { calls, fail: (m: string) => calls.push(`fail: ${m}`), plan: (n: number, c?: string) => calls.push(`plan ${n}: ${c}`) };
}

const absent = command('theorem-harness-no-such-tool', ['pkg-a', 'pkg-b']);
const present: Requirement = { what: 'node', packages: ['nodejs'], present: () => true };

t.test('a missing requirement skips naming the install command; a present one runs', async (t) => {
  const saved = process.env[REQUIRE_ALL_ENV];
  delete process.env[REQUIRE_ALL_ENV];
  t.teardown(() => {
    if (saved === undefined) delete process.env[REQUIRE_ALL_ENV];
    else process.env[REQUIRE_ALL_ENV] = saved;
  });
  const rec = recorder();
  t.equal(requires(rec, present, absent), false);
  t.same(rec.calls, ['plan 0: skipped: theorem-harness-no-such-tool not found: apt-get install -y pkg-a pkg-b']);
  const ok = recorder();
  t.equal(requires(ok, present), true);
  t.same(ok.calls, [], 'nothing planned or failed when all are present');
});

t.test(`${REQUIRE_ALL_ENV}=1 turns the skip into a failure`, async (t) => {
  const saved = process.env[REQUIRE_ALL_ENV];
  process.env[REQUIRE_ALL_ENV] = '1';
  t.teardown(() => {
    if (saved === undefined) delete process.env[REQUIRE_ALL_ENV];
    else process.env[REQUIRE_ALL_ENV] = saved;
  });
  const rec = recorder();
  t.equal(requires(rec, absent), false);
  t.equal(rec.calls.length, 1);
  t.match(rec.calls[0], /^fail: theorem-harness-no-such-tool not found: apt-get install -y pkg-a pkg-b/);
});

t.test('install command lists each package once', async (t) => {
  t.equal(installCommand([absent, absent, present]), 'apt-get install -y pkg-a pkg-b nodejs');
});
