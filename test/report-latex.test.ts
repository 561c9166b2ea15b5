import t from 'tap';
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { renderReports } from '../src/report/index.js';
import { escapeTex, escapeTexCode } from '../src/report/formats/latex.js';
import { fixture, tempDir } from './helpers/report.js';
import { pdflatex as latex, pdftotext, requires, rsvgConvert } from './helpers/requires.js';

const PREAMBLE = '\\documentclass{article}\n\\usepackage{lmodern,amsmath,amssymb,booktabs,graphicx,longtable,tabularx}\n';

function pdflatex(dir: string, main: string) {
  // Twice: longtable settles its column widths on the second pass.
  let r = spawnSync('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', main], { cwd: dir, encoding: 'utf8', timeout: 180_000 });
  if (r.status === 0) r = spawnSync('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', main], { cwd: dir, encoding: 'utf8', timeout: 180_000 });
  return r;
}

const results = fixture();
const out = tempDir('latex');
const files = await renderReports(results, { outDir: out, formats: ['md', 'tex'] });

t.test('every SVG figure is well-formed XML with axes; a broken SVG is rejected', async (t) => {
  const svgs = files.filter((f) => f.endsWith('.svg'));
  t.equal(svgs.length, results.claims.flatMap((c) => c.figures).length + 1, 'every figure and the summary forest plot');
  for (const f of svgs) {
    const text = readFileSync(f, 'utf8');
    t.equal(XMLValidator.validate(text), true, f);
    t.match(text, /^<svg [^>]*viewBox="0 0 \d+ \d+"/, 'scalable root');
    t.match(text, /role-axis/, 'has axes');
  }
  const truncated = readFileSync(svgs[0], 'utf8').slice(0, -20);
  t.not(XMLValidator.validate(truncated), true, 'negative control: a truncated SVG does not validate');
});

t.test('appendix.tex compiles with pdflatex and the PDF has the summary table', async (t) => {
  if (!requires(t, latex, pdftotext, rsvgConvert)) return;
  t.ok(files.some((f) => f.endsWith('.pdf')), 'figures were converted to PDF (rsvg-convert)');
  writeFileSync(join(out, 'main.tex'), `${PREAMBLE}\\begin{document}\n\\input{appendix.tex}\n\\end{document}\n`);
  const r = pdflatex(out, 'main.tex');
  t.equal(r.status, 0, r.stdout.split('\n').filter((l) => l.startsWith('!')).join('\n') || 'pdflatex ok');
  if (r.status !== 0) return;
  const log = readFileSync(join(out, 'main.log'), 'utf8');
  t.notMatch(log, /LaTeX Warning: File .* not found/, 'every figure found');
  const text = spawnSync('pdftotext', ['-layout', 'main.pdf', '-'], { cwd: out, encoding: 'utf8' }).stdout;
  const summary = text.slice(text.indexOf('Table 1'), text.indexOf('Source marks'));
  t.ok(summary.length > 100, 'summary table found');
  t.match(summary, /Claim \(source\)\s+Verdict\s+Statistic/);
  for (const c of results.claims) {
    // pdftotext keeps the tt id but may break it across lines at the allowed break points.
    const first = c.id.split('-')[0];
    t.match(summary, new RegExp(`${first}-`), `summary row for ${c.id}`);
  }
  // Each row starts with its number and the claim id (the statement follows on its own line).
  const numbered = results.claims.filter((c, i) => new RegExp(`^\\s*${i + 1}\\s+${c.id.split('-')[0]}-`, 'm').test(summary));
  t.equal(numbered.length, results.claims.length, 'one numbered row per claim');
  for (const v of ['FAIL', 'inconclusive', 'xfail']) t.match(summary, v);
  const pages = /Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', ['main.pdf'], { cwd: out, encoding: 'utf8' }).stdout);
  t.comment(`compiled appendix: ${pages?.[1]} pages`);
  if (process.env.REPORT_PDF) copyFileSync(join(out, 'main.pdf'), process.env.REPORT_PDF);
});

t.test('TeX escaping survives every special character; the raw text does not (negative control)', async (t) => {
  if (!requires(t, latex)) return;
  const nasty = 'a_b 50% & $x$ #1 {c} ~d^e \\f <g> |h| ≥ ≤ σ μ ‖x‖ − 1e-5 ✓';
  const dir = tempDir('tex-escape');
  writeFileSync(join(dir, 'ok.tex'), `${PREAMBLE}\\begin{document}\n${escapeTex(nasty)}\n\n\\texttt{${escapeTexCode(nasty)}}\n\\end{document}\n`);
  t.equal(pdflatex(dir, 'ok.tex').status, 0, 'escaped text compiles');
  writeFileSync(join(dir, 'raw.tex'), `${PREAMBLE}\\begin{document}\n${nasty}\n\\end{document}\n`);
  t.not(pdflatex(dir, 'raw.tex').status, 0, 'unescaped text does not');
  t.ok(readdirSync(dir).includes('ok.pdf'));
});
