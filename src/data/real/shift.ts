import type { Rng } from '../../util/rng.js';

/**
 * Small random translations of images, the image augmentation of the real-data source [choice]:
 * each image (row-major rows x cols) moves by (dy, dx), both uniform on {-maxShift..maxShift},
 * with zero fill, then is rescaled to its original norm so that the SNR of a run does not change.
 * An image shifted entirely out of frame (maxShift >= side) is left as it was.
 */
export function shiftImages(images: Float32Array, n: number, rows: number, cols: number, maxShift: number, rng: Rng): Float32Array {
  const d = rows * cols;
  const out = new Float32Array(n * d);
  const span = 2 * maxShift + 1;
  for (let i = 0; i < n; i++) {
    const dy = rng.int(span) - maxShift;
    const dx = rng.int(span) - maxShift;
    const base = i * d;
    let before = 0;
    let after = 0;
    for (let r = 0; r < rows; r++) {
      const from = r - dy;
      for (let c = 0; c < cols; c++) {
        const v = images[base + r * cols + c];
        before += v * v;
        const fc = c - dx;
        const w = from >= 0 && from < rows && fc >= 0 && fc < cols ? images[base + from * cols + fc] : 0;
        out[base + r * cols + c] = w;
        after += w * w;
      }
    }
    if (after === 0) {
      out.set(images.subarray(base, base + d), base);
      continue;
    }
    const scale = Math.sqrt(before / after);
    for (let k = base; k < base + d; k++) out[k] = Math.fround(out[k] * scale);
  }
  return out;
}
