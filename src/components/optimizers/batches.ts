import { Rng } from '../../util/rng.js';

/**
 * The mini-batch of step t: each epoch (ceil(n / B) steps) is a fresh permutation of the n samples
 * from the stream (seed, 'batches', phase, epoch), cut into consecutive batches, the last one
 * possibly smaller; B >= n is the full batch. Sampling without replacement within an epoch is our
 * choice. The schedule depends on (seed, phase, n, B) only, never on the optimizer, so two
 * optimizers run on one seed see the same batches in the same order (paired comparisons).
 */
export function miniBatch(o: { seed: number; phase: string; step: number; nSamples: number; batchSize: number }): Int32Array {
  const n = o.nSamples;
  const B = Math.min(o.batchSize, n);
  if (B >= n) return Int32Array.from({ length: n }, (_, i) => i);
  const perEpoch = Math.ceil(n / B);
  const epoch = Math.floor(o.step / perEpoch);
  const k = o.step % perEpoch;
  const order = permutationOf(o.seed, o.phase, epoch, n);
  return order.slice(k * B, Math.min(n, (k + 1) * B));
}

// One epoch's permutation is reused by its ceil(n / B) steps (the last one drawn per thread).
let last: { key: string; order: Int32Array } | null = null;
function permutationOf(seed: number, phase: string, epoch: number, n: number): Int32Array {
  const key = `${seed}\0${phase}\0${epoch}\0${n}`;
  if (last?.key !== key) last = { key, order: new Rng(seed, 'batches', phase, epoch).permutation(n) };
  return last.order;
}
