/** Helpers shared by the benches: random operands and a median wall time. */
import type { Rng } from '../src/util/rng.js';

/** `len` normal values with standard deviation `scale`, from the bench's own seeded stream. */
export function gaussianArray(rng: Rng, len: number, scale = 1): Float32Array {
  const out = new Float32Array(len);
  rng.fillNormal(out, scale);
  return out;
}

/** Median seconds of `reps` calls after `warm` warm-up calls; f must block until its result is ready. */
export function medianSeconds(f: () => void, reps: number, warm = 2): number {
  for (let i = 0; i < warm; i++) f();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    f();
    times.push((performance.now() - t0) / 1000);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}
