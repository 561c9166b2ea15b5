import type { LintProblem } from '../src/spec/lint.js';
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { CLI_ARGS } from './helpers/cli.js';

// Writing specs, through the built CLI (npm test builds dist/ first).
function cli(args: string[], cwd?: string) {
  const r = spawnSync(process.execPath, [...CLI_ARGS, ...args], { encoding: 'utf8', cwd });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const toyText = readFileSync('spec/examples/toy.yaml', 'utf8');
const toy = () => YAML.parse(toyText);

type LintItem = LintProblem;
function lintJson(file: string): { code: number | null; items: LintItem[] } {
  const r = cli(['spec', 'lint', '--json', file]);
  return { code: r.code, items: (JSON.parse(r.out) as { problems: LintItem[] }[])[0].problems };
}

t.test('spec init writes a commented starter spec that lints clean and plans a check', async (t) => {
  const dir = t.testdir({});
  const init = cli(['spec', 'init', 'mine.yaml'], dir);
  t.equal(init.code, 0, init.err);
  const text = readFileSync(join(dir, 'mine.yaml'), 'utf8');
  t.match(text, /^# /m, 'commented');
  const lint = cli(['spec', 'lint', 'mine.yaml'], dir);
  t.equal(lint.code, 0, lint.err);
  t.equal(lint.err, '', 'no warnings either');
  const plan = cli(['check', 'mine.yaml', '--plan', '--json', '--cache', join(dir, 'cache')], dir);
  t.equal(plan.code, 0, plan.err);
  t.ok(JSON.parse(plan.out).runs > 0);
  const again = cli(['spec', 'init', 'mine.yaml'], dir);
  t.equal(again.code, 2, 'never overwrites without --force');
  t.match(again.err, /mine\.yaml: already exists/);
});

t.test('numbers are accepted wherever an expression is (bound, target, margin)', async (t) => {
  const spec = toy();
  spec.claims[0].bound = 0.1;
  spec.claims[1].quantity.target = 0.1;
  spec.claims[1].slope = -3;
  const dir = t.testdir({ 'numbers.yaml': YAML.stringify(spec) });
  const r = cli(['spec', 'lint', join(dir, 'numbers.yaml')]);
  t.equal(r.code, 0, r.err);
});

t.test('lint --json: problems as objects with file, path, YAML line:column, message and severity', async (t) => {
  const dir = t.testdir({ 'bad.yaml': toyText.replace('bound: "0.1"', 'bound: "0.1 + C_missing"') });
  const file = join(dir, 'bad.yaml');
  const { code, items } = lintJson(file);
  t.equal(code, 2);
  t.equal(items.length, 1);
  const line = toyText.split('\n').findIndex((l) => l.includes('bound: "0.1"')) + 1;
  t.match(items[0], { file, path: 'claims[0].bound', line, column: 5, severity: 'error' });
  t.match(items[0].message, /unknown symbol 'C_missing'/);
  const text = cli(['spec', 'lint', file]);
  t.match(text.err, new RegExp(`bad\\.yaml:${line}:5: claims\\[0\\]\\.bound: unknown symbol`), 'the text form has line:column too');
});

t.test('an unknown key gets a "did you mean" from the schema', async (t) => {
  const spec = toy();
  spec.claims[0].hypotesis = spec.claims[0].hypothesis;
  delete spec.claims[0].hypothesis;
  spec.parameters[0].desciption = 'x';
  const dir = t.testdir({ 'typo.yaml': YAML.stringify(spec) });
  const r = cli(['spec', 'lint', join(dir, 'typo.yaml')]);
  t.equal(r.code, 2);
  t.match(r.err, /claims\[0\]: .*'hypotesis': did you mean 'hypothesis'\?/);
  t.match(r.err, /parameters\[0\]: .*'desciption': did you mean 'description'\?/);
});

t.test('constants may omit their range, like parameters', async (t) => {
  const spec = toy();
  delete spec.constants[0].range;
  const dir = t.testdir({ 'norange.yaml': YAML.stringify(spec) });
  const r = cli(['spec', 'lint', join(dir, 'norange.yaml')]);
  t.equal(r.code, 0, r.err);
});

t.test('a value message says its value once; an unknown region parameter is one error', async (t) => {
  const spec = toy();
  spec.parameters[1].default = 5;
  spec.claims[0].region.zz = { values: [1, 2, 3, 4, 5] };
  const dir = t.testdir({ 'msgs.json': JSON.stringify(spec) });
  const { items } = lintJson(join(dir, 'msgs.json'));
  const def = items.find((i) => i.path === 'parameters[1].default');
  t.ok(def, 'the default is reported');
  t.equal(def!.message.match(/\(got 5\)/g)?.length, 1, def!.message);
  t.equal(items.filter((i) => i.path?.startsWith('claims[0].region.zz')).length, 1);
  t.ok(items.every((i) => i.line !== null), 'JSON files get positions too');
});

t.test('the JSON Schema has an $id', async (t) => {
  const r = cli(['spec', 'schema']);
  t.match(JSON.parse(r.out).$id, /^urn:theorem-harness:/);
});

t.test('spec init into a folder that does not exist is an InputError naming the file', async (t) => {
  const r = cli(['spec', 'init', '/nonexistent-dir/x.yaml']);
  t.equal(r.code, 2);
  t.match(r.err, /^error: .*x\.yaml: cannot write/);
});
