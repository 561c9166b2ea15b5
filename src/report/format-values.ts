/** Plain-text renderings of numbers and values shared by every output format (formats escape them afterwards). */

export const MISSING = '—';

export function fmt(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return MISSING;
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '-∞';
  if (Number.isInteger(v) && Math.abs(v) < 1e6) return String(v);
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e6) {
    const [mant, exp] = v.toExponential(2).split('e');
    return `${String(Number(mant))}e${Number(exp)}`;
  }
  return String(Number(v.toPrecision(4)));
}

export function fmtInterval(iv: readonly [number, number] | null | undefined): string {
  return iv ? `[${fmt(iv[0])}, ${fmt(iv[1])}]` : MISSING;
}

export function fmtCell(v: unknown): string {
  if (v === null || v === undefined) return MISSING;
  if (typeof v === 'number') return fmt(v);
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

export function fmtSeconds(s: number): string {
  if (s < 60) return `${fmt(Math.round(s * 10) / 10)} s`;
  const m = Math.floor(s / 60);
  const rest = Math.round(s - 60 * m);
  return m < 60 ? `${m} min ${rest} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** 1,2,3,4,7 -> "1–4, 7": seed lists stay short in a table. */
export function fmtSeeds(seeds: readonly number[]): string {
  if (seeds.length === 0) return MISSING;
  const sorted = [...new Set(seeds)].sort((a, b) => a - b);
  const parts: string[] = [];
  let start = sorted[0];
  let prev = start;
  for (const s of [...sorted.slice(1), Number.NaN]) {
    if (s === prev + 1) {
      prev = s;
      continue;
    }
    parts.push(start === prev ? String(start) : prev === start + 1 ? `${start}, ${prev}` : `${start}–${prev}`);
    start = prev = s;
  }
  return parts.join(', ');
}

export function fmtPercent(level: number): string {
  return `${fmt(level * 100)}%`;
}
