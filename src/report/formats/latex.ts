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

// `x^y`, `x^(a+b)`, `x^{..}` and short subscripts `n_L`, `C_ft` in prose, right after a letter, digit or bracket:
// set as scripts, not as \textasciicircum. Chains (`n_L^2`) work since each script only needs something before it.
const SCRIPT = /(?<=[A-Za-z0-9)|}])(\^|_)(\{[^}]*\}|\([^)]*\)|-?[A-Za-z0-9.]*[A-Za-z0-9])/g;

/** Prose (statements, reasons, titles): escapeTex, with `a^b` and `a_b` set as super- and subscripts. */
export function escapeTexProse(text: unknown): string {
  const s = String(text ?? '');
  let out = '';
  let last = 0;
  for (const m of s.matchAll(SCRIPT)) {
    const [all, op, arg] = m;
    const inner = arg.startsWith('{') || (op === '^' && arg.startsWith('(')) ? arg.slice(1, -1) : arg;
    // snake_case_names stay as written: a subscript is short, or follows a single letter.
    const before = /[A-Za-z]*$/.exec(s.slice(0, m.index))![0];
    if (op === '_' && inner.length > 3 && before.length !== 1) continue;
    out += escapeTex(s.slice(last, m.index)) + `\\text${op === '^' ? 'super' : 'sub'}script{${escapeTex(inner)}}`;
    last = m.index! + all.length;
  }
  return out + escapeTex(s.slice(last));
}

/** Text with maths spans (between U+0000 and U+0001, from the report model): prose outside, inline maths inside. */
export function escapeTexMixed(text: unknown): string {
  return String(text ?? '')
    .split(/(\u0000[^\u0001]*\u0001)/)
    .map((part) => (part.startsWith('\u0000') ? `\\(${part.slice(1, -1)}\\)` : escapeTexProse(part)))
    .join('');
}

/** A TeX label safe for \label and \ref whatever the claim id holds. */
export function texLabel(label: unknown): string {
  return String(label ?? '').replace(/[^A-Za-z0-9:.\-]/g, '-');
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
    return compileTemplate('appendix.tex.hbs', ctx, { tex: escapeTex, prose: escapeTexProse, mixed: escapeTexMixed, code: escapeTexCode, label: texLabel }, true)(model);
  },
};
