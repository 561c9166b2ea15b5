/** A split of a labelled image data set, pixels scaled to [0, 1]. */
export interface ImageSet {
  /** Data set name, e.g. 'mnist' or 'fashion-mnist'. */
  name: string;
  split: 'train' | 'test';
  n: number;
  rows: number;
  cols: number;
  /** Row-major n x (rows * cols), intensities in [0, 1]. */
  pixels: Float32Array;
  /** Class of each image, 0..9. */
  labels: Uint8Array;
}

export const IMAGE_SIDE = 28;
export const IMAGE_DIM = IMAGE_SIDE * IMAGE_SIDE;

/** Number of images of each class 0..9 in a set. */
export function classCounts(set: ImageSet): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const label of set.labels) counts[label]++;
  return counts;
}
