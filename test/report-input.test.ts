import t from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadResults } from '../src/report/index.js';
import { InputError } from '../src/util/errors.js';
import { cli, FIXTURE, fixture, tempDir } from './helpers/report.js';

const dir = tempDir('input');
const notJson = join(dir, 'not-json.json');
writeFileSync(notJson, '{"schemaVersion": 1, claims: [');
const v2 = join(dir, 'v2.json');
writeFileSync(v2, JSON.stringify({ ...fixture(), schemaVersion: 2 }));
const badField = join(dir, 'bad-field.json');
const broken = fixture() as unknown as { claims: Array<{ statistic: { level: number } }> };
broken.claims[2].statistic.level = 95;
writeFileSync(badField, JSON.stringify(broken));

t.test('loadResults: InputError naming the file and the field', async (t) => {
  t.throws(() => loadResults(notJson), { name: 'InputError', message: /not-json\.json: not JSON/ });
  t.throws(() => loadResults(v2), { message: /v2\.json: schemaVersion: .*expected 1.*got 2/ });
  t.throws(() => loadResults(badField), { message: /bad-field\.json: claims\[2\]\.statistic\.level: .*got 95/ });
  t.throws(() => loadResults(join(dir, 'missing.json')), InputError);
  t.equal(loadResults(FIXTURE).claims.length, 8, 'the fixture itself loads');
});

t.test('CLI: bad input exits 2 with a clear message; good input exits 0', async (t) => {
  for (const [file, pattern] of [
    [notJson, /error: .*not-json\.json: not JSON/],
    [v2, /error: .*v2\.json: schemaVersion/],
  ] as const) {
    const r = cli(['report', file, '--out', join(dir, 'out')]);
    t.equal(r.status, 2, file);
    t.match(r.stderr, pattern);
  }
  const fmt = cli(['report', FIXTURE, '--format', 'md,docx', '--out', join(dir, 'out')]);
  t.equal(fmt.status, 2);
  t.match(fmt.stderr, /--format: unknown report format "docx"/);
  const ok = cli(['report', FIXTURE, '--format', 'junit', '--out', join(dir, 'ok')]);
  t.equal(ok.status, 0, ok.stderr);
  t.match(ok.stdout, /wrote .*junit\.xml/);
});
