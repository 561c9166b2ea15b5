import t from 'tap';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { compareToBaseline, baselineExitCode, renderReports } from '../src/report/index.js';
import { cli, FIXTURE, fixture, tempDir } from './helpers/report.js';

t.test('identical results: quiet, no flip, exit 0', async (t) => {
  const ch = compareToBaseline(fixture(), fixture());
  t.ok(ch.quiet);
  t.same([ch.flips, ch.drifts, ch.added, ch.removed, ch.warnings], [[], [], [], [], []]);
  t.equal(ch.hasFlipToFail, false);
  t.equal(baselineExitCode(ch), 0);
});

t.test('a planted verdict flip to fail is reported and sets the exit code', async (t) => {
  const now = fixture();
  now.claims[0].verdict = 'fail';
  const ch = compareToBaseline(now, fixture());
  t.same(ch.flips.map((f) => [f.id, f.from, f.to, f.toFail]), [['sup-benign', 'pass', 'fail', true]]);
  t.ok(ch.hasFlipToFail);
  t.equal(baselineExitCode(ch), 1);
});

t.test('flips that are not to a failing verdict do not set the exit code', async (t) => {
  const now = fixture();
  now.claims[5].verdict = 'pass'; // the failing claim got fixed
  now.claims[1].verdict = 'inconclusive';
  const ch = compareToBaseline(now, fixture());
  t.equal(ch.flips.length, 2);
  t.notOk(ch.hasFlipToFail);
  const xpass = fixture();
  xpass.claims[6].verdict = 'xpass'; // a negative control that starts to hold is a regression
  t.ok(compareToBaseline(xpass, fixture()).hasFlipToFail);
});

t.test('a planted drift beyond the interval is reported; a move inside it is not', async (t) => {
  const drift = fixture();
  drift.claims[0].statistic!.value = 0.04; // baseline 0.021 in [0.016, 0.027]
  drift.claims[0].statistic!.interval = [0.035, 0.046];
  const ch = compareToBaseline(drift, fixture());
  t.equal(ch.drifts.length, 1);
  t.match(ch.drifts[0], { id: 'sup-benign', what: 'statistic', before: 0.021, after: 0.04 });
  t.match(ch.drifts[0].rule, /outside the baseline's 95% interval/);
  t.same(ch.flips, [], 'drift without a verdict flip');

  const small = fixture();
  small.claims[0].statistic!.value = 0.022;
  small.claims[0].statistic!.interval = [0.017, 0.028];
  t.ok(compareToBaseline(small, fixture()).quiet, 'moving inside both intervals is quiet');
});

t.test('fitted slopes use the claim tolerance', async (t) => {
  const far = fixture();
  far.claims[2].fits![0].slope! -= 0.6; // tolerance 0.5
  const ch = compareToBaseline(far, fixture());
  t.same(ch.drifts.map((d) => [d.what, d.name]), [['fit', 'supervised']]);
  t.match(ch.drifts[0].rule, /tolerance 0.5/);
  const near = fixture();
  near.claims[2].fits![0].slope! -= 0.3;
  t.ok(compareToBaseline(near, fixture()).quiet);
});

t.test('statistics without an interval use the documented relative default', async (t) => {
  const base = fixture();
  base.claims[0].statistic!.interval = null;
  const moved = fixture();
  moved.claims[0].statistic!.interval = null;
  moved.claims[0].statistic!.value = 0.021 * 1.2;
  t.equal(compareToBaseline(moved, base).drifts.length, 1);
  moved.claims[0].statistic!.value = 0.021 * 1.01;
  t.ok(compareToBaseline(moved, base).quiet);
});

t.test('new and removed claims, spec and profile changes', async (t) => {
  const now = fixture();
  const gone = now.claims.splice(7, 1)[0];
  now.claims.push({ ...now.claims[0], id: 'new-claim', verdict: 'pass' });
  now.spec.hash = 'sha256:other';
  now.profile = 'full';
  const ch = compareToBaseline(now, fixture());
  t.same(ch.added.map((c) => c.id), ['new-claim']);
  t.same(ch.removed.map((c) => c.id), [gone.id]);
  t.equal(ch.warnings.length, 2);
  t.notOk(ch.quiet);
});

t.test('every format carries the changes section', async (t) => {
  const now = fixture();
  now.claims[0].verdict = 'fail';
  now.claims[1].statistic!.value = -0.2;
  const dir = tempDir('changes');
  await renderReports(now, { outDir: dir, changes: compareToBaseline(now, fixture()), warn: () => {} });
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  t.match(read('report.md'), /## Changes since baseline[\s\S]*\| \[sup-benign\]\(#claim-sup-benign\) \| pass \| \*\*FAIL\*\* \|[\s\S]*simclr-beats-supervised/);
  t.match(read('report.html'), /<h2>Changes since baseline<\/h2>[\s\S]*class="violated">FAIL<\/td>/);
  t.match(read('appendix.tex'), /\\subsubsection\*\{Changes since baseline\}[\s\S]*\\textbf\{FAIL\}/);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(read('junit.xml'));
  const baselineCase = doc.testsuites.testsuite.testcase.find((c: { classname: string }) => c.classname.endsWith('.baseline'));
  t.ok(baselineCase.failure, 'the baseline testcase fails on a flip to fail');

  const quiet = tempDir('changes-quiet');
  await renderReports(fixture(), { outDir: quiet, formats: ['md'], changes: compareToBaseline(fixture(), fixture()) });
  t.match(readFileSync(join(quiet, 'report.md'), 'utf8'), /## Changes since baseline\n\nCompared with[^\n]*\n\nNo verdict flipped/);
});

t.test('CLI: baseline save (default path), compare and report --baseline exit codes', async (t) => {
  const cwd = tempDir('cli-baseline');
  const saved = cli(['baseline', 'save', FIXTURE], cwd);
  t.equal(saved.status, 0, saved.stderr);
  const path = join(cwd, 'spec', 'baselines', 'zhang-cao-simclr.json');
  t.ok(existsSync(path));
  t.same(JSON.parse(readFileSync(path, 'utf8')), fixture());

  const same = cli(['baseline', 'compare', FIXTURE, path], cwd);
  t.equal(same.status, 0, same.stderr);
  t.match(same.stdout, /no changes/);

  const flipped = fixture();
  flipped.claims[3].verdict = 'fail';
  const flippedFile = join(cwd, 'flipped.json');
  writeFileSync(flippedFile, JSON.stringify(flipped));
  const cmp = cli(['baseline', 'compare', flippedFile, path], cwd);
  t.equal(cmp.status, 1);
  t.match(cmp.stdout, /FLIP TO FAIL phase-boundary: inconclusive -> fail/);
  const rep = cli(['report', flippedFile, '--format', 'md', '--baseline', path, '--out', join(cwd, 'out')], cwd);
  t.equal(rep.status, 1, rep.stderr);
  t.match(readFileSync(join(cwd, 'out', 'report.md'), 'utf8'), /## Changes since baseline/);
});
