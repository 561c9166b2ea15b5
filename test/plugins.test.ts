import t from 'tap';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkers } from '../proofs-check/index.js';
import { formats } from '../src/report/formats/index.js';
import { defaultSpecPath, loadSpec } from '../src/spec/load.js';
import { resolveParams } from '../src/engine/params.js';
import { getEngine } from '../src/engine/engine.js';
import { RunPool } from '../src/sweep/pool.js';
import { loadModules } from '../src/sweep/run-one.js';
import { pluginSource, specSource, writePluginProject } from './helpers/plugin-fixture.js';

// Plug-ins as a user writes them, in folders outside the repository, importing the API from src/index.ts.
const API = pathToFileURL(join(process.cwd(), 'src', 'index.ts')).href;
const root = mkdtempSync(join(tmpdir(), 'th-plugins-'));
let n = 0;
const freshDir = () => {
  const dir = join(root, `p${n++}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  return dir;
};
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

t.test('a spec loads its plug-ins before validation: their kinds and formats are registered, their files recorded', async (t) => {
  const spec = writePluginProject(freshDir(), API);
  const loaded = await loadSpec(spec);
  t.same(loaded.spec.claims.map((c) => c.kind), ['every-seed', 'every-seed']);
  t.equal((loaded.spec.claims[0] as unknown as { bound: number }).bound, 0.2, 'the plug-in schema output is the claim');
  t.ok(checkers.has('every-seed'));
  t.ok(formats.has('csv'));
  t.match(checkers.origin('every-seed'), /plugins\/every-seed\.ts \(plug-in "every-seed"\)$/);
  t.same(loaded.modules!.map((m) => m.path.slice(root.length)), ['/p0/spec.yaml', '/p0/plugins/every-seed.ts']);
  t.equal(loaded.modules![1].hash, sha(join(root, 'p0', 'plugins', 'every-seed.ts')));
  t.not(loaded.hash, sha(spec), 'the spec hash covers the plug-in too');
  t.equal(loaded.plugins!.length, 1);
  t.match(loaded.plugins![0], /^file:.*every-seed\.ts$/);
});

t.test('a name registered by two plug-in modules is an error naming both', async (t) => {
  const dir = freshDir();
  mkdirSync(join(dir, 'plugins'));
  writeFileSync(join(dir, 'plugins', 'first.ts'), pluginSource(API, { formatName: 'dup-format', pluginName: 'first' }).replaceAll('every-seed', 'dup-kind'));
  writeFileSync(join(dir, 'plugins', 'second.ts'), pluginSource(API, { formatName: 'other-format', pluginName: 'second' }).replaceAll('every-seed', 'dup-kind'));
  writeFileSync(join(dir, 'spec.yaml'), specSource(['./plugins/first.ts', './plugins/second.ts']).replaceAll('every-seed', 'dup-kind'));
  const error = await loadSpec(join(dir, 'spec.yaml')).then(
    () => null,
    (e: Error) => e,
  );
  t.equal(error?.name, 'InputError');
  t.match(error?.message, /claim kind 'dup-kind' is registered twice: by \S*plugins\/first\.ts \(plug-in "first"\) and by \S*plugins\/second\.ts \(plug-in "second"\)/);
  t.match(error?.message, /spec\.yaml: /, 'the spec that listed them is named');
});

t.test('bad plug-ins and bad plug-in claims are InputErrors naming file and field', async (t) => {
  const dir = freshDir();
  mkdirSync(join(dir, 'plugins'));
  writeFileSync(join(dir, 'plugins', 'k.ts'), pluginSource(API, { formatName: 'k-format', pluginName: 'k' }).replaceAll('every-seed', 'k-kind'));
  writeFileSync(join(dir, 'plugins', 'plain.ts'), 'export default { name: "not a plugin" };\n');
  writeFileSync(join(dir, 'plugins', 'broken.ts'), 'export default definePlugin({ name: "broken" ;\n');
  const spec = (plugins: string[], edit: (s: string) => string = (s) => s) => {
    const file = join(dir, `spec-${n++}.yaml`);
    writeFileSync(file, edit(specSource(plugins).replaceAll('every-seed', 'k-kind')));
    return file;
  };
  await t.rejects(loadSpec(spec(['./plugins/missing.ts'])), { name: 'InputError', message: /plugins\[0\]: no module "\.\/plugins\/missing\.ts"/ });
  await t.rejects(loadSpec(spec(['./plugins/plain.ts'])), { name: 'InputError', message: /plain\.ts: not a plug-in \(write `export default definePlugin/ });
  await t.rejects(loadSpec(spec(['./plugins/broken.ts'])), { name: 'InputError', message: /broken\.ts: cannot load the plug-in module/ });
  await t.rejects(loadSpec(spec(['./plugins/k.ts'], (s) => s.replace('    bound: 0.2\n', ''))), { name: 'InputError', message: /claims\[0\]\.bound: .*(got nothing)/ });
  await t.rejects(loadSpec(spec(['./plugins/k.ts'], (s) => s.replace('kind: k-kind', 'kind: k-knid'))), {
    name: 'InputError',
    message: /claims\[0\]\.kind: unknown claim kind "k-knid" \(built-in: bound, comparison, scaling, phase-transition, monotone, invariant; from plug-ins: .*k-kind/,
  });
});

t.test('a TS spec: its local imports enter spec.modules and the hash; the harness and packages do not', async (t) => {
  const dir = freshDir();
  writeFileSync(join(dir, 'constants.ts'), 'export const E_MAX = 0.2;\n');
  const yaml = specSource([]).replace(/plugins: \[\]\n/, '');
  const body = JSON.stringify({ ...(await import('yaml')).parse(yaml), claims: [(await import('yaml')).parse(readFileSync('test/fixtures/tiny-spec.yaml', 'utf8')).claims[0]] });
  writeFileSync(join(dir, 'spec.ts'), `import { defineSpec } from '${API}';\nimport { E_MAX } from './constants.js';\nimport { sep } from 'node:path';\nvoid sep;\nconst spec = ${body};\nspec.constants = [{ name: 'E_max', default: E_MAX, range: [0, 1], description: 'bound', provenance: { mark: 'choice', ref: 'test' } }];\nexport default defineSpec(spec);\n`);
  const loaded = await loadSpec(join(dir, 'spec.ts'));
  t.same(loaded.modules!.map((m) => m.path.slice(dir.length)), ['/spec.ts', '/constants.ts']);
  const before = loaded.hash;
  const copy = freshDir();
  cpSync(dir, copy, { recursive: true });
  t.equal((await loadSpec(join(copy, 'spec.ts'))).hash, before, 'same files elsewhere: same hash');
  writeFileSync(join(copy, 'constants.ts'), 'export const E_MAX = 0.3;\n');
  const edited = freshDir();
  cpSync(copy, edited, { recursive: true });
  t.not((await loadSpec(join(edited, 'spec.ts'))).hash, before, 'an imported module changed: the hash changes');
});

t.test("the shipped default spec's hash is still the hash of its file", async (t) => {
  const loaded = await loadSpec(defaultSpecPath());
  t.equal(loaded.hash, sha(defaultSpecPath()));
  t.same(loaded.modules!.map((m) => m.path), [defaultSpecPath()]);
  t.same(loaded.plugins, []);
});

t.test('workers load the pool modules as plug-ins: a plug-in engine runs there, its version carrying the plug-in hash', async (t) => {
  const dir = freshDir();
  const file = join(dir, 'engine.ts');
  writeFileSync(
    file,
    `import { definePlugin, type Engine } from '${API}';
const engine: Engine = {
  name: 'toy',
  version: 'toy-1',
  validate() {},
  async run(params) {
    return { params, engine: 'toy', engineVersion: this.version, marker: 'from the plug-in' } as never;
  },
};
export default definePlugin({ name: 'toy-engine', engines: { toy: async () => engine } });
`,
  );
  // The main thread loads it too (as a check does), so that parameters naming the engine resolve.
  await loadModules([pathToFileURL(file).href]);
  const pool = new RunPool({ size: 2, modules: [pathToFileURL(file).href] });
  try {
    const result = (await pool.run(resolveParams({ seed: 1, engine: 'toy' }))) as unknown as { marker: string; engineVersion: string };
    t.equal(result.marker, 'from the plug-in');
    t.match(result.engineVersion, /^toy-1$/, 'run() sees the engine itself');
  } finally {
    await pool.close();
  }
  // The cache key takes the version getEngine reports: the plug-in's content hash is part of it.
  t.match((await getEngine('toy')).version, /^toy-1\+plugin\.[0-9a-f]{16}$/);
});
