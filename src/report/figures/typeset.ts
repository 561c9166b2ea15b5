import { runsText, texRuns, type Run } from '../symbols.js';

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Runs as SVG tspans: italic letters, sub- and superscripts shifted and smaller, as TeX would set them. */
export function runsToTspans(runs: readonly Run[]): string {
  return runs
    .map((r) => {
      const attrs = [r.italic ? 'font-style="italic"' : '', r.shift === 'none' ? '' : `baseline-shift="${r.shift}" font-size="72%"`].filter(Boolean).join(' ');
      return attrs ? `<tspan ${attrs}>${xml(r.text)}</tspan>` : xml(r.text);
    })
    .join('');
}

/** A TeX label prepared for Vega (which lays out plain text) and for the SVG afterwards (which shows the maths). */
export interface TypesetLabel {
  plain: string;
  tspans: string;
}

export function typesetLabel(tex: string): TypesetLabel {
  const runs = texRuns(tex);
  return { plain: runsText(runs), tspans: runsToTspans(runs) };
}

/** Replaces each label's plain text (an axis title Vega wrote) by its typeset tspans. */
export function typesetSvg(svg: string, labels: readonly TypesetLabel[]): string {
  let out = svg;
  for (const l of labels) {
    if (l.plain === '' || l.tspans === xml(l.plain)) continue;
    out = out.split(`>${xml(l.plain)}</text>`).join(`>${l.tspans}</text>`);
  }
  return out;
}
