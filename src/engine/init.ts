import { Rng } from '../util/rng.js';

/**
 * Initial first-layer filters, shared by every engine so that the same seed gives the same W(0).
 *
 * Layout: row-major (2m) x d. Rows 0..m-1 are the filters w_{+1,r} of F_{+1}, rows m..2m-1 the
 * filters w_{-1,r} of F_{-1}. Each filter has its own stream (seed, 'init', tag, row), generated
 * coordinate by coordinate, so an engine may stream blocks of coordinates at large d.
 */
export class FilterInitStream {
  private readonly rng: Rng;
  constructor(seed: number, tag: string, row: number, private readonly sigma0: number) {
    this.rng = new Rng(seed, 'init', tag, row);
  }
  fill(out: Float32Array | Float64Array, offset = 0, count = out.length - offset): void {
    this.rng.fillNormal(out, this.sigma0, offset, count);
  }
  /** Move past the next `count` coordinates as fill() would, without generating them. */
  skip(count: number): void {
    this.rng.skipNormals(count);
  }
}

/** W(0) with entries N(0, sigma0^2), rounded to float32; `tag` separates e.g. 'supervised' from 'pretrain'. */
export function initialFilters(seed: number, tag: string, m: number, d: number, sigma0: number): Float32Array {
  const w = new Float32Array(2 * m * d);
  for (let row = 0; row < 2 * m; row++) new FilterInitStream(seed, tag, row, sigma0).fill(w, row * d, d);
  return w;
}

/** Sign of the second-layer weight of a row: +1 for F_{+1} rows, -1 for F_{-1} rows. */
export function rowClass(row: number, m: number): 1 | -1 {
  return row < m ? 1 : -1;
}
