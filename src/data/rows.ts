/**
 * Patches that need not be held: `fill(r0, rows, out)` writes rows r0..r0+rows-1 of a row-major
 * n x d patch array into `out` (rows * d floats), regenerated from the seed, with exactly the
 * numbers the held array has. At n_0 = 10^5, d = 1000 each held patch array is 400 MB; a consumer
 * that streams rows in chunks (the tensor engine's SimCLR views) never needs them all at once.
 */
export type RowFill = (r0: number, rows: number, out: Float32Array) => void;

export interface StreamedPatches {
  signal: RowFill;
  noise: RowFill;
}

const streamed = new WeakMap<object, StreamedPatches>();

/**
 * A dataset whose `signal` and `noise` arrays are made on first read (then kept), and whose rows
 * can also be streamed (`streamedPatches`) without ever making them. Every other field is as given.
 */
export function lazyDataset<T extends object>(fields: T, patches: StreamedPatches, n: number, d: number): T & { signal: Float32Array; noise: Float32Array } {
  const held: { signal?: Float32Array; noise?: Float32Array } = {};
  const make = (fill: RowFill): Float32Array => {
    const out = new Float32Array(n * d);
    fill(0, n, out);
    return out;
  };
  const dataset = Object.defineProperties({ ...fields }, {
    signal: { enumerable: true, get: () => (held.signal ??= make(patches.signal)) },
    noise: { enumerable: true, get: () => (held.noise ??= make(patches.noise)) },
  }) as T & { signal: Float32Array; noise: Float32Array };
  streamed.set(dataset, patches);
  return dataset;
}

/** The row generators of a dataset made by lazyDataset, or null (its arrays are all there is). */
export function streamedPatches(dataset: object): StreamedPatches | null {
  return streamed.get(dataset) ?? null;
}

/** Rows of a held row-major array as a RowFill (copies). */
export function heldRows(array: Float32Array, d: number): RowFill {
  return (r0, rows, out) => out.set(array.subarray(r0 * d, (r0 + rows) * d));
}
