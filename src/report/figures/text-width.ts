/**
 * Text widths for Vega's layout in Node. Without a canvas Vega estimates every character as 0.8 em, about 1.7 times
 * the width of Latin Modern text: legends and axis titles get laid out (and truncated) as if their text were that
 * long, and each figure carries a wide empty margin that shrinks it when LaTeX scales it to the column. These are
 * the advance widths of Computer Modern Roman 10 pt (which Latin Modern Roman shares), in thousandths of an em, so
 * the layout is the same on every machine whatever fonts it has.
 */
const WIDTHS: Record<string, number> = {
  ' ': 333, '!': 278, '"': 500, '#': 833, '$': 500, '%': 833, '&': 778, "'": 278, '(': 389, ')': 389, '*': 500, '+': 778,
  ',': 278, '-': 333, '.': 278, '/': 500, ':': 278, ';': 278, '<': 778, '=': 778, '>': 778, '?': 472, '@': 778,
  '[': 278, '\\': 500, ']': 278, '^': 500, _: 500, '`': 278, '{': 500, '|': 278, '}': 500, '~': 500,
  A: 750, B: 708, C: 722, D: 764, E: 681, F: 653, G: 785, H: 750, I: 361, J: 514, K: 778, L: 625, M: 917, N: 750,
  O: 778, P: 681, Q: 778, R: 736, S: 556, T: 722, U: 750, V: 750, W: 1028, X: 750, Y: 750, Z: 611,
  a: 500, b: 556, c: 444, d: 556, e: 444, f: 306, g: 500, h: 556, i: 278, j: 306, k: 528, l: 278, m: 833, n: 556,
  o: 500, p: 556, q: 528, r: 392, s: 394, t: 389, u: 556, v: 528, w: 722, x: 528, y: 528, z: 444,
  '−': 778, '–': 500, '—': 1000, '…': 1000, '≤': 778, '≥': 778, '±': 778, '·': 278, '×': 778,
};
// Digits are all 500; anything else (Greek, symbols) is taken as a wide character.
const OTHER = 778;

/** The width in pixels of `text` set in Latin Modern Roman at `fontSize` pixels. */
export function latinModernWidth(text: string, fontSize: number): number {
  let units = 0;
  for (const ch of text) units += /[0-9]/.test(ch) ? 500 : (WIDTHS[ch] ?? OTHER);
  return (units / 1000) * fontSize;
}
