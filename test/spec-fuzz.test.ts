import t from 'tap';
import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { lintSpec } from '../src/spec/lint.js';
import { InputError } from '../src/util/errors.js';
import { fuzzCase, namesFileFieldValue } from './helpers/spec-mutations.js';

// Fuzzed specs through the loader and lint: never an internal error, every rejection names file,
// field and value, and each case finishes fast. The long run (10,000 specs through the CLI) is
// `npm run bench -- fuzz`.
t.test('fuzzed specs: rejected with InputErrors naming file, field and value, never an internal error', async (t) => {
  const dir = t.testdir({});
  let n = 0;
  let rejected = 0;
  const unnamed: string[] = [];
  await fc.assert(
    fc.asyncProperty(fuzzCase, async (c) => {
      const file = join(dir, `case-${n++}${c.ext}`);
      writeFileSync(file, c.text);
      const r = await lintSpec(file); // throws only for an internal error, which fails the property
      if (r.problems.length > 0) rejected++;
      for (const p of r.problems) if (!namesFileFieldValue(file, p)) unnamed.push(`${c.label}: ${p.slice(0, 300)}`);
      for (const p of r.problems) if (p.length > 2000) return false; // a short excerpt, never an echo
      return true;
    }),
    { numRuns: 200, seed: 20261201 },
  );
  t.same(unnamed, [], 'every rejection names file, field and value');
  t.ok(rejected > n * 0.7, `most mutants are rejected (${rejected} of ${n})`);
});

// Found by the long run: files of tiny items cost the parser time and memory per token (a megabyte
// of `1,` took 5 s and 700 MB), and each misplaced token is a syntax error of its own, which pretty
// errors made quadratic on one long line (a megabyte of commas ran for minutes at 1 GB).
t.test('token floods are refused by the lexer count; many syntax errors are reported as ten, with line and column', async (t) => {
  const toy = readFileSync('spec/examples/toy.yaml', 'utf8');
  const toyJson = readFileSync('spec/examples/toy.json', 'utf8');
  const dir = t.testdir({
    'items.yaml': `pad: [${'1,'.repeat(490_000)}1]\n${toy}`,
    'items.json': `{"pad":[${'1,'.repeat(490_000)}1],${toyJson.trim().slice(1)}`,
    'commas.yaml': `pad: [${','.repeat(990_000)}]\n${toy}`,
    'dashes.yaml': `pad: ${'- '.repeat(490_000)}1\n${toy}`,
    'few-commas.yaml': `pad: [${','.repeat(50_000)}]\n${toy}`,
    'comment.yaml': `#${'x,'.repeat(400_000)}\n${toy}`,
  });
  for (const name of ['items.yaml', 'items.json', 'commas.yaml', 'dashes.yaml']) {
    const r = await lintSpec(join(dir, name));
    t.same(r.problems, [`${join(dir, name)}: more than 300000 keys, values and punctuation tokens in the file (limit 300000)`], name);
  }
  const few = await lintSpec(join(dir, 'few-commas.yaml'));
  t.equal(few.problems.length, 11, 'ten errors and a count of the rest');
  t.match(few.problems[0], /few-commas\.yaml:1:\d+: not valid YAML: /);
  t.match(few.problems[10], /\.\.\. and \d+ more YAML errors/);
  t.same((await lintSpec(join(dir, 'comment.yaml'))).problems, [], 'a comment is one token, however long');
});

t.test('a message quotes only an excerpt of a long value, whichever check built it (found by the long run: unknown regime "<6 kB>")', async (t) => {
  const dir = t.testdir({});
  const toy = YAML.parse(readFileSync(join(import.meta.dirname, '..', 'spec', 'examples', 'toy.yaml'), 'utf8'));
  const long = 'sqrt('.repeat(1000) + '1' + ')'.repeat(1000);
  toy.claims[0].regime = long;
  const file = join(dir, 'long-regime.json');
  writeFileSync(file, JSON.stringify(toy));
  const r = await lintSpec(file);
  const problem = r.problems.find((p) => p.includes('regime'));
  t.ok(problem, 'the regime is rejected');
  t.ok(problem!.length < 500, `the message is short (${problem!.length} characters)`);
  t.match(problem!, /claims\[0\]\.regime/, 'it names the field');
  t.match(problem!, /sqrt\(sqrt\(/, 'and shows the start of the value');
});

t.test('InputError bounds any message it is given: long quoted values become excerpts, the rest is cut at 1,500 characters', async (t) => {
  const quoted = new InputError(`field: unknown thing ${JSON.stringify('x'.repeat(5000))} (known: a, b)`);
  t.ok(quoted.message.length < 200, `quoted value cut (${quoted.message.length})`);
  t.match(quoted.message, /\(known: a, b\)$/, 'the rest of the message kept');
  const prose = new InputError('y '.repeat(5000), {}, [{ path: ['a'], message: 'z'.repeat(5000) }]);
  t.ok(prose.message.length <= 1600 && prose.details![0].message.length <= 1600, 'unquoted text cut too, in problems and details');
  const short = 'claims[0].bound: expected a number (got "x")';
  t.equal(new InputError(short).message, short, 'a short message is unchanged');
});
