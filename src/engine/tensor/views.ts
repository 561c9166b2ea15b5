import type * as TfModule from '@tensorflow/tfjs';
import type { Activation } from './activation.js';
import type { RowFill } from '../../data/rows.js';
import type { Tf } from './backend.js';

type Tensor2D = TfModule.Tensor2D;

/**
 * The views of a SimCLR batch, kept on the JavaScript side and streamed into the backend a chunk
 * of rows at a time, so the backend never holds the N x d inputs (N views of dimension d): at
 * n_0 = 10^5, d = 1000 they alone would be 800 MB of the WebAssembly backend's 4 GB.
 * Each part is a run of rows (e.g. the samples, then their partners) with one row-major array per
 * patch; arrays may be shared with the dataset (no copy is made here). A patch may instead be a
 * row generator (src/data/rows.ts), regenerated chunk by chunk on each use: then the views are
 * never held in full anywhere, the same numbers at the cost of redrawing them.
 */
export interface ViewBatch {
  /** Number of views (rows). */
  readonly n: number;
  readonly d: number;
  /** Linear encoder: patches are summed before the product, sum_p W^T x^(p) = W^T sum_p x^(p). */
  readonly sumPatches: boolean;
  readonly parts: ReadonlyArray<ViewPart>;
  /** The chunks already in the backend (residentViews), or null: streamed from `parts` on each use. */
  readonly resident: ResidentChunk[] | null;
  /** Floats per streamed chunk (VIEW_CHUNK_FLOATS; smaller in tests). */
  readonly chunkFloats: number;
}

interface ResidentChunk {
  start: number;
  rows: number;
  X: Tensor2D[];
}

export interface ViewPart {
  readonly rows: number;
  readonly patches: ReadonlyArray<Float32Array | RowFill>;
}

/** Floats of one streamed input chunk (16 MB): large enough that each product runs at full speed. */
export const VIEW_CHUNK_FLOATS = 1 << 22;
/**
 * Inputs up to this many floats (256 MB) stay in the backend between steps [choice]: below it,
 * re-uploading them each step would cost more than the similarity tiles at small n_0.
 */
export const RESIDENT_FLOATS = 1 << 26;

export function viewBatch(parts: ViewPart[], d: number, sumPatches: boolean, chunkFloats = VIEW_CHUNK_FLOATS): ViewBatch {
  return { n: parts.reduce((s, p) => s + p.rows, 0), d, sumPatches, parts, resident: null, chunkFloats };
}

/** Floats the backend holds for `views` when resident (one array per patch, or one summed). */
export function viewFloats(views: Pick<ViewBatch, 'n' | 'd' | 'sumPatches' | 'parts'>): number {
  const patches = views.sumPatches ? 1 : Math.max(...views.parts.map((p) => p.patches.length));
  return views.n * views.d * patches;
}

/** The same views with their chunks uploaded once, when they fit RESIDENT_FLOATS; release with disposeViews. */
export function residentViews(tf: Tf, views: ViewBatch): ViewBatch {
  if (views.resident || viewFloats(views) > RESIDENT_FLOATS) return views;
  const resident: ResidentChunk[] = [];
  for (const c of chunks(views, copiesOnUpload(tf))) resident.push({ start: c.start, rows: c.rows, X: c.blocks.map((b) => tf.keep(tf.tensor2d(b, [c.rows, views.d]))) });
  return { ...views, resident };
}

export function disposeViews(views: ViewBatch): void {
  for (const c of views.resident ?? []) for (const X of c.X) X.dispose();
}

/** Frees a streamed chunk's upload at once (it was made outside the caller's per-chunk tidy). */
function release(views: ViewBatch, chunk: ResidentChunk): void {
  if (!views.resident) for (const X of chunk.X) X.dispose();
}

/** Each chunk's inputs as tensors: the resident ones, or uploaded now (the caller releases them). */
function* chunkTensors(tf: Tf, views: ViewBatch): Generator<ResidentChunk> {
  if (views.resident) {
    yield* views.resident;
    return;
  }
  for (const c of chunks(views, copiesOnUpload(tf))) yield { start: c.start, rows: c.rows, X: c.blocks.map((b) => tf.tensor2d(b, [c.rows, views.d])) };
}

interface Chunk {
  /** First view (row) of the chunk. */
  start: number;
  rows: number;
  /** One rows x d array per patch (one, summed, for a linear encoder). */
  blocks: Float32Array[];
}

/**
 * Whether the backend copies an array into its own memory when a tensor is made from it (wasm
 * does, into its heap; cpu and tfjs-node may keep a reference), so the array can be reused at once.
 */
function copiesOnUpload(tf: Tf): boolean {
  return tf.getBackend() === 'wasm';
}

/**
 * The views a chunk at a time. With `reuse` every chunk is written into the same few arrays (the
 * caller uploads each chunk before asking for the next): streaming 10^5 views then makes no
 * garbage, which V8 would otherwise collect too late to keep the peak memory down.
 */
function* chunks(views: ViewBatch, reuse: boolean): Generator<Chunk> {
  const rowsPerChunk = Math.max(1, Math.floor(views.chunkFloats / views.d));
  const { d } = views;
  const buffers = new Map<string, Float32Array>();
  const buffer = (name: string, length: number): Float32Array => {
    if (!reuse) return new Float32Array(length);
    let b = buffers.get(name);
    if (!b || b.length < length) buffers.set(name, (b = new Float32Array(rowsPerChunk * d)));
    return b.subarray(0, length);
  };
  let start = 0;
  for (const part of views.parts) {
    for (let r0 = 0; r0 < part.rows; r0 += rowsPerChunk) {
      const rows = Math.min(rowsPerChunk, part.rows - r0);
      const slice = (i: number, into: string): Float32Array => {
        const p = part.patches[i];
        if (typeof p !== 'function') return p.subarray(r0 * d, (r0 + rows) * d);
        const out = buffer(into, rows * d);
        p(r0, rows, out);
        return out;
      };
      let blocks: Float32Array[];
      if (views.sumPatches) {
        const sum = buffer('sum', rows * d);
        sum.fill(0);
        // Each patch is read once, into the sum, so one scratch array serves them all.
        for (let i = 0; i < part.patches.length; i++) {
          const s = slice(i, 'scratch');
          for (let k = 0; k < sum.length; k++) sum[k] += s[k];
        }
        blocks = [sum];
      } else {
        // A copy of held rows: a backend may keep a reference to the array it was given.
        blocks = part.patches.map((p, i) => (typeof p === 'function' ? slice(i, `patch${i}`) : slice(i, '').slice()));
      }
      yield { start: start + r0, rows, blocks };
    }
    start += part.rows;
  }
}

/** Embeddings E = sum_p sigma(X_p W) of every view (N x 2m); X stays on the JavaScript side. */
export function encodeViews(tf: Tf, views: ViewBatch, W: Tensor2D, act: Activation): Tensor2D {
  const parts: Tensor2D[] = [];
  for (const chunk of chunkTensors(tf, views)) {
    parts.push(
      tf.tidy(() => {
        let E: Tensor2D | null = null;
        for (const X of chunk.X) {
          const A = act.value(tf.matMul(X, W)) as Tensor2D;
          E = E ? (tf.add(E, A) as Tensor2D) : A;
        }
        return E!;
      }),
    );
    release(views, chunk);
  }
  if (parts.length === 1) return parts[0];
  const E = tf.concat(parts, 0) as Tensor2D;
  tf.dispose(parts);
  return E;
}

/**
 * dL/dW = sum_p X_p^T (sigma'(X_p W) * dE), given dL/dE (N x 2m). Each chunk's product is taken as
 * (dZ^T X_p)^T, so the large operand is never transposed (transposeA runs ~15x slower on wasm).
 */
export function encodeViewsBackward(tf: Tf, views: ViewBatch, W: Tensor2D, dE: Tensor2D, act: Activation): Tensor2D {
  let gradT: Tensor2D | null = null;
  for (const chunk of chunkTensors(tf, views)) {
    const next: Tensor2D = tf.tidy(() => {
      const dEc = tf.slice(dE, [chunk.start, 0], [chunk.rows, -1]);
      let sum: Tensor2D | null = gradT;
      for (const X of chunk.X) {
        const dZ = act.linear ? dEc : tf.mul(dEc, act.derivative(tf.matMul(X, W)));
        const term = tf.matMul(tf.transpose(dZ), X) as Tensor2D;
        sum = sum ? (tf.add(sum, term) as Tensor2D) : term;
      }
      return sum!;
    });
    gradT?.dispose();
    gradT = next;
    release(views, chunk);
  }
  const grad = tf.transpose(gradT!) as Tensor2D;
  gradT!.dispose();
  return grad;
}
