/**
 * Weighted isotonic (non-decreasing) least-squares fit by pool-adjacent-violators.
 * `increasing: false` fits a non-increasing curve instead.
 */
export function isotonic(values: readonly number[], weights?: readonly number[], increasing = true): number[] {
  const n = values.length;
  const w = weights ?? new Array<number>(n).fill(1);
  if (w.length !== n) throw new RangeError(`isotonic: ${n} values but ${w.length} weights`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i])) throw new RangeError(`isotonic: value ${i} is not finite (${values[i]})`);
    if (!(w[i] > 0) || !Number.isFinite(w[i])) throw new RangeError(`isotonic: weight ${i} must be finite and > 0, got ${w[i]}`);
  }
  const sign = increasing ? 1 : -1;
  // Blocks on a stack: mean (in the increasing orientation), total weight, length.
  const means: number[] = [];
  const totals: number[] = [];
  const sizes: number[] = [];
  for (let i = 0; i < n; i++) {
    let m = sign * values[i];
    let t = w[i];
    let s = 1;
    while (means.length > 0 && means[means.length - 1] >= m) {
      const pm = means.pop()!;
      const pt = totals.pop()!;
      const ps = sizes.pop()!;
      m = (pm * pt + m * t) / (pt + t);
      t += pt;
      s += ps;
    }
    means.push(m);
    totals.push(t);
    sizes.push(s);
  }
  const out: number[] = [];
  for (let b = 0; b < means.length; b++) for (let j = 0; j < sizes[b]; j++) out.push(sign * means[b]);
  return out;
}
