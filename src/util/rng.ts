import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/** 32-bit avalanche mix (murmur3 finaliser). */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A 32-bit seed for an independent named stream, e.g. streamSeed(seed, 'noise', 'train', i).
 * Same inputs give the same seed on every machine: it uses only integer arithmetic.
 */
export function streamSeed(seed: number, ...labels: ReadonlyArray<string | number>): number {
  let h = mix32((seed >>> 0) ^ 0x9e3779b9);
  for (const label of labels) {
    if (typeof label === 'number') {
      h = mix32(h ^ mix32((label >>> 0) + 0x6a09e667));
      h = mix32(h ^ Math.floor(label / 2 ** 32));
    } else {
      for (let i = 0; i < label.length; i++) h = mix32(h ^ (label.charCodeAt(i) + 0x3c6ef372));
      h = mix32(h ^ 0xbb67ae85);
    }
  }
  return h;
}

/** Seeded random numbers (xoroshiro128+ from pure-rand, which fast-check already depends on). */
export class Rng {
  private readonly gen: RandomGenerator;
  private spare: number | null = null;

  constructor(seed: number, ...labels: ReadonlyArray<string | number>) {
    this.gen = xoroshiro128plus(streamSeed(seed, ...labels) | 0);
  }

  /** Uniform on [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = (this.gen.next() >>> 0) >>> 5; // 27 bits
    const lo = (this.gen.next() >>> 0) >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Standard normal (Box-Muller, polar-free form, caching the second value). */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    let u = this.uniform();
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /**
   * Advance the stream exactly as `count` calls of normal() would, without computing them:
   * only the raw generator runs (about 10x cheaper), so a consumer can start a stream at any
   * coordinate, e.g. to split d coordinates across worker threads.
   */
  skipNormals(count: number): void {
    let k = count;
    if (k > 0 && this.spare !== null) {
      this.spare = null;
      k--;
    }
    for (; k >= 2; k -= 2) {
      // normal() draws u (redrawn while it is exactly 0) and v, 2 raw outputs each.
      for (;;) {
        const hi = (this.gen.next() >>> 0) >>> 5;
        const lo = (this.gen.next() >>> 0) >>> 6;
        if (hi !== 0 || lo !== 0) break;
      }
      this.gen.next();
      this.gen.next();
    }
    if (k === 1) this.normal();
  }

  /** Integer uniform on {0, ..., n - 1}. */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  bernoulli(p: number): boolean {
    return this.uniform() < p;
  }

  /** +1 or -1 with equal probability. */
  sign(): 1 | -1 {
    return this.uniform() < 0.5 ? 1 : -1;
  }

  /** Fill `out[offset .. offset+count)` with N(0, scale^2), rounded to float32 so both engines see identical data. */
  fillNormal(out: Float32Array | Float64Array, scale = 1, offset = 0, count = out.length - offset): void {
    for (let k = offset; k < offset + count; k++) out[k] = Math.fround(scale * this.normal());
  }

  /** Fisher-Yates permutation of {0..n-1}. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
