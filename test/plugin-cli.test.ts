import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import t from 'tap';
import { CLI_ARGS } from './helpers/cli.js';

// Plug-ins named on the command line: `simulate --plugin <file>` and `check --engine <a plug-in's engine>`.
const API = pathToFileURL(join(process.cwd(), 'src', 'index.ts')).href;
const dir = mkdtempSync(join(tmpdir(), 'th-plugin-cli-'));
writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
const cli = (...args: string[]) => spawnSync(process.execPath, [...CLI_ARGS, ...args], { encoding: 'utf8' });

// A heavy-ball optimizer with its own parameter (a flag once loaded), and an engine that delegates to the exact one.
writeFileSync(
  join(dir, 'momentum.ts'),
  `import { definePlugin, defineOptimizer, z } from '${API}';
export const momentum = defineOptimizer({
  name: 'cli-momentum',
  description: 'heavy-ball momentum',
  params: z.object({ cliBeta: z.number().min(0).lt(1).default(0.5).describe('momentum coefficient') }),
  spanPreserving: true,
  create: ({ cliBeta }) => ({
    step({ weights, gradient, lr, ops, state }) {
      const v = ops.add(ops.scale(state.get('v') ?? ops.zerosLike(gradient), cliBeta), gradient);
      state.set('v', v);
      return ops.sub(weights, ops.scale(v, lr));
    },
  }),
});
export default definePlugin({ name: 'cli-momentum', optimizers: [momentum] });
`,
);
writeFileSync(
  join(dir, 'engine.ts'),
  `import { definePlugin, getEngine, type Engine } from '${API}';
const engine: Engine = {
  name: 'cli-relay',
  version: 'relay-1',
  validate() {},
  async run(params, hooks) {
    const exact = await getEngine('exact');
    return { ...(await exact.run({ ...params, engine: 'exact' }, hooks)), engine: 'cli-relay', engineVersion: 'relay-1' };
  },
};
// A plug-in engine with a bug: every run throws.
const broken: Engine = { name: 'cli-broken', version: 'broken-1', validate() {}, async run() { throw new Error('cli-broken: no device here'); } };
export default definePlugin({ name: 'cli-relay', engines: { 'cli-relay': async () => engine, 'cli-broken': async () => broken } });
`,
);
const tinySpec = readFileSync(join(process.cwd(), 'test', 'fixtures', 'tiny-spec.yaml'), 'utf8');
writeFileSync(join(dir, 'spec.yaml'), `plugins: ['./engine.ts']\n${tinySpec}`);

const small = ['--quiet', '--d', '40', '--m', '2', '--n-labeled', '6', '--n-test', '20', '--steps', '10', '--eta', '0.05', '--curve-points', '3', '--json'];

t.test('simulate --plugin loads the module: its optimizer and its parameter flag work', async (t) => {
  const plugin = join(dir, 'momentum.ts');
  const help = cli('simulate', '--plugin', plugin, '--help');
  t.equal(help.status, 0, help.stderr);
  t.match(help.stdout, /--cli-beta <value>\s+momentum coefficient/, "the plug-in's parameter is a flag, with its description");
  t.match(help.stdout, /gd \|\s+cli-momentum/, '--optimizer lists it');
  // The numbers of plug-in optimizers on both engines are tested in-process (test/components.test.ts); here the CLI path.
  const out = cli('simulate', `--plugin=${plugin}`, '--optimizer', 'cli-momentum', '--cli-beta', '0.9', '--engine', 'exact', ...small);
  t.equal(out.status, 0, out.stderr);
  const r = JSON.parse(out.stdout);
  t.equal(r.params.optimizer, 'cli-momentum');
  t.equal(r.params.cliBeta, 0.9);
  t.equal(r.engine, 'exact');
  const text = cli('simulate', '--plugin', plugin, '--optimizer', 'cli-momentum', '--quiet', '--engine', 'exact', '--d', '40', '--steps', '5');
  t.equal(text.status, 0, text.stderr);
  t.match(text.stdout, new RegExp(`replay: theorem-harness simulate --plugin ${plugin.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} .*--optimizer cli-momentum`), 'the replay line loads the plug-in again');
});

t.test('simulate refuses a plug-in flag without the plug-in, and a missing module, naming them (exit 2)', async (t) => {
  const without = cli('simulate', '--optimizer', 'cli-momentum', ...small);
  t.equal(without.status, 2);
  t.match(without.stderr, /optimizer: unknown optimizer "cli-momentum" \(known: gd/);
  const missing = cli('simulate', '--plugin', join(dir, 'nope.ts'), ...small);
  t.equal(missing.status, 2);
  t.match(missing.stderr, /--plugin: no module .*nope\.ts/);
  t.notMatch(missing.stderr, /\n\s+at /, 'no stack trace');
});

t.test("check --engine takes an engine a spec's plug-in registers", async (t) => {
  const out = cli('check', join(dir, 'spec.yaml'), '--engine', 'cli-relay', '--only', 'error-bounded', '--out', join(dir, 'out'), '--cache', join(dir, 'cache'), '--workers', '1', '--seeds', '2', '--max-seeds', '2', '--set', 'steps=10');
  t.equal(out.status === 0 || out.status === 1, true, `check ran (exit ${out.status}): ${out.stderr.slice(-400)}`);
  const results = JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8'));
  t.equal(results.engine.name, 'cli-relay', 'every run went through the plug-in engine');
  const bogus = cli('check', join(dir, 'spec.yaml'), '--engine', 'no-such-engine', '--only', 'error-bounded', '--out', join(dir, 'out2'), '--cache', join(dir, 'cache'));
  t.equal(bogus.status, 2);
  t.match(bogus.stderr, /--engine: expected one of tensor, exact, auto, cli-relay, cli-broken \(got "no-such-engine"/);
  // Runs that throw are named with their error, exit 2, without the harness's stack.
  const failing = cli('check', join(dir, 'spec.yaml'), '--engine', 'cli-broken', '--only', 'error-bounded', '--out', join(dir, 'out3'), '--cache', join(dir, 'cache'), '--workers', '1', '--seeds', '2', '--max-seeds', '2', '--no-report');
  t.equal(failing.status, 2, failing.stderr);
  t.match(failing.stderr, /^error: 4 run\(s\) failed; the others are cached:\n  seed \d, supervised\/cli-broken \([0-9a-f]+\): cli-broken: no device here/m);
  t.notMatch(failing.stderr, /\n\s+at /, 'no stack trace');
});
