import t from 'tap';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { InputError } from '../src/util/errors.js';
import { explainSpec } from '../src/spec/explain.js';
import { validateSpec } from '../src/spec/load.js';
import { problemsOf } from './helpers/spec-problems.js';

const toy = JSON.parse(readFileSync('spec/examples/toy.json', 'utf8')) as Record<string, any>;
const clone = (): Record<string, any> => structuredClone(toy);

t.test('the toy spec itself is valid (the cases below differ from it by one edit)', async (t) => {
  t.same(problemsOf(clone()), []);
});

const cases: { name: string; edit: (s: Record<string, any>) => void; expect: RegExp }[] = [
  { name: 'missing field', edit: (s) => delete s.claims[0].title, expect: /^bad\.yaml: claims\[0\]\.title: .*(expected string|required)/i },
  { name: 'missing top-level field', edit: (s) => delete s.source, expect: /^bad\.yaml: source: / },
  { name: 'wrong type', edit: (s) => (s.parameters[0].default = 'big'), expect: /^bad\.yaml: parameters\[0\]\.default: .*number.*\(got "big"\)/ },
  { name: 'unknown parameter type', edit: (s) => (s.parameters[0].type = 'float'), expect: /^bad\.yaml: parameters\[0\]\.type: / },
  { name: 'unknown claim kind', edit: (s) => (s.claims[1].kind = 'theorem'), expect: /^bad\.yaml: claims\[1\]\.kind: / },
  { name: 'unknown metric', edit: (s) => (s.claims[0].metric = 'accuracy'), expect: /^bad\.yaml: claims\[0\]\.metric: / },
  { name: 'unknown key (typo)', edit: (s) => (s.claims[0].hypotesis = 'load >= 1'), expect: /^bad\.yaml: claims\[0\]: .*hypotesis/ },
  { name: 'bad provenance mark', edit: (s) => (s.assumptions[0].provenance.mark = 'folklore'), expect: /^bad\.yaml: assumptions\[0\]\.provenance\.mark: / },
  { name: 'id not kebab-case', edit: (s) => (s.claims[0].id = 'Benign_Test'), expect: /^bad\.yaml: claims\[0\]\.id: must be kebab-case/ },
  { name: 'unknown symbol', edit: (s) => (s.claims[0].hypothesis = 'load >= C_unknown'), expect: /^bad\.yaml: claims\[0\]\.hypothesis: unknown symbol 'C_unknown'.*\(in "load >= C_unknown"\)/ },
  { name: 'unknown symbol in a derived expression', edit: (s) => (s.derived[0].expr = 'nLabeled * SNR^q'), expect: /^bad\.yaml: derived\[0\]\.expr: unknown symbol 'SNR'/ },
  { name: 'disallowed function', edit: (s) => (s.derived[0].expr = 'evaluate("1")'), expect: /^bad\.yaml: derived\[0\]\.expr: function 'evaluate' is not allowed/ },
  { name: 'disallowed import', edit: (s) => (s.claims[1].slope = 'import({}, {})'), expect: /^bad\.yaml: claims\[1\]\.slope: function 'import' is not allowed/ },
  { name: 'assignment', edit: (s) => (s.claims[1].slope = 'q = 2'), expect: /^bad\.yaml: claims\[1\]\.slope: assignment/ },
  { name: 'function definition', edit: (s) => (s.claims[1].slope = 'f(x) = x'), expect: /^bad\.yaml: claims\[1\]\.slope: assignment and function definitions/ },
  { name: 'syntax error', edit: (s) => (s.claims[0].bound = '0.1 +'), expect: /^bad\.yaml: claims\[0\]\.bound: syntax error.*\(in "0.1 \+"\)/ },
  { name: 'predicate where a number is needed', edit: (s) => (s.claims[0].bound = 'load > 1'), expect: /^bad\.yaml: claims\[0\]\.bound: must be a number/ },
  { name: 'number where a predicate is needed', edit: (s) => (s.assumptions[0].expr = 'q - 2'), expect: /^bad\.yaml: assumptions\[0\]\.expr: must be a true\/false predicate/ },
  { name: 'enum parameter in an expression', edit: (s) => (s.claims[0].bound = 'activation'), expect: /unknown symbol 'activation' \(an enum parameter/ },
  { name: 'derived name used before it is defined', edit: (s) => s.derived.unshift({ name: 'early', expr: 'load * 2', description: 'x' }), expect: /^bad\.yaml: derived\[0\]\.expr: unknown symbol 'load' \(a derived name defined later/ },
  { name: 'trajectory variable outside an invariant', edit: (s) => (s.claims[0].bound = 'gammaMin'), expect: /unknown symbol 'gammaMin' \(a trajectory variable/ },
  { name: 'out-of-range default', edit: (s) => (s.parameters[1].default = 5), expect: /^bad\.yaml: parameters\[1\]\.default: default of 'snr' must lie in \[0\.01, 2\] \(got 5\)/ },
  { name: 'non-integer default of an int', edit: (s) => (s.parameters[2].default = 2.5), expect: /^bad\.yaml: parameters\[2\]\.default: default of 'nLabeled' must be an integer/ },
  { name: 'enum default not among its values', edit: (s) => (s.parameters[4].default = 'relu'), expect: /^bad\.yaml: parameters\[4\]\.default: default of 'activation' must be one of "relu\^q"/ },
  { name: 'constant default outside its range', edit: (s) => (s.constants[0].default = 50), expect: /^bad\.yaml: constants\[0\]\.default: default of 'C_benign' must lie in \[0\.1, 20\]/ },
  { name: 'reversed range', edit: (s) => (s.parameters[0].range = [100, 10]), expect: /^bad\.yaml: parameters\[0\]\.range: interval must have lo <= hi/ },
  { name: 'duplicate claim id', edit: (s) => (s.claims[1].id = s.claims[0].id), expect: /^bad\.yaml: claims\[1\]\.id: duplicate claim id 'benign-test-error'/ },
  { name: 'duplicate name across sections', edit: (s) => (s.constants[0].name = 'snr'), expect: /^bad\.yaml: constants\[0\]\.name: duplicate name 'snr'/ },
  { name: 'reserved name', edit: (s) => (s.constants[0].name = 'max'), expect: /^bad\.yaml: constants\[0\]\.name: 'max' is reserved/ },
  { name: 'unknown assumption id', edit: (s) => (s.claims[0].assumptions = ['q-above-3']), expect: /^bad\.yaml: claims\[0\]\.assumptions\[0\]: unknown assumption 'q-above-3'/ },
  { name: 'set of an unknown parameter', edit: (s) => (s.claims[0].set = { n: 3 }), expect: /^bad\.yaml: claims\[0\]\.set\.n: unknown parameter 'n'/ },
  { name: 'set value out of range', edit: (s) => (s.claims[0].set = { snr: 9 }), expect: /^bad\.yaml: claims\[0\]\.set\.snr: value of 'snr' must lie in/ },
  { name: 'region on an unknown parameter', edit: (s) => (s.claims[0].region.muNorm = { range: [1, 2] }), expect: /^bad\.yaml: claims\[0\]\.region\.muNorm: unknown parameter/ },
  { name: 'log-scale region through zero', edit: (s) => (s.parameters[1].range = [0, 2]) && (s.claims[0].region.snr.range = [0, 0.4]), expect: /claims\[0\]\.region\.snr\.range: a log-scale range must be positive/ },
  { name: 'sweep on an enum parameter', edit: (s) => (s.claims[1].along.param = 'activation'), expect: /^bad\.yaml: claims\[1\]\.along\.param: parameter 'activation' is an enum/ },
  { name: 'sim target the engine does not have', edit: (s) => (s.parameters[0].sim = 'dimension'), expect: /^bad\.yaml: parameters\[0\]\.sim: / },
  { name: 'value the engine rejects', edit: (s) => (s.parameters[4].values = ['relu^q', 'swish']), expect: /^bad\.yaml: parameters\[4\]\.values: SimParams\.activation rejects "swish"/ },
  { name: 'bad arXiv id', edit: (s) => (s.source.arxiv = 'arXiv:2202'), expect: /^bad\.yaml: source\.arxiv: must be an arXiv id/ },
];

for (const c of cases) {
  t.test(`rejected: ${c.name}`, async (t) => {
    const spec = clone();
    c.edit(spec);
    const problems = problemsOf(spec);
    t.ok(problems.length > 0, 'rejected');
    t.ok(problems.some((p) => c.expect.test(p)), `a problem matches ${c.expect}; got:\n${problems.join('\n')}`);
  });
}

t.test('every problem is reported, not only the first', async (t) => {
  const shape = clone();
  shape.parameters[0].default = 'big';
  shape.assumptions[0].provenance.mark = 'folklore';
  delete shape.claims[0].statement;
  t.equal(problemsOf(shape).length, 3, 'three shape problems');

  // Cross-references are checked once the shape is right.
  const refs = clone();
  refs.parameters[1].default = 5;
  refs.claims[1].id = refs.claims[0].id;
  refs.claims[0].set = { nope: 1 };
  t.equal(problemsOf(refs).length, 3, 'three cross-reference problems');

  const exprs = clone();
  exprs.claims[0].bound = 'C_a';
  exprs.claims[1].slope = 'parse("1")';
  exprs.assumptions[0].expr = 'q >';
  const problems = problemsOf(exprs);
  t.equal(problems.length, 3, problems.join('\n'));
  t.match(problems.join('\n'), /claims\[0\]\.bound[\s\S]*claims\[1\]\.slope|assumptions\[0\]\.expr/);
});

t.test('an InputError names no file when the spec came from memory', async (t) => {
  const spec = clone();
  spec.parameters[1].default = 5;
  let message = '';
  try {
    validateSpec(spec);
  } catch (error) {
    t.ok(error instanceof InputError);
    message = (error as Error).message;
  }
  t.match(message, /^parameters\[1\]\.default: /);
});

/** A random edit anywhere in the spec tree: replace a value, delete a key, or add one. */
type Edit = { path: number[]; action: 'replace' | 'delete' | 'add'; value: unknown; key: string };

function applyEdit(root: Record<string, any>, edit: Edit): void {
  let node: any = root;
  for (const step of edit.path) {
    if (node === null || typeof node !== 'object') break;
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const key = keys[step % keys.length];
    const child = node[key];
    if (child === null || typeof child !== 'object' || step % 3 === 0) {
      if (edit.action === 'delete') {
        if (Array.isArray(node)) node.splice(Number(key), 1);
        else delete node[key];
      } else if (edit.action === 'add') {
        if (Array.isArray(node)) node.push(edit.value);
        else node[edit.key] = edit.value;
      } else node[key] = edit.value;
      return;
    }
    node = child;
  }
}

const editArb: fc.Arbitrary<Edit> = fc.record({
  path: fc.array(fc.nat({ max: 50 }), { minLength: 1, maxLength: 6 }),
  action: fc.constantFrom('replace' as const, 'delete' as const, 'add' as const),
  value: fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom('nLabeled * snr^q', 'constructor', '__proto__', 'import({}, {})', 'q >= 2', '1e400', '', 'sqrt(-1)', 'x.y', NaN, Infinity, -0, null),
    fc.string(),
    fc.double(),
  ),
  key: fc.constantFrom('extra', '__proto__', 'constructor', 'sim', 'range', 'values', 'set', 'region', 'tex'),
});

t.test('random mutations never let an exception escape the loader', async (t) => {
  let accepted = 0;
  let rejected = 0;
  fc.assert(
    fc.property(fc.array(editArb, { minLength: 1, maxLength: 3 }), (edits) => {
      const spec = clone();
      for (const e of edits) applyEdit(spec, e);
      try {
        const loaded = validateSpec(spec, 'mutant.json');
        explainSpec(loaded); // a valid spec must also evaluate at its defaults without crashing
        accepted++;
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        if (error.problems.length === 0 || error.problems.some((p) => !p.startsWith('mutant.json: '))) throw new Error(`bad problem list: ${error.message}`);
        rejected++;
      }
    }),
    { numRuns: 400, seed: 20261129 },
  );
  t.ok(rejected > 50, `many mutants rejected (${rejected})`);
  t.ok(accepted > 5, `some mutants still valid (${accepted})`);
});

t.test('random expression text never throws anything but a clean rejection', async (t) => {
  const alphabet = fc.constantFrom(...'abq snrdC_01.+-*/^()[]{}<>=!?:;,"\'x.#@$\\ \n'.split(''), 'nLabeled', 'load', 'import', 'sqrt', 'constructor', 'and', 'or', 'not');
  fc.assert(
    fc.property(fc.array(alphabet, { maxLength: 20 }).map((a) => a.join('')), (text) => {
      const spec = clone();
      spec.claims[0].bound = text;
      try {
        const loaded = validateSpec(spec);
        explainSpec(loaded);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
      }
    }),
    { numRuns: 500, seed: 7 },
  );
  t.pass();
});
