import t from 'tap';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { validateSpec } from '../src/spec/load.js';
import { noopProblems, suggestSimKeys } from '../src/spec/noop.js';
import { CLI_ARGS } from './helpers/cli.js';

const NOOP = 'test/fixtures/noop-n-spec.yaml';

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [...CLI_ARGS, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

t.test('spec lint rejects a region axis and comparison arms that vary an unmapped parameter, suggesting the mapping', async (t) => {
  const r = cli('spec', 'lint', NOOP);
  t.equal(r.code, 2, r.err);
  t.match(r.err, /claims\[0\]\.region\.n: claim 'error-bounded' varies parameter 'n', but no simulation input depends on it/);
  t.match(r.err, /did you mean nLabeled\? Map it with `sim: nLabeled` on parameter 'n'/);
  t.match(r.err, /claims\[1\]\.better\.set\.n/);
  t.match(r.err, /claims\[1\]\.worse\.set\.n/);
  t.notMatch(r.out, /^ok /m);
});

t.test('check refuses the same spec with exit 2 before any run', async (t) => {
  const dir = t.testdir({});
  const r = cli('check', NOOP, '--out', join(dir, 'out'), '--cache', join(dir, 'cache'), '--no-report', '--quiet');
  t.equal(r.code, 2, r.err);
  t.match(r.err, /varies parameter 'n', but no simulation input depends on it.*did you mean nLabeled\?/);
  t.notMatch(r.err, /\n\s+at /, 'no stack trace');
});

const base = YAML.parse(readFileSync(NOOP, 'utf8'));
const problemsOf = (edit: (spec: typeof base) => void) => {
  const spec = structuredClone(base);
  edit(spec);
  return noopProblems(validateSpec(spec, null));
};

t.test('mapping the parameter (sim: nLabeled) makes the spec acceptable', async (t) => {
  t.same(problemsOf((s) => (s.parameters[2].sim = 'nLabeled')), []);
});

t.test('sweeps, set and couplings of a no-op parameter are rejected; a coupling that uses it makes it count', async (t) => {
  const monotone = {
    id: 'mono',
    kind: 'monotone',
    title: 'm',
    statement: 'm',
    provenance: { mark: 'choice', ref: 'test' },
    regime: 'supervised',
    metric: 'testError',
    param: 'n',
    values: [10, 20],
    direction: 'decreasing',
  };
  const onlyMono = problemsOf((s) => {
    s.parameters[2].sim = 'nLabeled';
    s.parameters.push({ name: 'k', type: 'int', default: 3, range: [1, 9], description: 'unused' });
    s.claims = [{ ...monotone, param: 'k', values: [1, 2] }, { ...monotone, id: 'mono-set', set: { k: 5 } }];
  });
  t.equal(onlyMono.length, 2);
  t.match(onlyMono[0], /claims\[0\]\.param: claim 'mono' varies parameter 'k'/);
  t.match(onlyMono[1], /claims\[1\]\.set\.k/);

  const scaling = {
    id: 'scale',
    kind: 'scaling',
    title: 's',
    statement: 's',
    provenance: { mark: 'choice', ref: 'test' },
    quantity: { kind: 'metric', regime: 'supervised', metric: 'testError' },
    along: { param: 'snr', values: [0.5, 1] },
    slope: '-1',
    tolerance: 0.5,
  };
  // n unmapped but coupled to the swept snr: the coupling itself is a no-op ...
  const coupled = problemsOf((s) => (s.claims = [{ ...scaling, couple: { n: 'ceil(20 / snr)' } }]));
  t.equal(coupled.length, 1);
  t.match(coupled[0], /claims\[0\]\.couple\.n/);
  // ... while a mapped parameter computed from a spec-only one makes that one count.
  const through = problemsOf((s) => {
    s.parameters.push({ name: 'nLabeled', type: 'int', default: 20, range: [2, 400], description: 'labels' });
    s.claims = [{ ...scaling, along: { param: 'n', values: [10, 20] }, couple: { nLabeled: 'n * 2' } }];
  });
  t.same(through, []);
});

t.test('suggestions: camel-case words first, then close spellings', async (t) => {
  t.same(suggestSimKeys('n'), ['nLabeled', 'nUnlabeled', 'nTest']);
  t.same(suggestSimKeys('n', new Set(['nLabeled'])), ['nUnlabeled', 'nTest']);
  t.equal(suggestSimKeys('stepz')[0], 'steps');
  t.same(suggestSimKeys('zzz'), []);
});
