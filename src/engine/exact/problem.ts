import { sampleLabels, type DataModel } from '../../data/synthetic.js';
import type { SimParams } from '../params.js';
import { gramPass, type GramOptions, type GramResult, type RowSource } from './gram.js';

/** The synthetic data model of a run's parameters (what SyntheticSource is built from). */
export function dataModelOf(params: SimParams): DataModel {
  return { d: params.d, muNorm: params.muNorm, sigmaP: params.sigmaP, labelNoise: params.labelNoise, noiseCovariance: params.noiseCovariance };
}

/**
 * Supervised GD on the data model, in the coordinates of the proofs. Basis b = 0..n:
 * v_0 = mu, v_{1+i} = xi_i (training noise). Filter r is w_r(t) = u_r + sum_b C[r][b] v_b, where u_r
 * is its starting filter, so every quantity GD needs is a function of the inner products below.
 * Filters r < m belong to F_{+1}, the others to F_{-1} (as in init.ts).
 */
export interface Problem {
  m: number;
  n: number;
  nTest: number;
  /** ||mu||: the float32 value the data sources put in the signal patch. */
  muNorm: number;
  /** (n+1) x (n+1): K[a][b] = <v_a, v_b>. */
  K: Float64Array;
  /** 2m x (n+1): <u_r, v_b>. */
  P0: Float64Array;
  /** 2m: ||u_r||^2. */
  u2: Float64Array;
  /** (n+1) x nTest: <v_b, xi_test_k>. */
  T: Float64Array;
  /** 2m x nTest: <u_r, xi_test_k>. */
  Pt0: Float64Array;
  /** Observed (possibly flipped) labels, and the labels that made the signal patches. */
  y: Int8Array;
  yTrue: Int8Array;
  yTest: Int8Array;
  yTestTrue: Int8Array;
}

export interface SupervisedSetup {
  model: DataModel;
  seed: number;
  m: number;
  sigma0: number;
  n: number;
  nTest: number;
  /** init.ts tag of W(0). */
  initTag: string;
}

/** Rows of the pass: [W(0) (2m), train noise (n), test noise (nTest)]; the first 2m + n are `left`. */
export function supervisedRows(s: SupervisedSetup): { rows: RowSource[]; left: number } {
  const rows: RowSource[] = [];
  for (let r = 0; r < 2 * s.m; r++) rows.push({ kind: 'init', tag: s.initTag, row: r });
  for (let i = 0; i < s.n; i++) rows.push({ kind: 'noise', stream: 'train', index: i });
  for (let k = 0; k < s.nTest; k++) rows.push({ kind: 'noise', stream: 'test', index: k });
  return { rows, left: 2 * s.m + s.n };
}

/** One streamed pass over the d coordinates, then only (n + 1)-dimensional work. */
export async function buildSupervisedProblem(s: SupervisedSetup, options: GramOptions = {}): Promise<Problem> {
  const { rows, left } = supervisedRows(s);
  const gram = await gramPass({ model: s.model, seed: s.seed, sigma0: s.sigma0, rows, left }, options);
  const train = sampleLabels(s.model, s.seed, 'train', s.n);
  const test = sampleLabels(s.model, s.seed, 'test', s.nTest);
  return problemFromGram(gram, s, train, test);
}

export function problemFromGram(
  gram: GramResult,
  s: { m: number; n: number; nTest: number; model: { muNorm: number } },
  train: { y: Int8Array; yTrue: Int8Array },
  test: { y: Int8Array; yTrue: Int8Array },
): Problem {
  const { m, n, nTest } = s;
  const F = 2 * m;
  const B = n + 1;
  const R = gram.rows;
  const at = (a: number, b: number): number => gram.cross[a * R + b];
  // Same rounding as SyntheticSource.signalFor, so both engines see the same signal patch.
  const mu = Math.fround(s.model.muNorm);
  const trainRow = (i: number): number => F + i;
  const testRow = (k: number): number => F + n + k;

  const K = new Float64Array(B * B);
  K[0] = mu * mu;
  for (let i = 0; i < n; i++) {
    const c = mu * gram.first[trainRow(i)];
    K[1 + i] = c;
    K[(1 + i) * B] = c;
    for (let l = 0; l < n; l++) K[(1 + i) * B + 1 + l] = at(trainRow(i), trainRow(l));
  }
  const P0 = new Float64Array(F * B);
  const u2 = new Float64Array(F);
  const Pt0 = new Float64Array(F * nTest);
  for (let r = 0; r < F; r++) {
    P0[r * B] = mu * gram.first[r];
    for (let i = 0; i < n; i++) P0[r * B + 1 + i] = at(r, trainRow(i));
    u2[r] = at(r, r);
    for (let k = 0; k < nTest; k++) Pt0[r * nTest + k] = at(r, testRow(k));
  }
  const T = new Float64Array(B * nTest);
  for (let k = 0; k < nTest; k++) {
    T[k] = mu * gram.first[testRow(k)];
    for (let i = 0; i < n; i++) T[(1 + i) * nTest + k] = at(trainRow(i), testRow(k));
  }
  return { m, n, nTest, muNorm: mu, K, P0, u2, T, Pt0, y: train.y, yTrue: train.yTrue, yTest: test.y, yTestTrue: test.yTrue };
}
