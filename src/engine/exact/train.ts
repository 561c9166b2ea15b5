import { scalarActivation, sigmoidNeg, softplusNeg, type ActivationName } from './activation.js';
import type { Optimizer } from '../../components/optimizer.js';
import { descend, type DescentOutcome, type Objective } from './descent.js';
import type { Problem } from './problem.js';
import { exactOps, gradientVector, spanGeometry, type GradientTerms } from './vector.js';

/** Plain gradient descent's settings (the float64 reference in R^d, explicit.ts). */
export interface GdOptions {
  activation: ActivationName;
  q: number;
  eta: number;
  steps: number;
}

export interface Evaluation {
  loss: number;
  /** Fraction of samples with y f <= 0 (a tie counts as an error, as in the tensor engine). */
  error: number;
}

/** What a supervised step's evaluation gives its observer. */
export interface LabelledView {
  /** <w_f, v_b> at W, 2m x (n+1) (owned by this evaluation). */
  proj: Float64Array;
  train: Evaluation;
}

/**
 * The logistic loss of the CNN on the labelled training samples, in coefficient space: with
 * proj = u P0 + C K the projections of every filter on mu and on each xi_i are known, hence every
 * logit and every gradient, and the gradient of filter f is sum_b G[f][b] v_b. Cost: 2m (n+1)^2.
 */
export function labelledObjective(problem: Problem, activation: ActivationName, q: number): Objective<LabelledView> {
  const { m, n, K, P0, y, yTrue } = problem;
  const F = 2 * m;
  const B = n + 1;
  const act = scalarActivation(activation, q);
  return {
    geometry: spanGeometry(F, B, K, P0, problem.u2),
    at(u, C) {
      const proj = new Float64Array(F * B);
      project(P0, C, K, F, B, proj, u);
      const f = new Float64Array(n);
      logits(problem, proj, act.value, f);
      const g = new Float64Array(n);
      let loss = 0;
      let errors = 0;
      for (let i = 0; i < n; i++) {
        const margin = y[i] * f[i];
        loss += softplusNeg(margin);
        if (margin <= 0) errors++;
        // dL/df_i
        g[i] = (-y[i] * sigmoidNeg(margin)) / n;
      }
      loss /= n;
      const gradient: GradientTerms = {
        addScaledInto(out, s) {
          for (let r = 0; r < F; r++) {
            const scale = (s * (r < m ? 1 : -1)) / m;
            const sig = proj[r * B];
            let signal = 0;
            for (let i = 0; i < n; i++) {
              signal += g[i] * act.derivative(yTrue[i] * sig) * yTrue[i];
              out[r * B + 1 + i] += scale * g[i] * act.derivative(proj[r * B + 1 + i]);
            }
            out[r * B] += scale * signal;
          }
        },
      };
      return { loss, view: { proj, train: { loss, error: errors / n } }, gradient: () => gradientVector(gradient) };
    },
  };
}

export interface LabelledFitOptions {
  activation: ActivationName;
  q: number;
  eta: number;
  steps: number;
  optimizer: Optimizer;
  /** Its name, for the message should it call an operation the span cannot represent. */
  optimizerName: string;
  /** The phase and the run's seed, which a seeded optimizer keys its streams by. */
  phase: 'train' | 'finetune';
  seed: number;
}

/** Train from W0 with the run's optimizer on the labelled logistic loss; `observe` sees W(t) before update t. */
export function fitLabelled(
  problem: Problem,
  W0: { u: number; C: Float64Array },
  o: LabelledFitOptions,
  observe: (step: number, W: { u: number; C: Float64Array }, view: LabelledView) => void,
): DescentOutcome {
  const objective = labelledObjective(problem, o.activation, o.q);
  return descend(objective, W0, {
    steps: o.steps,
    lr: o.eta,
    optimizer: o.optimizer,
    ops: exactOps(objective.geometry, o.optimizerName),
    batches: { nSamples: problem.n, seed: o.seed, phase: o.phase, optimizerName: o.optimizerName },
    observe: (step, W, _loss, view) => observe(step, W, view),
  });
}

/** out = u P0 + C K (zero coefficients are skipped: the first steps are cheap). */
export function project(P0: Float64Array, C: Float64Array, K: Float64Array, F: number, B: number, out: Float64Array, u = 1): void {
  out.set(P0);
  if (u !== 1) for (let k = 0; k < out.length; k++) out[k] *= u;
  for (let r = 0; r < F; r++) {
    const o = r * B;
    for (let a = 0; a < B; a++) {
      const c = C[o + a];
      if (c === 0) continue;
      const k = a * B;
      for (let b = 0; b < B; b++) out[o + b] += c * K[k + b];
    }
  }
}

/** Loss and error on the training set from the projections proj = P0 + C K. */
export function evaluateTrain(problem: Problem, proj: Float64Array, activation: ActivationName, q: number): Evaluation {
  const f = new Float64Array(problem.n);
  logits(problem, proj, scalarActivation(activation, q).value, f);
  let loss = 0;
  let errors = 0;
  for (let i = 0; i < problem.n; i++) {
    const margin = problem.y[i] * f[i];
    loss += softplusNeg(margin);
    if (margin <= 0) errors++;
  }
  return { loss: loss / problem.n, error: errors / problem.n };
}

/** f_i = (1/m) sum_f j_f [sigma(<w_f, yTrue_i mu>) + sigma(<w_f, xi_i>)] for the training samples. */
function logits(problem: Problem, proj: Float64Array, sigma: (z: number) => number, out: Float64Array): void {
  const { m, n, yTrue } = problem;
  const B = n + 1;
  out.fill(0);
  for (let r = 0; r < 2 * m; r++) {
    const j = r < m ? 1 : -1;
    const s = proj[r * B];
    const sPos = sigma(s);
    const sNeg = sigma(-s);
    for (let i = 0; i < n; i++) out[i] += j * ((yTrue[i] > 0 ? sPos : sNeg) + sigma(proj[r * B + 1 + i]));
  }
  for (let i = 0; i < n; i++) out[i] /= m;
}

/** Loss and error on the test set at W = u U + C V (proj: the training projections of the same W). */
export function evaluateTest(problem: Problem, C: Float64Array, proj: Float64Array, activation: ActivationName, q: number, u = 1): Evaluation {
  const { m, n, nTest, T, Pt0, yTest, yTestTrue } = problem;
  const B = n + 1;
  const sigma = scalarActivation(activation, q).value;
  const f = new Float64Array(nTest);
  const noiseProj = new Float64Array(nTest);
  for (let r = 0; r < 2 * m; r++) {
    const j = r < m ? 1 : -1;
    noiseProj.set(Pt0.subarray(r * nTest, (r + 1) * nTest));
    if (u !== 1) for (let k = 0; k < nTest; k++) noiseProj[k] *= u;
    for (let b = 0; b < B; b++) {
      const c = C[r * B + b];
      if (c === 0) continue;
      const row = b * nTest;
      for (let k = 0; k < nTest; k++) noiseProj[k] += c * T[row + k];
    }
    const s = proj[r * B];
    const sPos = sigma(s);
    const sNeg = sigma(-s);
    for (let k = 0; k < nTest; k++) f[k] += j * ((yTestTrue[k] > 0 ? sPos : sNeg) + sigma(noiseProj[k]));
  }
  let loss = 0;
  let errors = 0;
  for (let k = 0; k < nTest; k++) {
    const margin = (yTest[k] * f[k]) / m;
    loss += softplusNeg(margin);
    if (margin <= 0) errors++;
  }
  return { loss: loss / nTest, error: errors / nTest };
}

/** Mean over filters of |cos(w_f, mu)|, from ||w_f||^2 = u^2 ||u_f||^2 + sum_b C_fb (u P0_fb + proj_fb). */
export function meanAlignment(problem: Problem, C: Float64Array, proj: Float64Array, u = 1): number {
  const { m, n, P0, u2, muNorm } = problem;
  const B = n + 1;
  let sum = 0;
  for (let r = 0; r < 2 * m; r++) {
    let w2 = u * u * u2[r];
    for (let b = 0; b < B; b++) w2 += C[r * B + b] * (u * P0[r * B + b] + proj[r * B + b]);
    sum += Math.abs(proj[r * B]) / (Math.max(Math.sqrt(Math.max(w2, 0)), 1e-30) * muNorm);
  }
  return sum / (2 * m);
}
