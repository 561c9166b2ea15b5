import t from 'tap';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { defaultCacheDir, RunCache } from '../src/sweep/cache.js';
import { parseAge } from '../src/sweep/cache-listing.js';
import { CLI_ARGS } from './helpers/cli.js';

// The per-user cache through the CLI. Every command here runs with XDG_CACHE_HOME in a temp folder, never the real one.
const ROOT = resolve(import.meta.dirname, '..');
const SPEC = join(ROOT, 'test/fixtures/tiny-spec.yaml');
const tmp = mkdtempSync(join(tmpdir(), 'th-cache-'));
const xdg = join(tmp, 'xdg');
const userCache = join(xdg, 'theorem-harness', 'runs');
const cli = (args: string[], cwd = ROOT) =>
  spawnSync(process.execPath, [...CLI_ARGS, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true', XDG_CACHE_HOME: xdg } });

t.test('default cache: $XDG_CACHE_HOME/theorem-harness/runs, else ~/.cache/theorem-harness/runs', async (t) => {
  t.equal(defaultCacheDir({ XDG_CACHE_HOME: '/x/cache' }, '/home/u'), '/x/cache/theorem-harness/runs');
  t.equal(defaultCacheDir({}, '/home/u'), '/home/u/.cache/theorem-harness/runs');
  t.equal(defaultCacheDir({ XDG_CACHE_HOME: 'relative' }, '/home/u'), '/home/u/.cache/theorem-harness/runs', 'a relative XDG_CACHE_HOME is ignored');
  t.same(['30d', '12h', '90m', '45s', '2', 'soon'].map(parseAge), [30 * 864e5, 12 * 36e5, 90 * 6e4, 45e3, 2 * 864e5, null]);
});

t.test('runs made in one folder are found from another; cache info and prune', async (t) => {
  const made = cli(['check', SPEC, '--only', 'error-bounded', '--seeds', '1', '--workers', '1', '--out', join(tmp, 'out'), '--no-report', '--quiet']);
  t.equal(made.status, 0, made.stderr);
  const elsewhere = mkdtempSync(join(tmp, 'elsewhere-'));
  const plan = cli(['check', SPEC, '--only', 'error-bounded', '--seeds', '1', '--plan', '--json'], elsewhere);
  t.equal(plan.status, 0, plan.stderr);
  const p = JSON.parse(plan.stdout);
  t.ok(p.runs > 0);
  t.equal(p.cached, p.runs, 'every run is found in the per-user cache from another folder');
  const other = cli(['check', SPEC, '--only', 'error-bounded', '--seeds', '1', '--plan', '--json', '--cache', join(tmp, 'own')], elsewhere);
  t.equal(JSON.parse(other.stdout).cached, 0, '--cache still overrides (negative control)');

  const info = cli(['cache', 'info', '--json']);
  t.equal(info.status, 0, info.stderr);
  const i = JSON.parse(info.stdout);
  t.equal(i.dir, userCache);
  t.equal(i.entries, p.runs);
  t.ok(i.bytes > 0);
  t.same(i.engines.map((e: { engine: string; current: boolean }) => [e.engine, e.current]), [['tensor', true]]);
  t.match(cli(['cache', 'info']).stdout, new RegExp(`^cache: ${userCache}\\nentries: ${p.runs} \\(\\d`));

  // Plant an entry of an outdated engine version and age another one.
  const cache = new RunCache(userCache);
  const keys = await cache.keys();
  const first = (await cache.getEntry(keys[0]))!;
  const oldKey = await cache.putEntry({ ...first, engineVersion: '0.0.1-outdated' });
  const past = (Date.now() - 3 * 3600_000) / 1000;
  utimesSync(cache.pathOf(keys[1]), past, past);

  const none = cli(['cache', 'prune']);
  t.equal(none.status, 2);
  t.match(none.stderr, /^error: cache prune: say what to remove: --older-than <age>, --outdated or --all\n$/);
  const dry = cli(['cache', 'prune', '--outdated', '--dry-run']);
  t.match(dry.stdout, /^would remove 1 run \(/);
  t.ok(new RunCache(userCache).has(oldKey), 'dry run removes nothing');
  const outdated = cli(['cache', 'prune', '--outdated', '--json']);
  t.equal(JSON.parse(outdated.stdout).removed, 1);
  t.notOk(new RunCache(userCache).has(oldKey), 'the outdated entry is gone');
  const old = cli(['cache', 'prune', '--older-than', '2h']);
  t.match(old.stdout, /^removed 1 run \(/);
  t.same(await new RunCache(userCache).keys(), keys.filter((k) => k !== keys[1]), 'only the aged entry went');
  t.equal(cli(['cache', 'prune', '--older-than', 'soon']).status, 2, 'a bad age is an input error');
  const all = cli(['cache', 'prune', '--all', '--json']);
  t.equal(JSON.parse(all.stdout).removed, keys.length - 1);
  t.same(await new RunCache(userCache).keys(), []);
});
