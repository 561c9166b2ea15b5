import { createRequire } from 'node:module';
import { totalmem } from 'node:os';
import { InputError } from '../util/errors.js';
import { validateExact } from './exact/engine.js';
import type { SimParams } from './params.js';
import { CONTRASTIVE_BLOCK } from './tensor/contrastive.js';
import { RESIDENT_FLOATS, VIEW_CHUNK_FLOATS } from './tensor/views.js';

/**
 * Pre-run size limits: a run's peak memory estimated from its sizes alone, before anything is
 * allocated, so a run the backend cannot hold stops with an InputError (exit 2) naming the sizes
 * and the limit instead of dying mid-run (`Aborted()`, `Invalid typed array length`, `memory access
 * out of bounds`). The estimates count the arrays each engine allocates (views.ts, contrastive.ts,
 * the exact engine's float64 problems); they are upper-end figures, not measurements.
 */

/** The WebAssembly backend is 32-bit: its heap cannot grow past 4 GiB. */
export const WASM_HEAP_BYTES = 2 ** 32;
/** Share of the wasm heap a run may plan to use: growth and fragmentation need the rest. */
export const WASM_USABLE = 0.85;
/** V8's largest typed array, in elements. */
export const MAX_TYPED_ARRAY = 2 ** 32 - 1;

export interface MemoryEstimate {
  /** Bytes held by the backend (the wasm heap for the tensor engine; 0 for the exact engine). */
  backendBytes: number;
  /** Bytes of JavaScript typed arrays (data, views, the exact engine's float64 problems). */
  jsBytes: number;
  /** Elements of the largest single typed array, and what it holds. */
  largestArray: number;
  largestWhat: string;
}

/** Whether the SimCLR views are regenerated chunk by chunk (src/engine/tensor/pretrain.ts pairBatch) rather than held. */
export function streamsViews(p: SimParams): boolean {
  return p.data === 'synthetic' && (p.augment === 'class-conditional' || p.augment === 'identity') && (p.imageShift ?? 0) === 0;
}

const patchesOf = (activation: SimParams['activation']): number => (activation === 'linear' ? 1 : 2);

/** Peak memory of the tensor engine's run (src/engine/tensor). */
export function tensorEstimate(p: SimParams): MemoryEstimate {
  const { d, m, nLabeled: nL, nTest: nT } = p;
  const k = 2 * m;
  const Pf = patchesOf(p.activation);
  const arrays: Array<[number, string]> = [
    [nT * d * Pf, `the test inputs (nTest x d x ${Pf} patches)`],
    [d * k, 'the filters (d x 2m)'],
    [nT * k * Pf, 'the test pre-activations (nTest x 2m)'],
  ];
  // Data (signal and noise patches) and the stacked patch batches of train and test.
  let js = 2 * (nL + nT) * d + Pf * (nL + nT) * d;
  // Each labelled batch as X and X^T, its pre-activations and their derivatives; filters and GD copies.
  let backend = 2 * Pf * (nL + nT) * d + 4 * Pf * (nL + nT) * k + 8 * d * k;
  if (p.regime === 'simclr') {
    const n0 = p.nUnlabeled;
    const N = 2 * n0;
    const Pp = patchesOf(p.pretrainActivation);
    const partner = p.augment === 'identity' && (p.imageShift ?? 0) === 0 ? 0 : 2 * n0 * d;
    const held = p.pretrainStop === 'val-loss' ? 2 : 1;
    // Samples, partner views (twice when resampled: the next step's are drawn before the last are freed),
    // unless they are streamed: redrawn a chunk at a time from the seed (src/data/rows.ts).
    if (!streamsViews(p)) js += held * (2 * n0 * d + partner) + (p.augmentResample === 'every-step' ? partner : 0);
    js += 2 * Pp * VIEW_CHUNK_FLOATS;
    const views = N * d * Pp;
    const resident = views <= RESIDENT_FLOATS && (p.augmentResample === 'once' || partner === 0);
    backend += resident ? held * views : 2 * Pp * VIEW_CHUNK_FLOATS;
    // Similarity tiles: the tile, its masked copy and softmax, the masks, the kept single tile.
    // Plus the wasm allocator's slack between tile-sized buffers: measured 670 MB of heap for 130 MB of
    // live tensors in pass 1 at n_0 = 10^5, about 30 tiles.
    const b = Math.min(N, CONTRASTIVE_BLOCK);
    backend += (N > b ? 36 : 6) * b * (b + 1);
    // Embedding-sized tensors of both passes (H, H/tau, H_pos, [H, vH], E, dE, pre-activations...)
    // and pass 1's log-sum-exp per row and column tile.
    backend += 16 * N * k + N * Math.ceil(N / b);
    arrays.push([Pp * Math.min(N, Math.ceil(RESIDENT_FLOATS / d)) * d, 'an uploaded chunk of the views'], [N * k * Pp, 'the views\u2019 pre-activations (2 n_0 x 2m)']);
    if (p.finetune === 'linear-probe') {
      js += Pp * (n0 + nL + nT) * d;
      backend += 2 * Pp * (n0 + nL + nT) * d;
      arrays.push([Pp * n0 * d, 'the unlabelled inputs of the linear probe (n_0 x d)']);
    }
    if (!streamsViews(p) || p.finetune === 'linear-probe') arrays.push([n0 * d, 'the unlabelled patches (n_0 x d)']);
  }
  const [largestArray, largestWhat] = arrays.reduce((a, b) => (b[0] > a[0] ? b : a));
  return { backendBytes: 4 * backend, jsBytes: 4 * js, largestArray, largestWhat };
}

/** Peak memory of the exact engine's run (src/engine/exact): float64 Gram and coefficient arrays. */
export function exactEstimate(p: SimParams): MemoryEstimate {
  const F = 2 * p.m;
  const { nLabeled: nL, nTest: nT } = p;
  const Bsup = nL + 1;
  let floats = Bsup * Bsup + Bsup * nT + 2 * F * (Bsup + nT);
  let rows = F + nL + nT;
  let largest: [number, string] = [Bsup * nT, 'the train-test inner products ((nLabeled + 1) x nTest)'];
  if (p.regime === 'simclr') {
    const n0 = p.nUnlabeled;
    const N = 2 * n0;
    const B = 1 + n0 * (p.augment === 'identity' ? 1 : 2);
    const held = p.pretrainStop === 'val-loss' ? 2 : 1;
    // K (B x B), the N x N softmax, coefficients and projections (F x B), embeddings and gradients (N x F).
    floats += held * B * B + N * N + 6 * F * B + 6 * N * F;
    rows += held * B;
    const big: [number, string] = B * B >= N * N ? [B * B, 'the basis Gram matrix ((2 n_0 + 1)^2)'] : [N * N, 'the softmax (2 n_0 x 2 n_0)'];
    if (big[0] > largest[0]) largest = big;
  }
  // The Gram matrix of every vector the problem needs (filters, samples, fresh noise).
  floats += rows * rows;
  if (rows * rows > largest[0]) largest = [rows * rows, 'the Gram matrix of filters and samples'];
  return { backendBytes: 0, jsBytes: 8 * floats + 8 * p.d, largestArray: largest[0], largestWhat: largest[1] };
}

export function estimateRunMemory(p: SimParams): MemoryEstimate {
  return p.engine === 'exact' ? exactEstimate(p) : tensorEstimate(p);
}

/**
 * The tensor backend a run would get (backend.ts picks tfjs-node when installed, else wasm), without
 * loading TensorFlow.js: THEOREM_HARNESS_TF_BACKEND when set, else whether tfjs-node resolves.
 */
export function expectedTensorBackend(): string {
  const forced = process.env.THEOREM_HARNESS_TF_BACKEND;
  if (forced === 'wasm' || forced === 'cpu') return forced;
  try {
    createRequire(import.meta.url).resolve('@tensorflow/tfjs-node');
    return 'tensorflow';
  } catch {
    return 'wasm';
  }
}

const gb = (bytes: number): string => `${(bytes / 2 ** 30).toFixed(bytes < 2 ** 30 ? 2 : 1)} GB`;

function sizes(p: SimParams): string {
  const parts = [`regime=${p.regime}`, `engine=${p.engine}`, `d=${p.d}`, `m=${p.m}`, `nLabeled=${p.nLabeled}`, `nTest=${p.nTest}`];
  if (p.regime === 'simclr') parts.push(`nUnlabeled=${p.nUnlabeled}`, `pretrainActivation=${p.pretrainActivation}`, `similarity tile ${CONTRASTIVE_BLOCK}`);
  return parts.join(', ');
}

/** Whether the exact engine represents the run exactly and can hold it (what `auto` needs to pick it). */
export function exactCanRun(p: SimParams, options: { backend?: string; machineBytes?: number } = {}): boolean {
  const exact = { ...p, engine: 'exact' as const };
  try {
    validateExact(exact);
    checkRunFits(exact, options);
    return true;
  } catch (error) {
    if (error instanceof InputError) return false;
    throw error;
  }
}

/**
 * Throws InputError when the run's estimated memory exceeds what its engine and backend can hold.
 * An `auto` run fits when either engine it may choose can hold it (src/engine/auto.ts picks one that can).
 */
export function checkRunFits(p: SimParams, options: { backend?: string; where?: string; machineBytes?: number } = {}): void {
  if (p.engine === 'auto') {
    if (exactCanRun(p, options)) return;
    try {
      return checkRunFits({ ...p, engine: 'tensor' }, options);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const why = 'engine auto: the exact engine cannot represent or hold this run, and ';
      throw new InputError(error.message.replace(/^(.*?)(run too large)/, `$1${why}$2`), error.where);
    }
  }
  const est = estimateRunMemory(p);
  const backend = p.engine === 'exact' ? 'exact (float64 arrays in JavaScript)' : (options.backend ?? expectedTensorBackend());
  const machine = options.machineBytes ?? totalmem();
  const prefix = options.where ? `${options.where}: ` : '';
  const problems: string[] = [];
  if (est.largestArray > MAX_TYPED_ARRAY) {
    problems.push(`${est.largestWhat} would need ${est.largestArray.toExponential(2)} elements, more than the largest typed array (${MAX_TYPED_ARRAY} elements)`);
  }
  if (p.engine !== 'exact' && backend === 'wasm' && est.backendBytes > WASM_USABLE * WASM_HEAP_BYTES) {
    problems.push(`the WebAssembly backend would need about ${gb(est.backendBytes)}, more than its 32-bit heap allows (${gb(WASM_USABLE * WASM_HEAP_BYTES)} usable of 4 GB)`);
  }
  const total = est.backendBytes + est.jsBytes;
  if (total > machine) problems.push(`the run would need about ${gb(total)} in all, more than this machine's ${gb(machine)} of memory`);
  if (problems.length === 0) return;
  throw new InputError(`${prefix}run too large for engine ${p.engine}, backend ${backend} (${sizes(p)}): ${problems.join('; ')}. Reduce these sizes.`, {
    field: 'params',
    value: { d: p.d, m: p.m, nLabeled: p.nLabeled, nTest: p.nTest, ...(p.regime === 'simclr' ? { nUnlabeled: p.nUnlabeled } : {}) },
  });
}
