import type { OutputFormat } from './format.js';
import { compileTemplate } from './format.js';

const SPECIALS: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  $: '\\$',
  '&': '\\&',
  '#': '\\#',
  '^': '\\textasciicircum{}',
  _: '\\_',
  '%': '\\%',
  '~': '\\textasciitilde{}',
  // \textless and friends exist only in T1; maths mode works whatever the document's font encoding.
  '<': '\\ensuremath{<}',
  '>': '\\ensuremath{>}',
  '|': '\\ensuremath{|}',
};

// pdflatex reads UTF-8 but has no glyphs for maths symbols in text: map the ones reports use.
const UNICODE: Record<string, string> = {
  '≥': '\\ensuremath{\\geq}', '≤': '\\ensuremath{\\leq}', '≠': '\\ensuremath{\\neq}', '≈': '\\ensuremath{\\approx}',
  '×': '\\ensuremath{\\times}', '·': '\\ensuremath{\\cdot}', '−': '\\ensuremath{-}', '±': '\\ensuremath{\\pm}',
  '→': '\\ensuremath{\\to}', '⇒': '\\ensuremath{\\Rightarrow}', '∈': '\\ensuremath{\\in}', '∞': '\\ensuremath{\\infty}',
  '∀': '\\ensuremath{\\forall}', '√': '\\ensuremath{\\surd}', '‖': '\\ensuremath{\\|}', '²': '\\ensuremath{^2}', '³': '\\ensuremath{^3}',
  'α': '\\ensuremath{\\alpha}', 'β': '\\ensuremath{\\beta}', 'γ': '\\ensuremath{\\gamma}', 'δ': '\\ensuremath{\\delta}',
  'ε': '\\ensuremath{\\varepsilon}', 'η': '\\ensuremath{\\eta}', 'θ': '\\ensuremath{\\theta}', 'λ': '\\ensuremath{\\lambda}',
  'μ': '\\ensuremath{\\mu}', 'ξ': '\\ensuremath{\\xi}', 'ρ': '\\ensuremath{\\rho}', 'σ': '\\ensuremath{\\sigma}',
  'τ': '\\ensuremath{\\tau}', 'Ω': '\\ensuremath{\\Omega}', 'Θ': '\\ensuremath{\\Theta}',
  '–': '--', '—': '---', '‘': '`', '’': "'", '“': '``', '”': "''", '…': '\\ldots{}',
};

/** Text to LaTeX text mode: specials escaped, known symbols mapped, numbers in e-notation typeset. */
export function escapeTex(text: unknown): string {
  let out = '';
  const plain = String(text ?? '').replace(/<=/g, '≤').replace(/>=/g, '≥').replace(/!=/g, '≠');
  for (const ch of plain) {
    if (ch in SPECIALS) out += SPECIALS[ch];
    else if (ch in UNICODE) out += UNICODE[ch];
    else if (ch === '\n') out += ' ';
    else if (ch.codePointAt(0)! > 0x7e && !/[À-ÿ]/.test(ch)) out += `[U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`;
    else out += ch;
  }
  return out.replace(/(?<![\w.])(-?\d+(?:\.\d+)?)e([+-]?\d+)\b/g, (_m, mant: string, exp: string) => `\\ensuremath{${mant}\\times 10^{${Number(exp)}}}`);
}

/** Identifiers, hashes and commands for \texttt: escaped, and breakable so long ones do not run into the margin. */
export function escapeTexCode(text: unknown): string {
  const s = String(text ?? '');
  let out = '';
  let run = 0;
  for (const ch of s) {
    out += escapeCodeChar(ch);
    run = /[A-Za-z0-9]/.test(ch) ? run + 1 : 0;
    if (/[-/,:=_.]/.test(ch) || run >= 16) {
      out += '\\allowbreak{}';
      run = 0;
    }
  }
  return out;
}

function escapeCodeChar(ch: string): string {
  if (ch === ' ') return '\\ ';
  if (ch === '-') return '-{}'; // no -- ligature in commands
  if (ch === "'") return '\\textquotesingle{}';
  // The typewriter font has ASCII glyphs for these; escapeTex would switch to maths.
  if ('"<>|'.includes(ch)) return ch;
  return escapeTex(ch);
}

export const latex: OutputFormat = {
  name: 'tex',
  file: 'appendix.tex',
  figures: 'pdf',
  render(model, ctx) {
    return compileTemplate('appendix.tex.hbs', ctx, { tex: escapeTex, code: escapeTexCode }, true)(model);
  },
};
