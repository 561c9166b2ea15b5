import type { VectorOps } from '../../components/optimizer.js';
import { InputError } from '../../util/errors.js';

/**
 * A gradient kept as its factors (per-sample loss weights times activation derivatives): it adds
 * s * gradient into a coefficient array in the order of the derivation, so W - eta grad comes out
 * bit for bit as the float64 recursion and its d-dimensional reference compute it.
 */
export interface GradientTerms {
  addScaledInto(out: Float64Array, s: number): void;
}

/**
 * A vector of the exact engine's representation, on one coefficient space (basis v_b, starting
 * filters U): u U + sum_b C[f][b] v_b + sum_k s_k g_k, where the g_k are gradients not yet
 * added in (C null means zero). Values are immutable, as VectorOps requires.
 */
export interface ExactVector {
  readonly u: number;
  readonly C: Float64Array | null;
  readonly terms: ReadonlyArray<{ readonly gradient: GradientTerms; readonly s: number }>;
}

/** The inner product of two vectors of a space (sum over filters of <a_f, b_f> in R^d). */
export interface Geometry {
  /** Length of C. */
  readonly size: number;
  dot(a: { u: number; C: Float64Array }, b: { u: number; C: Float64Array }): number;
}

/**
 * The geometry of a space with basis Gram matrix K (B x B), starting filters' projections
 * P0 = <u_f, v_b> (F x B) and squared norms u2 = ||u_f||^2:
 * <a_f, b_f> = a.u b.u u2_f + a.u <P0_f, b.C_f> + b.u <P0_f, a.C_f> + a.C_f K b.C_f.
 */
export function spanGeometry(F: number, B: number, K: Float64Array, P0: Float64Array, u2: Float64Array): Geometry {
  return {
    size: F * B,
    dot(a, b) {
      let sum = 0;
      for (let r = 0; r < F; r++) {
        const o = r * B;
        let cross = 0;
        for (let x = 0; x < B; x++) {
          let s = 0;
          for (let y = 0; y < B; y++) s += K[x * B + y] * b.C[o + y];
          cross += a.C[o + x] * s + a.u * P0[o + x] * b.C[o + x] + b.u * P0[o + x] * a.C[o + x];
        }
        sum += a.u * b.u * u2[r] + cross;
      }
      return sum;
    },
  };
}

export const weightsVector = (u: number, C: Float64Array): ExactVector => ({ u, C, terms: [] });
export const gradientVector = (gradient: GradientTerms): ExactVector => ({ u: 0, C: null, terms: [{ gradient, s: 1 }] });

/** The coefficients of v with every gradient term added in. */
export function coefficients(v: ExactVector, size: number): Float64Array {
  if (v.terms.length === 0 && v.C) return v.C;
  const out = v.C ? v.C.slice() : new Float64Array(size);
  for (const t of v.terms) t.gradient.addScaledInto(out, t.s);
  return out;
}

/** v in the plain form {u, C}. */
export function settle(v: ExactVector, size: number): { u: number; C: Float64Array } {
  return { u: v.u, C: coefficients(v, size) };
}

/**
 * What an optimizer can do on the exact engine's coefficients: linear combinations, inner products
 * and norms (all exact in the span). Entry-by-entry operations in R^d (mul, sqrt, addScalar: Adam's
 * second moments) leave the span; the engine refuses optimizers that do not declare
 * `spanPreserving` before any run, and these throw if one declared it wrongly.
 */
export function exactOps(geometry: Geometry, optimizer: string): VectorOps<ExactVector> {
  const { size } = geometry;
  const outside = (op: string): never => {
    throw new InputError(
      `optimizer: '${optimizer}' called ops.${op}, an entry-by-entry operation in R^d whose result leaves span{W(0), mu, xi_1..xi_n}: the exact engine cannot represent it (declare spanPreserving only for updates built from add, sub, scale, zerosLike, dot and norm). Use --engine tensor for it.`,
      { field: 'optimizer', value: optimizer },
    );
  };
  // a + s b; C arrays are added entry by entry, then the pending gradients (a's, then b's scaled by s).
  const combine = (a: ExactVector, b: ExactVector, s: number): ExactVector => {
    let C: Float64Array | null = null;
    if (a.C && b.C) {
      C = new Float64Array(size);
      for (let k = 0; k < size; k++) C[k] = a.C[k] + s * b.C[k];
    } else if (a.C) C = a.C.slice();
    else if (b.C) {
      C = new Float64Array(size);
      for (let k = 0; k < size; k++) C[k] = s * b.C[k];
    }
    const terms = [...a.terms, ...b.terms.map((t) => ({ gradient: t.gradient, s: s * t.s }))];
    if (terms.length === 0) return { u: a.u + s * b.u, C, terms };
    const out = C ?? new Float64Array(size);
    for (const t of terms) t.gradient.addScaledInto(out, t.s);
    return { u: a.u + s * b.u, C: out, terms: [] };
  };
  return {
    add: (a, b) => combine(a, b, 1),
    sub: (a, b) => combine(a, b, -1),
    // A pure gradient stays factored (W - eta grad then adds it in the derivation's order).
    scale: (a, s) =>
      a.C === null
        ? { u: s * a.u, C: null, terms: a.terms.map((t) => ({ gradient: t.gradient, s: s * t.s })) }
        : combine({ u: 0, C: null, terms: [] }, a, s),
    mul: () => outside('mul'),
    sqrt: () => outside('sqrt'),
    addScalar: () => outside('addScalar'),
    zerosLike: () => ({ u: 0, C: null, terms: [] }),
    dot: (a, b) => geometry.dot(settle(a, size), settle(b, size)),
    norm: (a) => {
      const v = settle(a, size);
      return Math.sqrt(Math.max(geometry.dot(v, v), 0));
    },
  };
}
