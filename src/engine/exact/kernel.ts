/**
 * C (p x R, row-major) += X[0:p] * X[0:R]^T over the first `len` columns of X (R rows, row stride
 * `stride`), in float64. p and R must be multiples of 4 (pad with zero rows).
 *
 * Only the column blocks j >= i of the left rows are computed: the left x left part is symmetric
 * and mirrorLeft() fills it in, which saves about p / (2R) of the work. A 4x4 register block
 * reached ~6 GFLOP/s in V8 on this machine kind, against ~5 for 2x2.
 */
export function accumulateProducts(X: Float64Array, p: number, R: number, stride: number, len: number, C: Float64Array): void {
  for (let i = 0; i < p; i += 4) {
    const a0 = i * stride;
    const a1 = a0 + stride;
    const a2 = a1 + stride;
    const a3 = a2 + stride;
    for (let j = i; j < R; j += 4) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      const b0 = j * stride;
      const b1 = b0 + stride;
      const b2 = b1 + stride;
      const b3 = b2 + stride;
      for (let k = 0; k < len; k++) {
        const y0 = X[b0 + k];
        const y1 = X[b1 + k];
        const y2 = X[b2 + k];
        const y3 = X[b3 + k];
        let x = X[a0 + k];
        c00 += x * y0; c01 += x * y1; c02 += x * y2; c03 += x * y3;
        x = X[a1 + k];
        c10 += x * y0; c11 += x * y1; c12 += x * y2; c13 += x * y3;
        x = X[a2 + k];
        c20 += x * y0; c21 += x * y1; c22 += x * y2; c23 += x * y3;
        x = X[a3 + k];
        c30 += x * y0; c31 += x * y1; c32 += x * y2; c33 += x * y3;
      }
      const r0 = i * R + j;
      const r1 = r0 + R;
      const r2 = r1 + R;
      const r3 = r2 + R;
      C[r0] += c00; C[r0 + 1] += c01; C[r0 + 2] += c02; C[r0 + 3] += c03;
      C[r1] += c10; C[r1 + 1] += c11; C[r1 + 2] += c12; C[r1 + 3] += c13;
      C[r2] += c20; C[r2 + 1] += c21; C[r2 + 2] += c22; C[r2 + 3] += c23;
      C[r3] += c30; C[r3 + 1] += c31; C[r3 + 2] += c32; C[r3 + 3] += c33;
    }
  }
}

/** Copy the computed upper block triangle of the left x left part of C onto the skipped lower one. */
export function mirrorLeft(C: Float64Array, p: number, R: number): void {
  for (let a = 4; a < p; a++) {
    const blockStart = a - (a % 4);
    for (let b = 0; b < blockStart; b++) C[a * R + b] = C[b * R + a];
  }
}
