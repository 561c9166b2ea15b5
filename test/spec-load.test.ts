import t from 'tap';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { InputError } from '../src/util/errors.js';
import { claimPoint, evaluatePoint, parseSetArgs, toSimParams } from '../src/spec/evaluate.js';
import { loadSpec, resolveSpecPath } from '../src/spec/load.js';

async function inputError(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (error) {
    if (error instanceof InputError) return error.message;
    throw error;
  }
  throw new Error('expected an InputError');
}

t.test('the TS, JSON and YAML forms of the toy spec load to deep-equal specs', async (t) => {
  const [ts, json, yaml] = await Promise.all(['ts', 'json', 'yaml'].map((ext) => loadSpec(`spec/examples/toy.${ext}`)));
  t.same(json.spec, ts.spec);
  t.same(yaml.spec, ts.spec);
  t.strictSame([...json.exprs.keys()], [...ts.exprs.keys()]);
  t.same([...json.exprs.values()].map((e) => e.tex), [...ts.exprs.values()].map((e) => e.tex));
  t.not(json.hash, ts.hash, 'the hash is of the file, so the forms differ');
  t.equal(json.hash, (await loadSpec('spec/examples/toy.json')).hash, 'and it is stable');
});

t.test('spec/README.md shows the toy example verbatim', async (t) => {
  const readme = readFileSync('spec/README.md', 'utf8');
  const block = /```yaml\n([\s\S]*?)```/.exec(readme);
  t.ok(block, 'a yaml block');
  t.equal(block![1], readFileSync('spec/examples/toy.yaml', 'utf8'));
});

t.test('spec arguments resolve like module paths', async (t) => {
  const dir = t.testdir({
    'a.yaml': readFileSync('spec/examples/toy.yaml', 'utf8'),
    folder: { 'index.json': readFileSync('spec/examples/toy.json', 'utf8') },
  });
  t.equal(resolveSpecPath(join(dir, 'a')), join(dir, 'a.yaml'));
  t.equal(resolveSpecPath(join(dir, 'a.yaml')), join(dir, 'a.yaml'));
  t.equal(resolveSpecPath(join(dir, 'folder')), join(dir, 'folder', 'index.json'));
  t.equal((await loadSpec(join(dir, 'folder'))).spec.id, 'toy-benign-overfitting');
  t.match(await inputError(loadSpec(join(dir, 'nothing'))), /no spec file found \(tried .*nothing\.ts/);
});

t.test('unreadable files are InputErrors naming the file', async (t) => {
  const dir = t.testdir({
    'bad.json': '{ "id": "x", ',
    'dup.yaml': 'id: a\nid: b\n',
    'bad.yaml': 'id: [unclosed\n',
    'nodefault.ts': 'export const spec = {};\n',
    'throws.ts': 'throw new Error("boom");\n',
    'syntax.ts': 'export default {{;\n',
    'spec.txt': 'id: x',
  });
  t.match(await inputError(loadSpec(join(dir, 'bad.json'))), /bad\.json: not valid JSON/);
  t.match(await inputError(loadSpec(join(dir, 'dup.yaml'))), /dup\.yaml(:\d+:\d+)?: not valid YAML: .*unique/i);
  t.match(await inputError(loadSpec(join(dir, 'bad.yaml'))), /bad\.yaml(:\d+:\d+)?: not valid YAML/);
  t.match(await inputError(loadSpec(join(dir, 'nodefault.ts'))), /nodefault\.ts: the module has no default export/);
  t.match(await inputError(loadSpec(join(dir, 'throws.ts'))), /throws\.ts: cannot load the module: boom/);
  t.match(await inputError(loadSpec(join(dir, 'syntax.ts'))), /syntax\.ts: cannot load the module/);
  t.match(await inputError(loadSpec(join(dir, 'spec.txt'))), /unknown spec file type '\.txt'/);
});

t.test('a YAML spec with an error names the file and path', async (t) => {
  const dir = t.testdir({});
  const spec = YAML.parse(readFileSync('spec/examples/toy.yaml', 'utf8'));
  spec.claims[1].slope = '-q + C_zzz';
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'mine.yaml'), YAML.stringify(spec));
  t.match(await inputError(loadSpec(join(dir, 'mine.yaml'))), /mine\.yaml(:\d+:\d+)?: claims\[1\]\.slope: unknown symbol 'C_zzz'/);
});

t.test('evaluatePoint: defaults, overrides, derived values, assumption margins', async (t) => {
  const loaded = await loadSpec('spec/examples/toy.json');
  const at = evaluatePoint(loaded);
  t.equal(at.values.load, 40 * 0.3 ** 3);
  t.same(at.assumptions, [{ id: 'q-above-2', holds: true, margin: 1 }]);
  const moved = evaluatePoint(loaded, { q: 2, nLabeled: 100, C_benign: 50 });
  t.equal(moved.values.load, 100 * 0.09);
  t.same(moved.assumptions[0], { id: 'q-above-2', holds: false, margin: 0 });
  t.equal(moved.values.C_benign, 50, 'a constant may be set outside its range (bracketing)');
  t.match(await inputError(Promise.resolve().then(() => evaluatePoint(loaded, { load: 1 }))), /load: a derived quantity cannot be set/);
  t.match(await inputError(Promise.resolve().then(() => evaluatePoint(loaded, { nope: 1 }))), /nope: not a parameter or constant/);
  t.match(await inputError(Promise.resolve().then(() => evaluatePoint(loaded, { snr: 3 }))), /snr: must lie in \[0\.01, 2\]/);
  t.match(await inputError(Promise.resolve().then(() => evaluatePoint(loaded, { nLabeled: 2.5 }))), /nLabeled: must be an integer/);
  t.match(await inputError(Promise.resolve().then(() => evaluatePoint(loaded, { activation: 'relu' }))), /activation: must be one of relu\^q/);
  t.same(toSimParams(loaded, at), { d: 1000, snr: 0.3, nLabeled: 40, q: 3, activation: 'relu^q' });
});

t.test('claimPoint applies the claim set, comparison sides and couplings', async (t) => {
  const loaded = await loadSpec('spec/zhang-cao-2024-simclr.ts');
  const peak = loaded.spec.claims.findIndex((c) => c.id === 'pretrain-alignment-peaks');
  t.equal(claimPoint(loaded, peak, {}, 'better').values.pretrainSteps, 25);
  t.equal(claimPoint(loaded, peak, {}, 'worse').values.pretrainSteps, 110);
  const flat = claimPoint(loaded, 'simclr-label-complexity-flat', { snr: 0.05 });
  t.equal(flat.values.nUnlabeled, 4000, 'n_0 = C_pre SNR^-2');
  t.equal(flat.values.pretrainSteps, Math.round(flat.values.T_pm as number));
  t.ok(flat.assumptions.every((a) => a.holds), 'the coupled point satisfies Condition 4.1');
  const control = claimPoint(loaded, 'control-shuffle-signal-alignment');
  t.equal(toSimParams(loaded, control).augment, 'shuffle-signal');
});

t.test('parseSetArgs', async (t) => {
  t.same(parseSetArgs(['a=1', 'b = 2.5', 'c=relu^q', 'd=1e-3']), { a: 1, b: 2.5, c: 'relu^q', d: 0.001 });
  t.throws(() => parseSetArgs(['novalue']), InputError);
  t.throws(() => parseSetArgs(['=3']), InputError);
});

t.test('compileInSpec compiles ad-hoc expressions in a spec scope', async (t) => {
  const { compileInSpec } = await import('../src/spec/load.js');
  const loaded = await loadSpec('spec/examples/toy.json');
  const at = evaluatePoint(loaded);
  t.equal(compileInSpec(loaded, 'load / C_benign', 'number').number(at.scope), at.values.load as number / 1.3);
  t.throws(() => compileInSpec(loaded, 'gammaMin > 0', 'boolean', [], '--where'), InputError);
  t.equal(compileInSpec(loaded, 'gammaMin > 0', 'boolean', ['gammaMin']).holds({ ...at.scope, gammaMin: 1 }), true);
});

t.test('spec/schema.json is the current JSON Schema of the format', async (t) => {
  const { specJsonSchema } = await import('../src/spec/json-schema.js');
  t.same(JSON.parse(readFileSync('spec/schema.json', 'utf8')), specJsonSchema(), 'regenerate: theorem-harness spec schema > spec/schema.json');
});
