import type { Results } from '../../proofs-check/results.js';
import { metrics } from '../components/metric.js';
// The shipped metrics' ranges and symbols (a report may load without any run parameters).
import '../components/shipped.js';

/**
 * The TeX names a report sets parameters and metrics in: each parameter's `tex` (results.hyperparameters, absent in
 * older results files) and each registered metric's `tex` (src/components/metric.ts). A name without one is set upright as itself.
 */
export type SymbolTable = ReadonlyMap<string, string>;

export function symbolTable(results: Pick<Results, 'hyperparameters'>): SymbolTable {
  const table = new Map<string, string>(metrics.values().flatMap((m) => (m.tex ? [[m.name, m.tex] as const] : [])));
  for (const h of results.hyperparameters ?? []) if (h.tex) table.set(h.name, h.tex);
  return table;
}

/** TeX for a figure's axis label when it is a name (`nLabeled`, `testLoss`) or a threshold of one (`nLabeled*`); else null. */
export function labelTex(label: string, symbols: SymbolTable): string | null {
  const direct = symbols.get(label);
  if (direct) return direct;
  const star = /^([A-Za-z_][A-Za-z0-9_]*)\*$/.exec(label);
  if (star && symbols.has(star[1])) return `${symbols.get(star[1])}^{*}`;
  return null;
}

/** One piece of a typeset label: SVG text has no maths, so sub/superscripts and italics are tspans. */
export interface Run {
  text: string;
  shift: 'none' | 'sub' | 'super';
  italic: boolean;
}

const GREEK: Record<string, string> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ϵ', varepsilon: 'ε', zeta: 'ζ', eta: 'η', theta: 'θ',
  kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π', rho: 'ρ', sigma: 'σ', tau: 'τ', phi: 'ϕ', varphi: 'φ',
  chi: 'χ', psi: 'ψ', omega: 'ω', Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Sigma: 'Σ', Phi: 'Φ', Omega: 'Ω',
};
const SYMBOLS: Record<string, string> = { cdot: '·', times: '×', le: '≤', leq: '≤', ge: '≥', geq: '≥', '|': '‖', ',': ' ', ';': ' ', quad: '  ', infty: '∞', star: '*', ast: '*' };
const FUNCTIONS = new Set(['log', 'exp', 'cos', 'sin', 'max', 'min', 'sqrt']);

/**
 * A small TeX subset (names, Greek letters, \mathrm, \text, sub- and superscripts) as runs of text: enough for
 * parameter and metric names on axes. Single Latin letters are italic, as TeX sets them; anything unknown is kept as text.
 */
export function texRuns(tex: string): Run[] {
  const runs: Run[] = [];
  const push = (text: string, shift: Run['shift'], italic: boolean) => {
    const last = runs[runs.length - 1];
    if (last && last.shift === shift && last.italic === italic) last.text += text;
    else runs.push({ text, shift, italic });
  };
  let i = 0;
  const group = (): string => {
    // The argument of a command or a script: {...} or one character (or one \command).
    while (tex[i] === ' ') i++;
    if (tex[i] === '{') {
      let depth = 0;
      const start = i;
      for (; i < tex.length; i++) {
        if (tex[i] === '{') depth++;
        else if (tex[i] === '}' && --depth === 0) break;
      }
      return tex.slice(start + 1, i++);
    }
    if (tex[i] === '\\') {
      const m = /^\\([A-Za-z]+|.)/.exec(tex.slice(i))!;
      i += m[0].length;
      return m[0];
    }
    return tex[i++] ?? '';
  };
  const walk = (src: string, shift: Run['shift'], upright: boolean) => {
    for (const r of texRuns(src)) push(r.text, shift === 'none' ? r.shift : shift, upright ? false : r.italic);
  };
  while (i < tex.length) {
    const ch = tex[i];
    if (ch === '\\') {
      const m = /^\\([A-Za-z]+|.)/.exec(tex.slice(i))!;
      i += m[0].length;
      const name = m[1];
      if (name === 'mathrm' || name === 'text' || name === 'operatorname' || name === 'textrm') walk(group(), 'none', true);
      else if (name === 'mathit' || name === 'mathbf' || name === 'boldsymbol' || name === 'bar' || name === 'hat' || name === 'tilde' || name === 'overline') walk(group(), 'none', false);
      else if (name in GREEK) push(GREEK[name], 'none', /^[a-z]/.test(name));
      else if (name in SYMBOLS) push(SYMBOLS[name], 'none', false);
      else if (FUNCTIONS.has(name)) push(name, 'none', false);
      else if (name === 'left' || name === 'right' || name === 'big' || name === 'Big') continue;
      else push(name, 'none', false);
    } else if (ch === '_' || ch === '^') {
      i++;
      walk(group(), ch === '_' ? 'sub' : 'super', false);
    } else if (ch === '{' || ch === '}') {
      i++;
    } else {
      i++;
      push(ch, 'none', /[A-Za-z]/.test(ch));
    }
  }
  return runs;
}

/** The runs as plain text (what a layout engine measures, and what a screen reader hears). */
export function runsText(runs: readonly Run[]): string {
  return runs.map((r) => r.text).join('');
}
