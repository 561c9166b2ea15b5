import type { Dataset } from '../source.js';

const LEVELS = 16;

/**
 * A standalone SVG of the first `count` inputs of an image data set: per sample, its image patch and
 * its noise patch side by side, in grey levels (white = high). The image patch is scaled to its own
 * maximum; the noise patch maps [-3 sigma, 3 sigma] of the shown noise to black..white. Pixels are
 * drawn as one path per grey level (16 levels), which keeps the file small.
 */
export function sampleInputsSvg(data: Dataset, side: readonly [number, number], count = 4, pixel = 3): string {
  const [rows, cols] = side;
  if (rows * cols !== data.d) throw new Error(`sampleInputsSvg: ${rows} x ${cols} images do not match d = ${data.d}`);
  const n = Math.min(count, data.n);
  const gap = 6;
  const panel = cols * pixel;
  const label = 14;
  const width = 2 * panel + 3 * gap;
  const height = n * (rows * pixel + label + gap) + gap;
  const paths: string[][] = Array.from({ length: LEVELS }, () => []);
  const texts: string[] = [];

  let sq = 0;
  for (let k = 0; k < n * data.d; k++) sq += data.noise[k] * data.noise[k];
  const sigma = Math.sqrt(sq / Math.max(1, n * data.d)) || 1;

  for (let i = 0; i < n; i++) {
    const top = gap + i * (rows * pixel + label + gap);
    texts.push(`<text x="${gap}" y="${top + 10}">y = ${data.yTrue[i] > 0 ? '+1' : '-1'}: image | noise</text>`);
    const signal = data.signal.subarray(i * data.d, (i + 1) * data.d);
    let max = 0;
    for (const v of signal) max = Math.max(max, v);
    const noise = data.noise.subarray(i * data.d, (i + 1) * data.d);
    const draw = (values: Float32Array, left: number, level: (v: number) => number) => {
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) {
          const g = Math.max(0, Math.min(LEVELS - 1, Math.round(level(values[r * cols + c]) * (LEVELS - 1))));
          paths[g].push(`M${left + c * pixel} ${top + label + r * pixel}h${pixel}v${pixel}h-${pixel}z`);
        }
      }
    };
    draw(signal, gap, (v) => (max > 0 ? v / max : 0));
    draw(noise, 2 * gap + panel, (v) => (v + 3 * sigma) / (6 * sigma));
  }

  const fills = paths
    .map((segments, g) => {
      if (segments.length === 0) return '';
      const grey = Math.round((255 * g) / (LEVELS - 1));
      return `<path fill="rgb(${grey},${grey},${grey})" d="${segments.join('')}"/>`;
    })
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `font-family="sans-serif" font-size="10"><title>Sample inputs: image patch and noise patch</title>` +
    `<rect width="100%" height="100%" fill="white"/>${fills}${texts.join('')}</svg>`
  );
}
