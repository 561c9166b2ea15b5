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

/** `text` in at most about `max` characters: long parenthetical asides dropped, then cut at a word with an ellipsis. */
export function clipWords(text: string, max: number): string {
  const t = dropLongAsides(tidyNumbers(text).trim());
  if (t.length <= max) return t;
  const cut = t.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2)).replace(/[\s,;:]+$/, '')} …`;
}

/** Sentences: a full stop, question or exclamation mark followed by a space and a capital letter or digit ("10 of 12 cells"), not after "et al." or "e.g.". */
function sentences(text: string): string[] {
  return text.split(/(?<!\bal\.|\be\.g\.|\bi\.e\.)(?<=[.!?])\s+(?=[A-Z0-9])/).filter((s) => s.trim() !== '');
}

/**
 * The reason in about `max` characters: long parenthetical asides dropped, then whole sentences while they fit
 * (always the first, and a sentence matching `conclusion` within a larger budget; later sentences matching `omit`,
 * which the paragraph says in its own words, are left out). A first sentence far longer than `max` is cut at a
 * word and ends in an ellipsis.
 * `shortened` says whether anything was left out, so the report can point to the full text.
 */
export function briefReason(reason: string, opts: { max?: number; omit?: readonly RegExp[]; conclusion?: RegExp } = {}): { text: string; shortened: boolean } {
  const max = opts.max ?? 180;
  const full = tidyNumbers(reason).trim();
  const all = sentences(dropLongAsides(full)).filter((s, i) => i === 0 || !(opts.omit ?? []).some((re) => re.test(s)));
  // A sentence that names the verdict ("... so the pass does not stand at the spec level: inconclusive") is the
  // reason's conclusion: it is kept within a larger budget, ahead of the sentences between.
  const isConclusion = (s: string) => opts.conclusion !== undefined && opts.conclusion.test(s);
  const kept = new Set<number>([0]);
  let length = all[0]?.length ?? 0;
  all.forEach((s, i) => {
    if (i > 0 && isConclusion(s) && length + 1 + s.length <= max * 1.7) {
      kept.add(i);
      length += 1 + s.length;
    }
  });
  all.forEach((s, i) => {
    if (!kept.has(i) && length + 1 + s.length <= max) {
      kept.add(i);
      length += 1 + s.length;
    }
  });
  let text = all.filter((_, i) => kept.has(i)).join(' ');
  if (text.length > max * 1.7) text = clipWords(text, max);
  return { text, shortened: text !== full };
}
