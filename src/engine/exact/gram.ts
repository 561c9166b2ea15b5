import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { NoiseStream, type DataModel } from '../../data/synthetic.js';
import { FilterInitStream } from '../init.js';
import { accumulateProducts, mirrorLeft } from './kernel.js';
import { createWasmKernel } from './kernel-wasm.js';

/** One d-dimensional vector the pass streams: an initial filter or a sample's noise patch. */
export type RowSource =
  | { kind: 'init'; tag: string; row: number }
  | { kind: 'noise'; stream: string; index: number };

/** What to stream: plain data, so it can be posted to worker threads. */
export interface GramSpec {
  model: DataModel;
  seed: number;
  sigma0: number;
  rows: RowSource[];
  /** Inner products are taken of the first `left` rows with every row (left <= rows.length). */
  left: number;
}

export interface GramResult {
  left: number;
  rows: number;
  /** left x rows, row-major: cross[a * rows + b] = <row a, row b>. */
  cross: Float64Array;
  /** Coordinate 0 of every row: mu = muNorm e_1, so <row, mu> = muNorm * first[row]. */
  first: Float64Array;
}

const BLOCK = 512;
/** Preferred number of coordinates per group. */
export const GROUP_SIZE = 1 << 16;
/** Cap on the memory of all group sums together (each is left x rows float64). */
const GROUP_MEMORY = 256 * 2 ** 20;

/**
 * Coordinates are summed in groups whose size depends only on the problem (never on the number of
 * worker threads), and group sums are added in group order: the result is bitwise the same however
 * the groups are spread over threads. Groups are GROUP_SIZE coordinates, fewer and larger when
 * their sums would take more than GROUP_MEMORY (many rows, as in SimCLR with n_0 = 1000).
 */
export function groupSize(spec: GramSpec): number {
  const perGroup = roundUp4(spec.left) * roundUp4(spec.rows.length) * 8;
  const groups = Math.max(1, Math.min(Math.ceil(spec.model.d / GROUP_SIZE), Math.floor(GROUP_MEMORY / perGroup)));
  return Math.ceil(spec.model.d / groups / BLOCK) * BLOCK;
}
/**
 * Below this many multiply-adds (~1 s on one core) the pass runs in the calling thread: a worker
 * costs 0.1-1 s to start (more from source, where it loads tsx), which a shorter pass cannot repay.
 */
const WORKER_THRESHOLD = 3e9;

const roundUp4 = (k: number): number => (k + 3) & ~3;

interface Stream {
  fill(out: Float64Array, offset: number, count: number): void;
  skip(count: number): void;
}

function openStream(spec: GramSpec, source: RowSource): Stream {
  return source.kind === 'init'
    ? new FilterInitStream(spec.seed, source.tag, source.row, spec.sigma0)
    : new NoiseStream(spec.model, spec.seed, source.stream, source.index);
}

export interface GroupSums {
  /** Index of the first group in `sums`. */
  firstGroup: number;
  /** One (left4 x rows4) array per group, padded layout. */
  sums: Float64Array[];
  /** Coordinate 0 of every row, when the range starts at coordinate 0. */
  first: Float64Array | null;
}

/** Sums over the whole groups g0 <= g < g1 (coordinates [g0 * size, min(d, g1 * size)), size = groupSize(spec)). */
export function sumGroups(spec: GramSpec, g0: number, g1: number): GroupSums {
  const d = spec.model.d;
  const size = groupSize(spec);
  const R = spec.rows.length;
  const R4 = roundUp4(R);
  const p4 = roundUp4(spec.left);
  const start = g0 * size;
  const streams = spec.rows.map((source) => {
    const s = openStream(spec, source);
    s.skip(start);
    return s;
  });
  // Padded rows stay zero, so the kernels need no edge cases. The WebAssembly SIMD kernel runs
  // about 1.7x faster than the scalar one; the scalar one is the fallback without wasm SIMD.
  const wasm = createWasmKernel(R4 * BLOCK, p4 * R4);
  const X = wasm ? wasm.X : new Float64Array(R4 * BLOCK);
  let first: Float64Array | null = null;
  const sums: Float64Array[] = [];
  for (let g = g0; g < g1; g++) {
    const C = wasm ? wasm.C : new Float64Array(p4 * R4);
    C.fill(0);
    const end = Math.min(d, (g + 1) * size);
    for (let pos = g * size; pos < end; pos += BLOCK) {
      const len = Math.min(BLOCK, end - pos);
      for (let r = 0; r < R; r++) streams[r].fill(X, r * BLOCK, len);
      if (pos === 0) {
        first = new Float64Array(R);
        for (let r = 0; r < R; r++) first[r] = X[r * BLOCK];
      }
      if (wasm) wasm.accumulate(p4, R4, BLOCK, len);
      else accumulateProducts(X, p4, R4, BLOCK, len, C);
    }
    mirrorLeft(C, p4, R4);
    sums.push(wasm ? Float64Array.from(C) : C);
  }
  return { firstGroup: g0, sums, first };
}

export interface GramOptions {
  /** Worker threads; default THEOREM_HARNESS_EXACT_WORKERS or the machine's parallelism. 1 = in this thread. */
  workers?: number;
}

export function defaultWorkers(): number {
  const env = process.env.THEOREM_HARNESS_EXACT_WORKERS;
  const n = env ? Number.parseInt(env, 10) : availableParallelism();
  return Number.isFinite(n) && n >= 1 ? n : 1;
}

/**
 * Inner products of the first `left` rows with all rows, over all d coordinates, streamed in blocks:
 * memory is O(rows * BLOCK + groups * left * rows), never rows x d.
 */
export async function gramPass(spec: GramSpec, options: GramOptions = {}): Promise<GramResult> {
  const groups = Math.ceil(spec.model.d / groupSize(spec));
  const work = spec.model.d * spec.left * spec.rows.length;
  let workers = Math.min(options.workers ?? defaultWorkers(), groups);
  if (options.workers === undefined && work < WORKER_THRESHOLD) workers = 1;
  let parts: GroupSums[];
  if (workers <= 1) {
    parts = [sumGroups(spec, 0, groups)];
  } else {
    const jobs: Promise<GroupSums>[] = [];
    for (let w = 0; w < workers; w++) {
      const g0 = Math.floor((w * groups) / workers);
      const g1 = Math.floor(((w + 1) * groups) / workers);
      jobs.push(runWorker(spec, g0, g1));
    }
    parts = await Promise.all(jobs);
  }
  return combine(spec, parts);
}

function combine(spec: GramSpec, parts: GroupSums[]): GramResult {
  const R = spec.rows.length;
  const R4 = roundUp4(R);
  const p4 = roundUp4(spec.left);
  const total = new Float64Array(p4 * R4);
  const ordered = parts.slice().sort((a, b) => a.firstGroup - b.firstGroup);
  for (const part of ordered) for (const C of part.sums) for (let k = 0; k < total.length; k++) total[k] += C[k];
  const cross = new Float64Array(spec.left * R);
  for (let a = 0; a < spec.left; a++) cross.set(total.subarray(a * R4, a * R4 + R), a * R);
  const first = ordered[0].first;
  if (!first) throw new Error('gram pass: no part covered coordinate 0');
  return { left: spec.left, rows: R, cross, first };
}

/**
 * A worker running gram-worker: the built .js, or, when running from source, the .ts behind tsx's
 * loader, registered inside the worker (a worker does not inherit a loader that `npx tsx` installed).
 */
function startWorker(workerData: unknown): Worker {
  // No inherited node flags: `-e code` or `--input-type` of the parent's own entry would break the worker.
  const execArgv: string[] = [];
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./gram-worker.js', import.meta.url), { workerData, execArgv });
  const api = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const entry = JSON.stringify(new URL('./gram-worker.ts', import.meta.url).href);
  return new Worker(`import(${api}).then((tsx) => { tsx.register(); return import(${entry}); })`, { eval: true, workerData, execArgv });
}

function runWorker(spec: GramSpec, g0: number, g1: number): Promise<GroupSums> {
  return new Promise((resolve, reject) => {
    const worker = startWorker({ spec, g0, g1 });
    let result: GroupSums | null = null;
    worker.once('message', (message: GroupSums) => {
      result = message;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (result) resolve(result);
      else reject(new Error(`gram worker for groups ${g0}..${g1} exited with code ${code} and no result`));
    });
  });
}
