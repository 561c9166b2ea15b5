import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Figure, Results } from '../../proofs-check/results.js';
import type { ClaimResult } from '../../proofs-check/results.js';
import type { BaselineChanges } from './baseline.js';
import { renderFigure, renderForest } from './figures/index.js';
import { splitByOtherParams } from './figure-params.js';
import { forestRow } from './forest-data.js';
import { symbolTable } from './symbols.js';
import { DEFAULT_FORMATS, resolveFormats } from './formats/index.js';
import { buildModel, figureKey } from './model.js';
import { haveSvgToPdf, svgToPdf } from './svg-to-pdf.js';

export interface RenderOptions {
  outDir: string;
  /** Any of md, html, tex, junit (default: all). */
  formats?: readonly string[];
  /** A folder whose templates replace the built-in ones of the same name. */
  templatesDir?: string;
  /** From compareToBaseline: adds the "changes since baseline" section to every format. */
  changes?: BaselineChanges | null;
  /** Rows of each measurements table shown in the report (the rest stay in results.json). */
  maxRows?: number;
  /** Full per-point detail in the appendix and Markdown (every figure, fits, assumptions, measurements); default: the summary form. */
  detail?: boolean;
  /** Where non-fatal problems go (a missing rsvg-convert, say). Default: stderr. */
  warn?: (message: string) => void;
}

const slug = (s: string) => s.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase() || 'x';

export function figureFileStem(claim: ClaimResult, fig: Figure): string {
  // Checkers often prefix figure ids with the claim id; say it once.
  const figId = fig.id.startsWith(`${claim.id}-`) ? fig.id.slice(claim.id.length + 1) : fig.id;
  return `${slug(claim.id)}--${slug(figId)}`;
}

/** Renders the requested formats (and their figure files) into outDir; returns every file written. */
export async function renderReports(results: Results, opts: RenderOptions): Promise<string[]> {
  const warn = opts.warn ?? ((m: string) => process.stderr.write(`warning: ${m}\n`));
  const formats = resolveFormats(opts.formats ?? DEFAULT_FORMATS);
  const outDir = resolve(opts.outDir);
  const figDir = join(outDir, 'figures');
  const written: string[] = [];
  const needFiles = formats.some((f) => f.figures === 'svg' || f.figures === 'pdf');
  const needPdf = formats.some((f) => f.figures === 'pdf');
  const needFigures = formats.some((f) => f.figures !== 'none');
  mkdirSync(outDir, { recursive: true });
  if (needFiles) mkdirSync(figDir, { recursive: true });

  const pdfOk = needPdf && (await haveSvgToPdf());
  if (needPdf && !pdfOk) warn('rsvg-convert not found (Debian: librsvg2-bin): appendix.tex gets placeholders instead of figure PDFs.');
  const symbols = symbolTable(results);
  /** Writes one figure's SVG (and PDF) where the formats need them; returns the PDF's path relative to outDir. */
  const writeFigure = async (stem: string, svg: string): Promise<string | null> => {
    if (!needFiles) return null;
    const svgPath = join(figDir, `${stem}.svg`);
    writeFileSync(svgPath, svg);
    written.push(svgPath);
    if (!pdfOk) return null;
    const pdfPath = join(figDir, `${stem}.pdf`);
    await svgToPdf(svgPath, pdfPath);
    written.push(pdfPath);
    return `figures/${stem}.pdf`;
  };
  const figures = new Map<string, { svg: string; notes: string[]; pdfFile: string | null }>();
  const paramNames = new Set((results.hyperparameters ?? []).map((h) => h.name));
  for (const claim of results.claims) {
    for (const fig of needFigures ? claim.figures : []) {
      const stem = figureFileStem(claim, fig);
      const { svg, notes } = await renderFigure(splitByOtherParams(fig, claim.measurements, paramNames), stem, { symbols });
      figures.set(figureKey(claim, fig), { svg, notes, pdfFile: await writeFigure(stem, svg) });
    }
  }
  let forest = null;
  if (needFigures && results.claims.length > 0) {
    const { svg, notes } = await renderForest(results.claims.map((c, i) => forestRow(c, i + 1)), 'summary-forest');
    const pdfFile = await writeFigure('summary-forest', svg);
    forest = { svg, notes, svgFile: 'figures/summary-forest.svg', pdfName: pdfFile ? 'summary-forest.pdf' : null, label: 'thm-harness:fig:summary' };
  }

  let samples: { title: string; svg: string; svgFile: string; pdfName: string | null } | null = null;
  if (results.samples && needFigures) {
    let pdfName: string | null = null;
    if (needFiles) {
      const svgPath = join(figDir, 'sample-inputs.svg');
      writeFileSync(svgPath, results.samples.svg);
      written.push(svgPath);
      if (pdfOk) {
        await svgToPdf(svgPath, join(figDir, 'sample-inputs.pdf'));
        written.push(join(figDir, 'sample-inputs.pdf'));
        pdfName = 'sample-inputs.pdf';
      }
    }
    samples = { title: results.samples.title, svg: results.samples.svg, svgFile: 'figures/sample-inputs.svg', pdfName };
  }

  const model = buildModel(results, opts.changes ?? null, {
    maxRows: opts.maxRows,
    figures,
    withFigures: needFigures,
    figureFile: (claim, fig) => `figures/${figureFileStem(claim, fig)}.svg`,
    samples,
    detail: opts.detail ?? false,
    symbols,
    forest,
  });
  for (const format of formats) {
    const file = join(outDir, format.file);
    writeFileSync(file, format.render(model, { templatesDir: opts.templatesDir }));
    written.push(file);
  }
  return written;
}
