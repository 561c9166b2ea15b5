import { scalarActivation, sigmoidNeg, softplusNeg, type ActivationName } from './activation.js';
import type { Problem } from './problem.js';

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

export interface StepView {
  /** Number of GD updates applied so far: the state is W(step). */
  step: number;
  /** Coefficients, 2m x (n+1); read-only (copy to keep). */
  C: Float64Array;
  /** <w_f(step), v_b>, 2m x (n+1). */
  proj: Float64Array;
  train: Evaluation;
}

export interface GdOutcome {
  stepsRun: number;
  /** Where the loss first became NaN or infinite; null otherwise. */
  diverged: { step: number; quantity: string } | null;
  C: Float64Array;
}

/**
 * Full-batch GD on the logistic loss, in coefficient space: with proj = P0 + C K the projections of
 * every filter on mu and on each xi_i are known, hence every logit and every gradient, and the
 * gradient of filter f is sum_b G[f][b] v_b, so GD is C <- C - eta G. Cost per step: 2m (n+1)^2.
 * `observe` runs at every step t = 0..steps on W(t), before the update.
 */
export function runGd(problem: Problem, options: GdOptions, observe: (view: StepView) => void, C0?: Float64Array): GdOutcome {
  const { m, n, K, P0, y, yTrue } = problem;
  const F = 2 * m;
  const B = n + 1;
  const act = scalarActivation(options.activation, options.q);
  const C = C0 ? Float64Array.from(C0) : new Float64Array(F * B);
  const proj = new Float64Array(F * B);
  const f = new Float64Array(n);
  const g = new Float64Array(n);
  for (let t = 0; t <= options.steps; t++) {
    project(P0, C, K, F, B, proj);
    logits(problem, proj, act.value, f);
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
    // As in the tensor engine: a NaN or infinite loss stops the run (a diverged run is a result).
    if (!Number.isFinite(loss)) return { stepsRun: t, diverged: { step: t, quantity: 'trainLoss' }, C };
    observe({ step: t, C, proj, train: { loss, error: errors / n } });
    if (t === options.steps) break;
    for (let r = 0; r < F; r++) {
      const scale = (options.eta * (r < m ? 1 : -1)) / m;
      const s = proj[r * B];
      let signal = 0;
      for (let i = 0; i < n; i++) {
        signal += g[i] * act.derivative(yTrue[i] * s) * yTrue[i];
        C[r * B + 1 + i] -= scale * g[i] * act.derivative(proj[r * B + 1 + i]);
      }
      C[r * B] -= scale * signal;
    }
  }
  return { stepsRun: options.steps, diverged: null, C };
}

/** out = P0 + C K (zero coefficients are skipped: the first steps are cheap). */
export function project(P0: Float64Array, C: Float64Array, K: Float64Array, F: number, B: number, out: Float64Array): void {
  out.set(P0);
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

/** Loss and error on the test set at coefficients C (proj: the training projections of the same C). */
export function evaluateTest(problem: Problem, C: Float64Array, proj: Float64Array, activation: ActivationName, q: number): Evaluation {
  const { m, n, nTest, T, Pt0, yTest, yTestTrue } = problem;
  const B = n + 1;
  const sigma = scalarActivation(activation, q).value;
  const f = new Float64Array(nTest);
  const noiseProj = new Float64Array(nTest);
  for (let r = 0; r < 2 * m; r++) {
    const j = r < m ? 1 : -1;
    noiseProj.set(Pt0.subarray(r * nTest, (r + 1) * nTest));
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

/** Mean over filters of |cos(w_f, mu)|, from ||w_f||^2 = ||u_f||^2 + sum_b C_fb (P0_fb + proj_fb). */
export function meanAlignment(problem: Problem, C: Float64Array, proj: Float64Array): number {
  const { m, n, P0, u2, muNorm } = problem;
  const B = n + 1;
  let sum = 0;
  for (let r = 0; r < 2 * m; r++) {
    let w2 = u2[r];
    for (let b = 0; b < B; b++) w2 += C[r * B + b] * (P0[r * B + b] + proj[r * B + b]);
    sum += Math.abs(proj[r * B]) / (Math.max(Math.sqrt(Math.max(w2, 0)), 1e-30) * muNorm);
  }
  return sum / (2 * m);
}
