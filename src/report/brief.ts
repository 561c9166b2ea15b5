/**
 * Short forms of checkers' prose for the appendix's summary form, whose per-claim paragraph must stay a few lines
 * however much a rule explains: the full text stays in results.json, the HTML report and `--detail`.
 */

/** Percentages printed at full float precision ("98.33333333333333%") read as four significant digits. */
export function tidyNumbers(text: string): string {
  return text.replace(/(\d+\.\d{5,})%/g, (_, v: string) => `${Number(Number(v).toPrecision(4))}%`);
}

// Parenthetical asides longer than this are derivation detail (intervals, per-seed values) the table already has.
const LONG_ASIDE = 60;

/** Removes balanced parenthetical asides longer than LONG_ASIDE characters (nested ones go with their parent). */
function dropLongAsides(text: string): string {
  let out = '';
  let depth = 0;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') {
      if (depth === 0) start = i;
      depth++;
    } else if (ch === ')' && depth > 0) {
      depth--;
      if (depth === 0) {
        const aside = text.slice(start, i + 1);
        if (aside.length <= LONG_ASIDE) out += aside;
        else out = out.replace(/\s+$/, '');
      }
    } else if (depth === 0) out += ch;
  }
  // An unbalanced "(" keeps the rest as written.
  if (depth > 0) out += text.slice(start);
  return out.replace(/\s+([,.;:])/g, '$1');
}

/** Sentences: a full stop, question or exclamation mark followed by a space and a capital letter or digit ("10 of 12 cells"), not after "et al." or "e.g.". */
function sentences(text: string): string[] {
  return text.split(/(?<!\bal\.|\be\.g\.|\bi\.e\.)(?<=[.!?])\s+(?=[A-Z0-9])/).filter((s) => s.trim() !== '');
}

/**
 * The reason in at most about `max` characters: long parenthetical asides dropped, then whole sentences while they
 * fit (always the first; later sentences matching `omit`, which the paragraph says in its own words, are left out). A first sentence longer than `max` is cut at a word and ends in an ellipsis.
 * `shortened` says whether anything was left out, so the report can point to the full text.
 */
export function briefReason(reason: string, opts: { max?: number; omit?: readonly RegExp[] } = {}): { text: string; shortened: boolean } {
  const max = opts.max ?? 300;
  const full = tidyNumbers(reason).trim();
  const all = sentences(dropLongAsides(full)).filter((s, i) => i === 0 || !(opts.omit ?? []).some((re) => re.test(s)));
  let text = all[0] ?? '';
  for (const s of all.slice(1)) {
    if (text.length + 1 + s.length > max) break;
    text += ` ${s}`;
  }
  if (text.length > max) {
    const cut = text.slice(0, max);
    text = `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2)).replace(/[\s,;:]+$/, '')} …`;
  }
  return { text, shortened: text !== full };
}
