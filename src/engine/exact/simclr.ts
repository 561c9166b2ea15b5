import { sampleLabels } from '../../data/synthetic.js';
import { Rng } from '../../util/rng.js';
import type { SimParams } from '../params.js';
import { scalarActivation, type ActivationName } from './activation.js';
import { gramPass, type GramResult, type RowSource } from './gram.js';
import type { Optimizer } from '../../components/optimizer.js';
import { descend, type Objective } from './descent.js';
import { dataModelOf, type Problem } from './problem.js';
import { exactOps, gradientVector, spanGeometry, type GradientTerms } from './vector.js';

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
  /** Whether the validation pairs of pretrainStop 'val-loss' are streamed (rows after the test rows). */
  validation: boolean;
  val(i: number): number;
  valFresh(i: number): number;
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
  // Held-out pairs for pretrainStop 'val-loss': source.sample('validation', n0) and its partners, drawn once.
  const validation = params.pretrainStop === 'val-loss';
  const valStart = rows.length;
  if (validation) {
    for (let i = 0; i < n0; i++) rows.push({ kind: 'noise', stream: 'validation', index: i });
    if (fresh) for (let i = 0; i < n0; i++) rows.push({ kind: 'noise', stream: 'fresh:augment:validation', index: i });
  }
  return {
    m,
    n0,
    fresh,
    n,
    nTest,
    rows,
    left,
    validation,
    xi: (i) => 2 * m + i,
    xiFresh: (i) => 2 * m + n0 + i,
    train: (i) => trainStart + i,
    test: (k) => left + k,
    val: (i) => valStart + i,
    valFresh: (i) => valStart + n0 + i,
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

/** 2 n0 views, each [signal patch, noise patch] over a list of vectors; rows 0..n0-1 anchors, n0..2n0-1 partners. */
type Views = Array<[Patch, Patch]>;

export interface PretrainProblem {
  m: number;
  /** Basis rows (MU first), size Bp. */
  basis: number[];
  K: Float64Array;
  P0: Float64Array;
  u2: Float64Array;
  muNorm: number;
  /** Patches over the basis. */
  views: Views;
  /**
   * Held-out pairs (pretrainStop 'val-loss'): their patches over the vectors `vectors` (MU first),
   * with K = <v_b, vector> (Bp x Bv) and P0 = <W_pre(0)_r, vector> (2m x Bv).
   */
  validation: { vectors: number[]; K: Float64Array; P0: Float64Array; views: Views } | null;
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
  let validation: PretrainProblem['validation'] = null;
  if (layout.validation) {
    const vectors = [MU];
    for (let i = 0; i < n0; i++) vectors.push(layout.val(i));
    if (fresh) for (let i = 0; i < n0; i++) vectors.push(layout.valFresh(i));
    const Bv = vectors.length;
    const Kv = new Float64Array(B * Bv);
    for (let b = 0; b < B; b++) for (let x = 0; x < Bv; x++) Kv[b * Bv + x] = ips.ip(basis[b], vectors[x]);
    const P0v = new Float64Array(F * Bv);
    for (let r = 0; r < F; r++) for (let x = 0; x < Bv; x++) P0v[r * Bv + x] = ips.ip(r, vectors[x]);
    validation = { vectors, K: Kv, P0: P0v, views: pairViews(params, 'validation') };
  }
  return { m, basis, K, P0, u2, muNorm: ips.mu, views: pairViews(params, 'unlabeled'), validation };
}

/**
 * The views of n0 samples of `split` and their partners (augment.ts with draw = split, views drawn
 * once), over vectors [mu, xi_1..xi_n0, xi'_1..xi'_n0 (when fresh noise is used)].
 */
function pairViews(params: SimParams, split: 'unlabeled' | 'validation'): Views {
  const n0 = params.nUnlabeled;
  const { yTrue } = sampleLabels(dataModelOf(params), params.seed, split, n0);
  // Partner signal labels: the sample's own, or independent ones for shuffle-signal.
  const partnerLabels = Int8Array.from(yTrue);
  if (params.augment === 'shuffle-signal') {
    const rng = new Rng(params.seed, 'augment-shuffle', split);
    for (let i = 0; i < n0; i++) partnerLabels[i] = rng.sign();
  }
  const keep = Math.sqrt(1 - params.alpha * params.alpha);
  const views: Views = [];
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
  return views;
}

export interface PretrainView {
  step: number;
  loss: number;
  alignment: number;
  /** Contrastive loss on the held-out pairs (pretrainStop 'val-loss'). */
  valLoss?: number;
  /** The last step run (the end, or the early stop): always recorded on the curve. */
  last: boolean;
}

export interface PretrainOutcome {
  /** The filters handed to fine-tuning: the last iterate, or the best held-out one under 'val-loss' (the diverged one, if any). */
  W: PretrainWeights;
  /** The step of those filters. */
  stepsUsed: number;
  divergedAt: number | null;
}

/** Steps without a new best held-out loss before 'val-loss' stops (the tensor engine's PRETRAIN_PATIENCE). */
export const PRETRAIN_PATIENCE = 5;

/** out = u P0 + C K, for a K of B x cols (dense: C fills quickly). */
function projectOnto(P0: Float64Array, C: Float64Array, K: Float64Array, F: number, B: number, cols: number, out: Float64Array, u: number): void {
  out.set(P0);
  if (u !== 1) for (let k = 0; k < out.length; k++) out[k] *= u;
  for (let r = 0; r < F; r++) {
    for (let a = 0; a < B; a++) {
      const c = C[r * B + a];
      if (c === 0) continue;
      for (let b = 0; b < cols; b++) out[r * cols + b] += c * K[a * cols + b];
    }
  }
}

/** Pre-trained filters u W_pre(0) + C V over the pre-training basis. */
export interface PretrainWeights {
  u: number;
  C: Float64Array;
}

function projectAll(p: PretrainProblem, W: PretrainWeights, out: Float64Array): void {
  projectOnto(p.P0, W.C, p.K, 2 * p.m, p.basis.length, p.basis.length, out, W.u);
}

/** Mean |cos(w_r, mu)| of the filters W (proj: their projections on the basis). */
export function pretrainAlignment(p: PretrainProblem, W: PretrainWeights, proj?: Float64Array): number {
  const B = p.basis.length;
  const { u, C } = W;
  if (!proj) {
    proj = new Float64Array(2 * p.m * B);
    projectAll(p, W, proj);
  }
  let sum = 0;
  for (let r = 0; r < 2 * p.m; r++) {
    let w2 = u * u * p.u2[r];
    for (let b = 0; b < B; b++) w2 += C[r * B + b] * (u * p.P0[r * B + b] + proj[r * B + b]);
    sum += Math.abs(proj[r * B]) / (Math.max(Math.sqrt(Math.max(w2, 0)), 1e-30) * p.muNorm);
  }
  return sum / (2 * p.m);
}

/** Embeddings E[v][r] = sum_p sigma(z_{v,p,r}), z = <w_r, x_v^(p)> from the projections on the views' vectors. */
function embed(views: Views, proj: Float64Array, cols: number, F: number, sigma: (z: number) => number, Z: Float64Array, E: Float64Array): void {
  for (let v = 0; v < views.length; v++) {
    for (let r = 0; r < F; r++) {
      let e = 0;
      for (let k = 0; k < 2; k++) {
        const pt = views[v][k];
        let z = 0;
        for (let s = 0; s < pt.index.length; s++) z += pt.coef[s] * proj[r * cols + pt.index[s]];
        Z[(v * 2 + k) * F + r] = z;
        e += sigma(z);
      }
      E[v * F + r] = e;
    }
  }
}

interface ContrastiveBuffers {
  H: Float64Array;
  norms: Float64Array;
  P: Float64Array;
}

function buffers(N: number, F: number): ContrastiveBuffers {
  return { H: new Float64Array(N * F), norms: new Float64Array(N), P: new Float64Array(N * N) };
}

/**
 * SimCLR's loss on N = 2 n0 embeddings (the tensor engine's lossOnEmbeddings, in float64): row i
 * pairs with i +- N/2, the anchor is excluded from its own denominator, mean over all anchors.
 * With dH given, also writes dL/dE into it.
 */
function contrastive(E: Float64Array, N: number, F: number, tau: number, similarity: 'dot' | 'cosine', b: ContrastiveBuffers, dE?: Float64Array): number {
  const { H, norms, P } = b;
  const half = N / 2;
  for (let v = 0; v < N; v++) {
    let nv = 1;
    if (similarity === 'cosine') {
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
      P[i * N + k] = s / tau;
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
    loss += max + Math.log(sum) - positive / tau;
  }
  loss /= N;
  if (!dE) return loss;
  // dL/dH = ((P + P^T) H - 2 H_pos) / (N tau); through h/||h|| for cosine.
  for (let v = 0; v < N; v++) {
    const pos = v < half ? v + half : v - half;
    for (let r = 0; r < F; r++) {
      let s = 0;
      for (let k = 0; k < N; k++) s += (P[v * N + k] + P[k * N + v]) * H[k * F + r];
      dE[v * F + r] = (s - 2 * H[pos * F + r]) / (N * tau);
    }
    if (similarity === 'cosine') {
      let dot = 0;
      for (let r = 0; r < F; r++) dot += dE[v * F + r] * H[v * F + r];
      for (let r = 0; r < F; r++) dE[v * F + r] = (dE[v * F + r] - H[v * F + r] * dot) / norms[v];
    }
  }
  return loss;
}

/** What a pre-training step's evaluation gives its observer: the projections on the basis. */
export interface PretrainStepView {
  proj: Float64Array;
}

/**
 * SimCLR's contrastive loss with embedding h(x) = sum_p sigma(<w_r, x^(p)>), in coefficient space:
 * dL/dw_r = sum_v sum_p dE[v][r] sigma'(z) x_v^(p), and every patch is a combination of basis vectors.
 */
function contrastiveObjective(p: PretrainProblem, o: { activation: ActivationName; q: number; tau: number; similarity: 'dot' | 'cosine' }): Objective<PretrainStepView> {
  const F = 2 * p.m;
  const B = p.basis.length;
  const N = p.views.length;
  const act = scalarActivation(o.activation, o.q);
  const buf = buffers(N, F);
  return {
    geometry: spanGeometry(F, B, p.K, p.P0, p.u2),
    at(u, C) {
      const proj = new Float64Array(F * B);
      projectAll(p, { u, C }, proj);
      const Z = new Float64Array(N * 2 * F);
      const E = new Float64Array(N * F);
      const dE = new Float64Array(N * F);
      embed(p.views, proj, B, F, act.value, Z, E);
      const loss = contrastive(E, N, F, o.tau, o.similarity, buf, dE);
      const gradient: GradientTerms = {
        addScaledInto(out, s) {
          for (let r = 0; r < F; r++) {
            for (let v = 0; v < N; v++) {
              const g = dE[v * F + r];
              for (let k = 0; k < 2; k++) {
                const pt = p.views[v][k];
                const c = s * g * act.derivative(Z[(v * 2 + k) * F + r]);
                if (c === 0) continue;
                for (let x = 0; x < pt.index.length; x++) out[r * B + pt.index[x]] += c * pt.coef[x];
              }
            }
          }
        },
      };
      return { loss, view: { proj }, gradient: () => gradientVector(gradient) };
    },
  };
}

export interface PretrainOptions {
  activation: ActivationName;
  q: number;
  eta: number;
  steps: number;
  tau: number;
  similarity: 'dot' | 'cosine';
  optimizer: Optimizer;
  optimizerName: string;
  seed: number;
}

/**
 * Pre-training with the run's optimizer from W_pre(0). `observe` sees W(t) before update t. With
 * held-out pairs, their loss is evaluated at every step and the run stops PRETRAIN_PATIENCE steps
 * after the last new best, returning the best iterate (as the tensor engine's pretrain does).
 */
export function runPretrain(p: PretrainProblem, options: PretrainOptions, observe: (view: PretrainView) => void): PretrainOutcome {
  const F = 2 * p.m;
  const B = p.basis.length;
  const N = p.views.length;
  const objective = contrastiveObjective(p, options);
  const act = scalarActivation(options.activation, options.q);
  const val = p.validation;
  const Bv = val ? val.vectors.length : 0;
  const projVal = new Float64Array(F * Bv);
  const Zv = new Float64Array(N * 2 * F);
  const Ev = new Float64Array(N * F);
  const bufVal = buffers(N, F);
  let best: { loss: number; step: number; W: PretrainWeights } | null = null;
  const outcome = descend(objective, { u: 1, C: new Float64Array(F * B) }, {
    steps: options.steps,
    lr: options.eta,
    optimizer: options.optimizer,
    ops: exactOps(objective.geometry, options.optimizerName),
    // Pre-training draws its own pairs: no per-sample batches there (as on the tensor engine).
    batches: { nSamples: null, seed: options.seed, phase: 'pretrain', optimizerName: options.optimizerName },
    observe(t, W, loss, view) {
      let valLoss: number | undefined;
      if (val) {
        projectOnto(val.P0, W.C, val.K, F, B, Bv, projVal, W.u);
        embed(val.views, projVal, Bv, F, act.value, Zv, Ev);
        valLoss = contrastive(Ev, N, F, options.tau, options.similarity, bufVal);
        if (!best || valLoss < best.loss) best = { loss: valLoss, step: t, W };
      }
      const last = t === options.steps || (best !== null && t - best.step >= PRETRAIN_PATIENCE);
      observe({ step: t, loss, alignment: pretrainAlignment(p, W, view.proj), ...(val ? { valLoss } : {}), last });
      return last;
    },
  });
  if (outcome.divergedAt !== null) return { W: outcome.W, stepsUsed: outcome.step, divergedAt: outcome.divergedAt };
  const chosen = best as { step: number; W: PretrainWeights } | null;
  return { W: chosen ? chosen.W : outcome.W, stepsUsed: chosen ? chosen.step : options.steps, divergedAt: null };
}

/**
 * The fine-tuning problem: filter c starts at scale_c * w_pre(perm[c]) (the tensor engine's
 * splitFilters: seeded permutation, then each filter rescaled to finetuneInitNorm), and GD moves it
 * in span{mu, xi_1..xi_n} of the labelled samples, as in supervised training.
 */
/**
 * Inner products of the pre-trained filters w_pre_r = W_pre(0)_r + sum_b Cpre[r][b] v_b with
 * targets = [mu, xi_L (n), xi_test (nTest)] (pj, 2m x targets), with the pre-training basis
 * (proj, 2m x Bp), and their squared norms.
 */
export function pretrainedProjections(layout: SimclrLayout, ips: InnerProducts, pre: PretrainProblem, Wpre: PretrainWeights) {
  const { u, C: Cpre } = Wpre;
  const { m, n, nTest } = layout;
  const F = 2 * m;
  const Bp = pre.basis.length;
  const targets = [MU, ...Array.from({ length: n }, (_, i) => layout.train(i)), ...Array.from({ length: nTest }, (_, k) => layout.test(k))];
  const T = targets.length;
  const pj = new Float64Array(F * T);
  const vt = new Float64Array(Bp * T);
  for (let b = 0; b < Bp; b++) for (let x = 0; x < T; x++) vt[b * T + x] = ips.ip(pre.basis[b], targets[x]);
  const proj = new Float64Array(F * Bp);
  projectAll(pre, Wpre, proj);
  const norm2 = new Float64Array(F);
  for (let r = 0; r < F; r++) {
    for (let x = 0; x < T; x++) {
      let s = u * ips.ip(r, targets[x]);
      for (let b = 0; b < Bp; b++) s += Cpre[r * Bp + b] * vt[b * T + x];
      pj[r * T + x] = s;
    }
    let w2 = u * u * pre.u2[r];
    for (let b = 0; b < Bp; b++) w2 += Cpre[r * Bp + b] * (u * pre.P0[r * Bp + b] + proj[r * Bp + b]);
    norm2[r] = w2;
  }
  return { targets, pj, proj, norm2 };
}

export function finetuneProblem(params: SimParams, layout: SimclrLayout, ips: InnerProducts, pre: PretrainProblem, Wpre: PretrainWeights, init: number | null): Problem {
  const { m, n, nTest } = layout;
  const F = 2 * m;
  const B = n + 1;
  const { targets, pj, norm2 } = pretrainedProjections(layout, ips, pre, Wpre);
  const perm = new Rng(params.seed, 'finetune-split').permutation(F);
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
