import t from 'tap';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_ARGS } from './helpers/cli.js';

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [...CLI_ARGS, 'spec', ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

t.test('spec lint: ok and exit 0 for good specs, every problem and exit 2 otherwise', async (t) => {
  const toy = readFileSync('spec/examples/toy.yaml', 'utf8');
  const dir = t.testdir({
    'good.yaml': toy,
    // The README's walk-through: copy the example, break a claim.
    'bad.yaml': toy.replace('bound: "0.1"', 'bound: "0.1 + C_missing"').replace('slope: -q', 'slope: evaluate("1")'),
  });
  const good = cli('lint', join(dir, 'good.yaml'), 'spec/examples/toy.json');
  t.equal(good.code, 0, good.err);
  t.match(good.out, /^ok .*good\.yaml/m);
  t.match(good.out, /^ok .*toy\.json/m);

  const bad = cli('lint', join(dir, 'good.yaml'), join(dir, 'bad.yaml'), join(dir, 'nope'));
  t.equal(bad.code, 2);
  t.match(bad.out, /^ok .*good\.yaml/m, 'good files are still reported');
  t.match(bad.err, /error: .*bad\.yaml(:\d+:\d+)?: claims\[0\]\.bound: unknown symbol 'C_missing'/);
  t.match(bad.err, /error: .*bad\.yaml(:\d+:\d+)?: claims\[1\]\.slope: function 'evaluate' is not allowed/);
  t.match(bad.err, /error: .*nope: no spec file found/);
});

t.test('spec explain: table, --set, --json, and exit 2 on a bad --set', async (t) => {
  const table = cli('explain', 'spec/examples/toy.yaml', '--set', 'nLabeled=5');
  t.equal(table.code, 0, table.err);
  t.match(table.out, /nLabeled\s+5 \*\s+40/);
  t.match(table.out, /q-above-2\s+yes\s+1/);
  t.match(table.out, /benign-test-error\s+bound\s+hold\s+paper\s+no\s+fails/);

  const json = cli('explain', 'spec/examples/toy', '--json', '--set', 'snr=0.5', '--set', 'q=2');
  t.equal(json.code, 0, json.err);
  const report = JSON.parse(json.out);
  t.equal(report.derived[0].value, 40 * 0.5 ** 2);
  t.same(report.assumptions[0].holds, false);
  t.same(report.claims.map((c: { id: string; applies: boolean }) => [c.id, c.applies]), [
    ['benign-test-error', false],
    ['label-complexity-slope', false],
  ]);

  const bad = cli('explain', 'spec/examples/toy.yaml', '--set', 'snr=9');
  t.equal(bad.code, 2);
  t.match(bad.err, /snr: must lie in \[0\.01, 2\] \(got 9\)/);
});
