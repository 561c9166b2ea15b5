import t from 'tap';
import fc from 'fast-check';
import { createWasmKernel } from '../../src/engine/exact/kernel-wasm.js';
import { accumulateProducts } from '../../src/engine/exact/kernel.js';

t.test('the WebAssembly SIMD kernel computes what the scalar kernel computes', async (t) => {
  const probe = createWasmKernel(4, 16);
  t.ok(probe, 'WebAssembly SIMD is available on Node >= 16');
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 64 }), fc.nat(), (pBlocks, extra, len, seed) => {
      const p = 2 * pBlocks;
      const R = 4 * Math.ceil((p + extra) / 4);
      const stride = 64;
      const w = createWasmKernel(R * stride, p * R)!;
      let s = seed;
      for (let k = 0; k < R * stride; k++) {
        s = (Math.imul(s, 1103515245) + 12345) >>> 0;
        w.X[k] = s / 2 ** 32 - 0.5;
      }
      const X = Float64Array.from(w.X);
      // The scalar kernel works on blocks of 4 rows (R >= p4 by construction).
      const p4 = 4 * Math.ceil(p / 4);
      const C = new Float64Array(p4 * R);
      accumulateProducts(X, p4, R, stride, len, C);
      w.accumulate(p, R, stride, len);
      for (let i = 0; i < p; i++) {
        for (let j = i - (i % 4); j < R; j++) {
          if (Math.abs(C[i * R + j] - w.C[i * R + j]) > 1e-12 * (1 + Math.abs(C[i * R + j]))) return false;
        }
      }
      return true;
    }),
    { numRuns: 100, seed: 11 },
  );
});
