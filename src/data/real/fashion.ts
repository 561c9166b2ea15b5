import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../util/errors.js';
import { readIdx } from './idx.js';
import { IMAGE_SIDE, type ImageSet } from './images.js';

/**
 * Fashion-MNIST (Zalando) from Debian's `dataset-fashion-mnist` package, which installs the four
 * gzipped IDX files below (found with `dpkg -L dataset-fashion-mnist`): 60 000 training and
 * 10 000 test images of 28 x 28 ubyte pixels, 6 000 / 1 000 per class. Classes:
 * 0 T-shirt/top, 1 Trouser, 2 Pullover, 3 Dress, 4 Coat, 5 Sandal, 6 Shirt, 7 Sneaker, 8 Bag, 9 Ankle boot.
 */
export const FASHION_DIR = '/usr/share/datasets/fashion-mnist';
export const FASHION_INSTALL = 'apt-get install dataset-fashion-mnist';
export const FASHION_COUNTS = { train: 60000, test: 10000 } as const;
export const FASHION_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'] as const;

const FILES = {
  train: { images: 'train-images-idx3-ubyte.gz', labels: 'train-labels-idx1-ubyte.gz' },
  test: { images: 't10k-images-idx3-ubyte.gz', labels: 't10k-labels-idx1-ubyte.gz' },
} as const;

interface RawSplit {
  n: number;
  pixels: Uint8Array;
  labels: Uint8Array;
}

// The raw bytes are kept (47 MB for the training split); float copies are made per request, for the requested classes only.
const cache = new Map<string, RawSplit>();

function readSplit(split: 'train' | 'test', dir: string): RawSplit {
  const imagesFile = join(dir, FILES[split].images);
  const labelsFile = join(dir, FILES[split].labels);
  const hit = cache.get(imagesFile);
  if (hit) return hit;
  for (const file of [imagesFile, labelsFile]) {
    if (!existsSync(file)) {
      throw new InputError(`Fashion-MNIST is not installed: ${file} is missing. Install it with: ${FASHION_INSTALL}`, { file });
    }
  }
  const images = readIdx(imagesFile, { type: 'ubyte', dims: [null, IMAGE_SIDE, IMAGE_SIDE] });
  const labels = readIdx(labelsFile, { type: 'ubyte', dims: [null] });
  const n = images.dims[0];
  if (labels.dims[0] !== n) {
    throw new InputError(`${labelsFile}: ${labels.dims[0]} labels, but ${imagesFile} has ${n} images`, { file: labelsFile });
  }
  const labelData = labels.data as Uint8Array;
  const bad = labelData.findIndex((c) => c > 9);
  if (bad >= 0) throw new InputError(`${labelsFile}: label ${bad} is ${labelData[bad]}, expected a class 0..9`, { file: labelsFile });
  const raw = { n, pixels: images.data as Uint8Array, labels: labelData };
  cache.set(imagesFile, raw);
  return raw;
}

/**
 * One split of Fashion-MNIST, the images of the requested classes (default all ten) in file order,
 * intensities scaled to [0, 1]. Throws InputError naming the apt-get command when it is not installed.
 */
export function loadFashionMnist(split: 'train' | 'test', dir = FASHION_DIR, classes: ReadonlyArray<number> = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]): ImageSet {
  const raw = readSplit(split, dir);
  const wanted = new Set(classes);
  const keep: number[] = [];
  for (let i = 0; i < raw.n; i++) if (wanted.has(raw.labels[i])) keep.push(i);
  const d = IMAGE_SIDE * IMAGE_SIDE;
  const pixels = new Float32Array(keep.length * d);
  keep.forEach((image, row) => {
    for (let k = 0; k < d; k++) pixels[row * d + k] = raw.pixels[image * d + k] / 255;
  });
  const labels = Uint8Array.from(keep, (i) => raw.labels[i]);
  return { name: 'fashion-mnist', split, n: keep.length, rows: IMAGE_SIDE, cols: IMAGE_SIDE, pixels, labels };
}
