import type { ClaimResult, Verdict } from '../../proofs-check/results.js';

/**
 * One row of the summary forest plot: a claim's statistic and interval as a margin to its threshold, so claims
 * on different scales share one axis. 0 is the threshold and the claimed side is positive:
 * - `>= c`, `> c`: (v - c) / s; `<= c`, `< c`: (c - v) / s, with s = |c|, or where c = 0 the largest
 *   magnitude among the value and its interval ends (so the drawn interval spans at most [-1, 1]);
 * - `in [a, b]`: 1 - |v - m| / h with m, h the centre and half-width: 1 at the centre, 0 at either edge.
 */
export interface ForestRow {
  number: number;
  id: string;
  verdict: Verdict;
  margin: number | null;
  lo: number | null;
  hi: number | null;
  /** How the row was scaled, in words, or why it is not drawn. */
  scale: string;
}

/** Rows are drawn within this window; a row outside it is drawn at its edge and marked. */
export const FOREST_LIMIT = 3;

const NUM = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?`;

export function parseThreshold(text: string): { op: '>=' | '<=' | 'in'; c: number; d?: number } | null {
  const t = text.trim();
  const cmp = new RegExp(`^(>=|<=|>|<|≥|≤)\\s*(${NUM})`).exec(t);
  if (cmp) return { op: /[>≥]/.test(cmp[1]) ? '>=' : '<=', c: Number(cmp[2]) };
  const within = new RegExp(`^in\\s*\\[\\s*(${NUM})\\s*,\\s*(${NUM})\\s*\\]`).exec(t);
  if (within) return { op: 'in', c: Number(within[1]), d: Number(within[2]) };
  return null;
}

export function forestRow(claim: ClaimResult, number: number): ForestRow {
  const base = { number, id: claim.id, verdict: claim.verdict };
  const s = claim.statistic;
  if (!s || s.value === null) return { ...base, margin: null, lo: null, hi: null, scale: 'no statistic' };
  const th = parseThreshold(s.threshold);
  if (!th) return { ...base, margin: null, lo: null, hi: null, scale: `threshold "${s.threshold}" is not a number comparison` };
  const [lo, hi] = s.interval ?? [s.value, s.value];
  if (th.op === 'in') {
    const m = (th.c + th.d!) / 2;
    const h = (th.d! - th.c) / 2 || 1;
    const f = (v: number) => 1 - Math.abs(v - m) / h;
    const ends = [f(lo), f(hi)];
    return { ...base, margin: f(s.value), lo: Math.min(...ends), hi: lo <= m && m <= hi ? 1 : Math.max(...ends), scale: `half-width ${h}` };
  }
  const scale = Math.abs(th.c) > 1e-12 ? Math.abs(th.c) : Math.max(Math.abs(s.value), Math.abs(lo), Math.abs(hi)) || 1;
  const sign = th.op === '>=' ? 1 : -1;
  const f = (v: number) => (sign * (v - th.c)) / scale;
  return { ...base, margin: f(s.value), lo: Math.min(f(lo), f(hi)), hi: Math.max(f(lo), f(hi)), scale: Math.abs(th.c) > 1e-12 ? `|threshold| = ${th.c}` : `largest |value| ${Number(scale.toPrecision(3))}` };
}
