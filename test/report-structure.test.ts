import t from 'tap';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { renderReports } from '../src/report/index.js';
import { requires, rsvgConvert } from './helpers/requires.js';
import { fixture, tempDir } from './helpers/report.js';

const GOLDEN = join(import.meta.dirname, 'fixtures', 'report-simclr.structure.txt');

/** The skeleton of report.md a reader navigates by: headings, summary rows (claim, source, verdict), figure links. */
export function markdownStructure(md: string): string[] {
  const out: string[] = [];
  let inSummary = false;
  for (const line of md.split('\n')) {
    if (/^#{1,6} /.test(line)) {
      out.push(line);
      inSummary = line === '## Summary';
      continue;
    }
    if (inSummary && /^\| \d+ \|/.test(line)) {
      const cells = line.split(/(?<!\\)\|/).map((c) => c.trim());
      out.push(`  row ${cells[1]} ${cells[2]} ${cells[3]} ${cells[5]}`);
    }
    const verdict = /^\*\*Verdict: (.+?)\*\*/.exec(line);
    if (verdict) out.push(`  verdict ${verdict[1]}`);
    const fig = /^!\[(Figure \d+)[^\]]*\]\(([^)]+)\)/.exec(line);
    if (fig) out.push(`  ${fig[1]} ${fig[2]}`);
    if (line.startsWith('**Counterexample**')) out.push('  counterexample');
  }
  return out;
}

const results = fixture();
const out = tempDir('structure');
const files = await renderReports(results, { outDir: out, formats: ['md', 'html', 'tex', 'junit'], warn: () => {} });
const read = (f: string) => readFileSync(join(out, f), 'utf8');

t.test('report.md matches the golden copy of its structure, and every claim appears', async (t) => {
  const structure = markdownStructure(read('report.md')).join('\n') + '\n';
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, structure);
  t.equal(structure, readFileSync(GOLDEN, 'utf8'), 'structure of report.md (UPDATE_GOLDEN=1 rewrites the golden copy after a deliberate change)');
  for (const c of results.claims) {
    t.match(structure, new RegExp(`row \\d+ \\[${c.id}\\]\\(#claim-${c.id}\\) ${c.provenance.mark} `), `summary row for ${c.id}`);
    t.match(structure, `${c.title.replace(/[\\`*_[\]<>|#]/g, (ch) => `\\${ch}`)}`, `section for ${c.id}`);
  }
});

t.test('negative control: a changed verdict changes the structure', async (t) => {
  const changed = fixture();
  changed.claims[0].verdict = 'fail';
  const dir = tempDir('structure-neg');
  await renderReports(changed, { outDir: dir, formats: ['md'], warn: () => {} });
  const structure = markdownStructure(readFileSync(join(dir, 'report.md'), 'utf8')).join('\n') + '\n';
  t.not(structure, readFileSync(GOLDEN, 'utf8'));
});

t.test('appendix.tex (summary form) includes the forest plot and at most one figure per claim (none for an xfail claim) as PDFs (rsvg-convert)', async (t) => {
  if (!requires(t, rsvgConvert)) return;
  const tex = read('appendix.tex');
  const included = [...tex.matchAll(/\\includegraphics(?:\[[^\]]*\])?\{\\thfigdir\s*([^}]*?)\s*\}/g)].map((m) => m[1]);
  t.equal(included.length, (tex.match(/\\includegraphics/g) ?? []).length, 'every \\includegraphics reads from \\thfigdir');
  const shown = results.claims.filter((c) => c.figures.length > 0 && c.verdict !== 'xfail');
  t.equal(included.length, shown.length + 1, 'the forest plot and one figure per shown claim');
  t.ok(included.includes('summary-forest.pdf'), 'the forest plot');
  for (const c of results.claims) {
    const own = included.filter((f) => f.startsWith(`${c.id}--`));
    t.equal(own.length, shown.includes(c) ? 1 : 0, `${c.id} (${c.verdict}, ${c.figures.length} figures): ${own.join(', ') || 'none'}`);
  }
  for (const f of included) {
    t.match(f, /\.pdf$/, `${f} is a PDF`);
    t.ok(existsSync(join(out, 'figures', f)), `${f} was written`);
  }
});

t.test('every format names every claim with its verdict; figure files exist', async (t) => {
  const html = read('report.html');
  const tex = read('appendix.tex');
  for (const c of results.claims) {
    t.match(html, `id="claim-${c.id}"`, `html section ${c.id}`);
    t.match(html, new RegExp(`<code>${c.id}</code></a></td>\\s*<td><span class="mark"[^>]*>${c.provenance.mark}</span></td>`), `html summary row ${c.id}`);
    t.match(tex, new RegExp(`\\\\texttt\\{${c.id.replace(/-/g, '-\\{\\}\\\\allowbreak\\{\\}')}\\} \\(\\\\emph\\{${c.provenance.mark}\\}\\)`), `tex summary row ${c.id}`);
  }
  const htmlRows = html.split('<table class="summary">')[1].split('</table>')[0].match(/<tr>/g) ?? [];
  t.equal(htmlRows.length, results.claims.length + 1, 'html summary: header + one row per claim');
  t.match(html, /<span class="badge verdict-fail">FAIL<\/span>/);
  t.match(html, /<span class="badge verdict-inconclusive">inconclusive<\/span>/);
  t.match(html, /<span class="badge verdict-xfail">xfail/);
  const figures = results.claims.flatMap((c) => c.figures);
  t.equal((html.match(/<svg /g) ?? []).length, figures.length + 1, 'one inline SVG per figure, and the summary forest plot');
  t.equal(files.filter((f) => f.endsWith('.svg')).length, figures.length + 1);
  for (const f of files) t.ok(existsSync(f), f);
  // Summary form: the forest plot and at most one figure per claim (none for a control that failed as expected);
  // each an \includegraphics where rsvg-convert made the PDFs, a placeholder box naming the SVG otherwise.
  const shown = results.claims.filter((c) => c.figures.length > 0 && c.verdict !== 'xfail').length;
  const included = (tex.match(/\\includegraphics/g) ?? []).length;
  const placeholders = (tex.match(/Figure not converted to PDF \(rsvg-convert was not found\)/g) ?? []).length;
  t.equal(included + placeholders, shown + 1, 'summary form: forest plot + one figure per claim, included or with a placeholder');
  t.equal(included, rsvgConvert.present() ? shown + 1 : 0, `figures as PDFs exactly when rsvg-convert runs (${rsvgConvert.present() ? 'it does' : 'it does not'})`);
  for (const c of results.claims) t.match(tex, `\\label{thm-harness:${c.id}}`, `tex label for ${c.id}`);
  t.match(tex, /\\toprule[\s\S]*\\midrule[\s\S]*\\bottomrule/, 'booktabs rules');
  // The replay command of the failing claim, in every human format.
  const replay = results.claims.find((c) => c.counterexample)!.counterexample!.replay;
  t.ok(read('report.md').includes(replay), 'md replay');
  t.ok(html.includes(replay.replace(/'/g, '&#x27;').replace(/"/g, '&quot;').replace(/=/g, '&#x3D;')), 'html replay');
  t.match(tex, /Counterexample and replay command: HTML report/, 'summary form says where the counterexample is');
  t.notMatch(tex, /Replay it with/, 'summary form leaves the replay command to the HTML report');
  t.match(read('report.md'), /\*\*VIOLATED\*\*/, 'a violated assumption is marked');
});

t.test('--detail: every figure, the replay command and the per-point tables in the appendix', async (t) => {
  const dir = tempDir('structure-detail');
  await renderReports(results, { outDir: dir, formats: ['tex'], detail: true, warn: () => {} });
  const tex = readFileSync(join(dir, 'appendix.tex'), 'utf8');
  const figures = results.claims.flatMap((c) => c.figures);
  // Each figure is an \\includegraphics where rsvg-convert made the PDFs, a placeholder box otherwise.
  const included = (tex.match(/\\includegraphics/g) ?? []).length;
  const placeholders = (tex.match(/Figure not converted to PDF \(rsvg-convert was not found\)/g) ?? []).length;
  t.equal(included + placeholders, figures.length + 1, 'every figure and the forest plot');
  t.equal(included, rsvgConvert.present() ? figures.length + 1 : 0, 'as PDFs exactly when rsvg-convert runs');
  t.match(tex, /Replay it with/);
  t.match(tex, /Assumption & Expression & Status/);
  t.match(tex, /\\subsubsection\*\{Provenance\}/);
});

t.test('junit.xml: one testcase per claim, verdicts mapped to outcomes', async (t) => {
  const xml = read('junit.xml');
  t.equal(XMLValidator.validate(xml), true);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
  const suite = doc.testsuites.testsuite;
  const cases: Array<Record<string, unknown>> = suite.testcase;
  t.equal(cases.length, results.claims.length);
  const byId = (id: string) => cases.find((c) => String(c.name).startsWith(`${id}:`))!;
  t.ok(byId('harmful-overfitting').failure, 'fail -> failure');
  t.match(JSON.stringify(byId('harmful-overfitting').failure), /replay/);
  t.match(String((byId('phase-boundary').skipped as Record<string, string>).message), /^inconclusive: /, 'inconclusive -> skipped with message');
  const xfail = byId('identity-views-control');
  t.notOk(xfail.failure || xfail.skipped || xfail.error, 'xfail -> passed');
  t.match(String(xfail['system-out']), /expected failure/, 'with a note');
  t.notOk(byId('sup-benign').failure, 'pass -> passed');
  t.equal(Number(suite.failures), 1);
  t.equal(Number(suite.skipped), 1);
});

t.test('junit.xml: xpass -> failure, error -> error', async (t) => {
  const r = fixture();
  r.claims[6].verdict = 'xpass';
  r.claims[0].verdict = 'error';
  r.claims[0].reason = 'engine crashed: \u0000\u001b[31mNaN\u001b[0m';
  const dir = tempDir('junit');
  await renderReports(r, { outDir: dir, formats: ['junit'] });
  const xml = readFileSync(join(dir, 'junit.xml'), 'utf8');
  // fast-xml-parser's validator accepts control characters; XML 1.0 parsers (CI systems' JUnit readers) do not.
  t.notMatch(xml, /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/, 'no characters XML 1.0 forbids');
  t.equal(XMLValidator.validate(xml), true);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
  const cases: Array<Record<string, Record<string, string>>> = doc.testsuites.testsuite.testcase;
  t.equal(cases[6].failure.type, 'xpass');
  t.ok(cases[0].error);
  t.equal(Number(doc.testsuites.testsuite.failures), 2);
  t.equal(Number(doc.testsuites.testsuite.errors), 1);
});

t.test('a --templates folder overrides one template and keeps the others', async (t) => {
  const dir = tempDir('tpl');
  writeFileSync(join(dir, 'report.md.hbs'), '# Custom\n{{#each claims}}- {{id}}: {{verdict}}\n{{/each}}');
  const o = tempDir('tpl-out');
  await renderReports(results, { outDir: o, formats: ['md', 'junit'], templatesDir: dir });
  const md = readFileSync(join(o, 'report.md'), 'utf8');
  t.match(md, /^# Custom\n- sup-benign: pass\n/);
  t.match(readFileSync(join(o, 'junit.xml'), 'utf8'), /<testsuites/, 'built-in junit template still used');
});

t.test('the forest plot names every claim in full: no y label is cut to an ellipsis', async (t) => {
  const long = fixture();
  long.claims[0].id = 'supervised-error-decreases-with-labels-at-every-snr';
  const dir = tempDir('forest-labels');
  await renderReports(long, { outDir: dir, formats: ['md'], warn: () => {} });
  const svg = readFileSync(join(dir, 'figures', 'summary-forest.svg'), 'utf8');
  t.notMatch(svg, /…/, 'no truncated label');
  for (const c of long.claims) t.match(svg, `. ${c.id}`, `label of ${c.id}`);
});
