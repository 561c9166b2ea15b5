import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * SVG -> PDF with librsvg's rsvg-convert (Debian: librsvg2-bin). The LaTeX appendix then includes the very
 * figures the HTML shows, and pdflatex needs nothing beyond graphicx; pgfplots would mean a second plotting
 * code path, a much larger TeX install and slow compiles for dense figures.
 */
export async function svgToPdf(svgFile: string, pdfFile: string): Promise<void> {
  await run('rsvg-convert', ['--format=pdf', '--output', pdfFile, svgFile], { timeout: 60_000 });
}

let available: boolean | null = null;

export async function haveSvgToPdf(): Promise<boolean> {
  if (available === null) {
    try {
      await run('rsvg-convert', ['--version'], { timeout: 10_000 });
      available = true;
    } catch {
      available = false;
    }
  }
  return available;
}
