import { sampleLabels } from '../../data/synthetic.js';
import { Rng } from '../../util/rng.js';
import type { SimParams } from '../params.js';
import { scalarActivation, type ActivationName } from './activation.js';
import { gramPass, type GramResult, type RowSource } from './gram.js';
import { dataModelOf, type Problem } from './problem.js';

/**
 * SimCLR pre-training, then full fine-tuning, in coefficient space (paper-model.md, Regime 2).
 * With partner views drawn once, every pre-training gradient lies in span{mu, xi_i, xi'_i} (the
 * patches of the 2 n_0 views), so the pre-trained filters are W_pre(0) + sum_b C_b v_b exactly, and
 * fine-tuning starts from rescaled, permuted such filters: the whole pipeline is exact.
 */

/** Rows of the pass: [W_pre(0) (2m), xi_u (n0), xi'_u (n0, when the views need fresh noise), train (n), test (nTest)]. */
export interface SimclrLayout {
  m: number;
  n0: number;
  fresh: boolean;
  n: number;
  nTest: number;
  rows: RowSource[];
  left: number;
  xi(i: number): number;
  xiFresh(i: number): number;
  train(i: number): number;
  test(k: number): number;
}

export function simclrLayout(params: SimParams): SimclrLayout {
  const { m, nUnlabeled: n0, nLabeled: n, nTest } = params;
  const fresh = params.augment === 'class-conditional' || params.augment === 'perturb-noise';
  const rows: RowSource[] = [];
  for (let r = 0; r < 2 * m; r++) rows.push({ kind: 'init', tag: 'pretrain', row: r });
  for (let i = 0; i < n0; i++) rows.push({ kind: 'noise', stream: 'unlabeled', index: i });
  // SyntheticSource.freshNoise(`augment:${draw}`) with draw 'unlabeled' (views drawn once).
  if (fresh) for (let i = 0; i < n0; i++) rows.push({ kind: 'noise', stream: 'fresh:augment:unlabeled', index: i });
  const trainStart = rows.length;
  for (let i = 0; i < n; i++) rows.push({ kind: 'noise', stream: 'train', index: i });
  const left = rows.length;
  for (let k = 0; k < nTest; k++) rows.push({ kind: 'noise', stream: 'test', index: k });
  return {
    m,
    n0,
    fresh,
    n,
    nTest,
    rows,
    left,
    xi: (i) => 2 * m + i,
    xiFresh: (i) => 2 * m + n0 + i,
    train: (i) => trainStart + i,
    test: (k) => left + k,
  };
}

/** Inner products between d-dimensional vectors named by a row of the pass, or MU for mu = muNorm e_1. */
export const MU = -1;
export class InnerProducts {
  constructor(
    private readonly gram: GramResult,
    readonly mu: number,
  ) {}
  ip(a: number, b: number): number {
    if (a === MU && b === MU) return this.mu * this.mu;
    if (a === MU) return this.mu * this.gram.first[b];
    if (b === MU) return this.mu * this.gram.first[a];
    if (a < this.gram.left) return this.gram.cross[a * this.gram.rows + b];
    return this.gram.cross[b * this.gram.rows + a];
  }
}

/** One patch of a view: coefficients on the pre-training basis (sparse). */
interface Patch {
  index: Int32Array;
  coef: Float64Array;
}

export interface PretrainProblem {
  m: number;
  /** Basis rows (MU first), size Bp. */
  basis: number[];
  K: Float64Array;
  P0: Float64Array;
  u2: Float64Array;
  muNorm: number;
  /** 2 n0 views, each [signal patch, noise patch]; rows 0..n0-1 anchors, n0..2n0-1 their partners. */
  views: Array<[Patch, Patch]>;
}

function patch(pairs: Array<[number, number]>): Patch {
  return { index: Int32Array.from(pairs.map((p) => p[0])), coef: Float64Array.from(pairs.map((p) => p[1])) };
}

export function pretrainProblem(params: SimParams, layout: SimclrLayout, ips: InnerProducts): PretrainProblem {
  const { m, n0, fresh } = layout;
  const F = 2 * m;
  const basis = [MU];
  for (let i = 0; i < n0; i++) basis.push(layout.xi(i));
  if (fresh) for (let i = 0; i < n0; i++) basis.push(layout.xiFresh(i));
  const B = basis.length;
  const K = new Float64Array(B * B);
  for (let a = 0; a < B; a++) for (let b = 0; b < B; b++) K[a * B + b] = ips.ip(basis[a], basis[b]);
  const P0 = new Float64Array(F * B);
  const u2 = new Float64Array(F);
  for (let r = 0; r < F; r++) {
    for (let b = 0; b < B; b++) P0[r * B + b] = ips.ip(r, basis[b]);
    u2[r] = ips.ip(r, r);
  }
  const { yTrue } = sampleLabels(dataModelOf(params), params.seed, 'unlabeled', n0);
  // Partner signal labels: the sample's own, or independent ones for shuffle-signal (augment.ts, draw 'unlabeled').
  const partnerLabels = Int8Array.from(yTrue);
  if (params.augment === 'shuffle-signal') {
    const rng = new Rng(params.seed, 'augment-shuffle', 'unlabeled');
    for (let i = 0; i < n0; i++) partnerLabels[i] = rng.sign();
  }
  const keep = Math.sqrt(1 - params.alpha * params.alpha);
  const views: Array<[Patch, Patch]> = [];
  for (let i = 0; i < n0; i++) views.push([patch([[0, yTrue[i]]]), patch([[1 + i, 1]])]);
  for (let i = 0; i < n0; i++) {
    const noise: Array<[number, number]> =
      params.augment === 'class-conditional'
        ? [[1 + n0 + i, 1]]
        : params.augment === 'perturb-noise'
          ? [
              [1 + i, keep],
              [1 + n0 + i, params.alpha],
            ]
          : [[1 + i, 1]];
    views.push([patch([[0, partnerLabels[i]]]), patch(noise)]);
  }
  return { m, basis, K, P0, u2, muNorm: ips.mu, views };
}

export interface PretrainView {
  step: number;
  loss: number;
  alignment: number;
}

export interface PretrainOutcome {
  C: Float64Array;
  stepsRun: number;
  divergedAt: number | null;
  /** Mean |cos(w_r, mu)| of the returned filters. */
  alignment: number;
}

/** proj = P0 + C K for the pre-training basis (dense: C fills quickly). */
function projectAll(p: PretrainProblem, C: Float64Array, out: Float64Array): void {
  const B = p.basis.length;
  out.set(p.P0);
  for (let r = 0; r < 2 * p.m; r++) {
    for (let a = 0; a < B; a++) {
      const c = C[r * B + a];
      if (c === 0) continue;
      for (let b = 0; b < B; b++) out[r * B + b] += c * p.K[a * B + b];
    }
  }
}

export function pretrainAlignment(p: PretrainProblem, C: Float64Array, proj: Float64Array): number {
  const B = p.basis.length;
  let sum = 0;
  for (let r = 0; r < 2 * p.m; r++) {
    let w2 = p.u2[r];
    for (let b = 0; b < B; b++) w2 += C[r * B + b] * (p.P0[r * B + b] + proj[r * B + b]);
    sum += Math.abs(proj[r * B]) / (Math.max(Math.sqrt(Math.max(w2, 0)), 1e-30) * p.muNorm);
  }
  return sum / (2 * p.m);
}

/**
 * GD on SimCLR's contrastive loss (the tensor engine's lossOnEmbeddings, in float64): embedding
 * h(x) = sum_p sigma(<w_r, x^(p)>), similarity dot or cosine, temperature tau, the anchor excluded
 * from its own denominator, loss averaged over all 2 n0 anchors. `observe` sees W(t) before update t.
 */
export function runPretrain(
  p: PretrainProblem,
  options: { activation: ActivationName; q: number; eta: number; steps: number; tau: number; similarity: 'dot' | 'cosine' },
  observe: (view: PretrainView) => void,
): PretrainOutcome {
  const F = 2 * p.m;
  const B = p.basis.length;
  const N = p.views.length;
  const half = N / 2;
  const act = scalarActivation(options.activation, options.q);
  const C = new Float64Array(F * B);
  const proj = new Float64Array(F * B);
  const Z = new Float64Array(N * 2 * F);
  const E = new Float64Array(N * F);
  const H = new Float64Array(N * F);
  const norms = new Float64Array(N);
  const P = new Float64Array(N * N);
  const dH = new Float64Array(N * F);
  for (let t = 0; t <= options.steps; t++) {
    projectAll(p, C, proj);
    for (let v = 0; v < N; v++) {
      for (let r = 0; r < F; r++) {
        let e = 0;
        for (let k = 0; k < 2; k++) {
          const pt = p.views[v][k];
          let z = 0;
          for (let s = 0; s < pt.index.length; s++) z += pt.coef[s] * proj[r * B + pt.index[s]];
          Z[(v * 2 + k) * F + r] = z;
          e += act.value(z);
        }
        E[v * F + r] = e;
      }
    }
    for (let v = 0; v < N; v++) {
      let nv = 1;
      if (options.similarity === 'cosine') {
        let s = 0;
        for (let r = 0; r < F; r++) s += E[v * F + r] ** 2;
        nv = Math.max(Math.sqrt(s), 1e-12);
      }
      norms[v] = nv;
      for (let r = 0; r < F; r++) H[v * F + r] = E[v * F + r] / nv;
    }
    let loss = 0;
    for (let i = 0; i < N; i++) {
      let max = -Infinity;
      for (let k = 0; k < N; k++) {
        if (k === i) continue;
        let s = 0;
        for (let r = 0; r < F; r++) s += H[i * F + r] * H[k * F + r];
        P[i * N + k] = s / options.tau;
        if (P[i * N + k] > max) max = P[i * N + k];
      }
      let sum = 0;
      for (let k = 0; k < N; k++) {
        if (k === i) continue;
        P[i * N + k] = Math.exp(P[i * N + k] - max);
        sum += P[i * N + k];
      }
      P[i * N + i] = 0;
      for (let k = 0; k < N; k++) P[i * N + k] /= sum;
      const pos = i < half ? i + half : i - half;
      let positive = 0;
      for (let r = 0; r < F; r++) positive += H[i * F + r] * H[pos * F + r];
      loss += max + Math.log(sum) - positive / options.tau;
    }
    loss /= N;
    if (!Number.isFinite(loss)) return { C, stepsRun: t, divergedAt: t, alignment: pretrainAlignment(p, C, proj) };
    observe({ step: t, loss, alignment: pretrainAlignment(p, C, proj) });
    if (t === options.steps) break;
    // dL/dH = ((P + P^T) H - 2 H_pos) / (N tau); through h/||h|| for cosine.
    for (let v = 0; v < N; v++) {
      const pos = v < half ? v + half : v - half;
      for (let r = 0; r < F; r++) {
        let s = 0;
        for (let k = 0; k < N; k++) s += (P[v * N + k] + P[k * N + v]) * H[k * F + r];
        dH[v * F + r] = (s - 2 * H[pos * F + r]) / (N * options.tau);
      }
      if (options.similarity === 'cosine') {
        let dot = 0;
        for (let r = 0; r < F; r++) dot += dH[v * F + r] * H[v * F + r];
        for (let r = 0; r < F; r++) dH[v * F + r] = (dH[v * F + r] - H[v * F + r] * dot) / norms[v];
      }
    }
    // dL/dw_r = sum_v sum_p dE[v][r] sigma'(z) x_v^(p), in basis coefficients.
    for (let r = 0; r < F; r++) {
      for (let v = 0; v < N; v++) {
        const g = dH[v * F + r];
        for (let k = 0; k < 2; k++) {
          const pt = p.views[v][k];
          const c = options.eta * g * act.derivative(Z[(v * 2 + k) * F + r]);
          if (c === 0) continue;
          for (let s = 0; s < pt.index.length; s++) C[r * B + pt.index[s]] -= c * pt.coef[s];
        }
      }
    }
  }
  return { C, stepsRun: options.steps, divergedAt: null, alignment: pretrainAlignment(p, C, proj) };
}

/**
 * The fine-tuning problem: filter c starts at scale_c * w_pre(perm[c]) (the tensor engine's
 * splitFilters: seeded permutation, then each filter rescaled to finetuneInitNorm), and GD moves it
 * in span{mu, xi_1..xi_n} of the labelled samples, as in supervised training.
 */
export function finetuneProblem(params: SimParams, layout: SimclrLayout, ips: InnerProducts, pre: PretrainProblem, Cpre: Float64Array): Problem {
  const { m, n, nTest } = layout;
  const F = 2 * m;
  const Bp = pre.basis.length;
  const B = n + 1;
  // <w_pre_r, x> = <W_pre(0)_r, x> + sum_b Cpre[r][b] <v_b, x>, for x = mu, xi_L, xi_test.
  const targets = [MU, ...Array.from({ length: n }, (_, i) => layout.train(i)), ...Array.from({ length: nTest }, (_, k) => layout.test(k))];
  const pj = new Float64Array(F * targets.length);
  const vt = new Float64Array(Bp * targets.length);
  for (let b = 0; b < Bp; b++) for (let x = 0; x < targets.length; x++) vt[b * targets.length + x] = ips.ip(pre.basis[b], targets[x]);
  const preProj = new Float64Array(F * Bp);
  projectAll(pre, Cpre, preProj);
  const norm2 = new Float64Array(F);
  for (let r = 0; r < F; r++) {
    for (let x = 0; x < targets.length; x++) {
      let s = ips.ip(r, targets[x]);
      for (let b = 0; b < Bp; b++) s += Cpre[r * Bp + b] * vt[b * targets.length + x];
      pj[r * targets.length + x] = s;
    }
    let w2 = pre.u2[r];
    for (let b = 0; b < Bp; b++) w2 += Cpre[r * Bp + b] * (pre.P0[r * Bp + b] + preProj[r * Bp + b]);
    norm2[r] = w2;
  }
  const perm = new Rng(params.seed, 'finetune-split').permutation(F);
  const init = params.finetuneInitNorm;
  const P0 = new Float64Array(F * B);
  const u2 = new Float64Array(F);
  const Pt0 = new Float64Array(F * nTest);
  for (let c = 0; c < F; c++) {
    const r = perm[c];
    const scale = init === null ? 1 : init / Math.max(Math.sqrt(Math.max(norm2[r], 0)), 1e-30);
    for (let b = 0; b < B; b++) P0[c * B + b] = scale * pj[r * targets.length + b];
    for (let k = 0; k < nTest; k++) Pt0[c * nTest + k] = scale * pj[r * targets.length + B + k];
    u2[c] = scale * scale * norm2[r];
  }
  const basisL = targets.slice(0, B);
  const K = new Float64Array(B * B);
  for (let a = 0; a < B; a++) for (let b = 0; b < B; b++) K[a * B + b] = ips.ip(basisL[a], basisL[b]);
  const T = new Float64Array(B * nTest);
  for (let b = 0; b < B; b++) for (let k = 0; k < nTest; k++) T[b * nTest + k] = ips.ip(basisL[b], layout.test(k));
  const model = dataModelOf(params);
  const train = sampleLabels(model, params.seed, 'train', n);
  const test = sampleLabels(model, params.seed, 'test', nTest);
  return { m, n, nTest, muNorm: ips.mu, K, P0, u2, T, Pt0, y: train.y, yTrue: train.yTrue, yTest: test.y, yTestTrue: test.yTrue };
}

export async function simclrGram(params: SimParams, layout: SimclrLayout): Promise<InnerProducts> {
  const gram = await gramPass({ model: dataModelOf(params), seed: params.seed, sigma0: params.pretrainSigma0, rows: layout.rows, left: layout.left });
  return new InnerProducts(gram, Math.fround(params.muNorm));
}
