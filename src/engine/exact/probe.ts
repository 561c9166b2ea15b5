import { sampleLabels } from '../../data/synthetic.js';
import type { SimParams } from '../params.js';
import type { CurvePoint } from '../result.js';
import { curveSteps } from '../curve-steps.js';
import { scalarActivation, sigmoidNeg, softplusNeg } from './activation.js';
import { dataModelOf } from './problem.js';
import type { Optimizer } from '../../components/optimizer.js';
import { descend, type Objective } from './descent.js';
import { pretrainedProjections, type InnerProducts, type PretrainProblem, type PretrainWeights, type SimclrLayout } from './simclr.js';
import { exactOps, weightsVector } from './vector.js';

/**
 * The tensor engine's linear probe, exactly: logistic regression (2m weights and a bias) by
 * full-batch GD on the frozen embedding h(x) = sum_p sigma(<w_pre_r, x^(p)>), standardised with the
 * mean and (population) spread of the unlabelled samples' embeddings. Every embedding is a function
 * of the pre-trained filters' inner products with mu and the noise patches, which the pass has.
 */
export interface ProbeData {
  /** Rows of [standardised features, 1], (F + 1) columns. */
  train: Float64Array;
  test: Float64Array;
  y: Int8Array;
  yTest: Int8Array;
  cols: number;
}

export function probeData(params: SimParams, layout: SimclrLayout, ips: InnerProducts, pre: PretrainProblem, Wpre: PretrainWeights): ProbeData {
  const { m, n, nTest, n0 } = layout;
  const F = 2 * m;
  const sigma = scalarActivation(params.pretrainActivation, params.q).value;
  const { targets, pj, proj } = pretrainedProjections(layout, ips, pre, Wpre);
  const T = targets.length;
  const Bp = pre.basis.length;
  const model = dataModelOf(params);
  const unl = sampleLabels(model, params.seed, 'unlabeled', n0);
  const train = sampleLabels(model, params.seed, 'train', n);
  const test = sampleLabels(model, params.seed, 'test', nTest);
  const feature = (r: number, signal: number, noise: number): number => sigma(signal * pj[r * T]) + sigma(noise);
  // Moments over the unlabelled anchors (tf.moments: population variance).
  const mean = new Float64Array(F);
  const scale = new Float64Array(F);
  for (let r = 0; r < F; r++) {
    let s = 0;
    const values = new Float64Array(n0);
    for (let i = 0; i < n0; i++) {
      values[i] = feature(r, unl.yTrue[i], proj[r * Bp + 1 + i]);
      s += values[i];
    }
    mean[r] = s / n0;
    let v = 0;
    for (let i = 0; i < n0; i++) v += (values[i] - mean[r]) ** 2;
    const std = Math.sqrt(v / n0);
    scale[r] = std > 1e-12 ? std : 1;
  }
  const cols = F + 1;
  const rows = (count: number, yTrue: Int8Array, offset: number): Float64Array => {
    const out = new Float64Array(count * cols);
    for (let i = 0; i < count; i++) {
      for (let r = 0; r < F; r++) out[i * cols + r] = (feature(r, yTrue[i], pj[r * T + offset + i]) - mean[r]) / scale[r];
      out[i * cols + F] = 1;
    }
    return out;
  };
  return { train: rows(n, train.yTrue, 1), test: rows(nTest, test.yTrue, 1 + n), y: train.y, yTest: test.y, cols };
}

function evaluate(X: Float64Array, y: Int8Array, cols: number, theta: Float64Array): { loss: number; error: number } {
  let loss = 0;
  let errors = 0;
  for (let i = 0; i < y.length; i++) {
    let f = 0;
    for (let c = 0; c < cols; c++) f += X[i * cols + c] * theta[c];
    const margin = y[i] * f;
    loss += softplusNeg(margin);
    if (margin <= 0) errors++;
  }
  return { loss: loss / y.length, error: errors / y.length };
}

export interface ProbeOutcome {
  curve: CurvePoint[];
  divergedAt: number | null;
  train: { loss: number; error: number };
  test: { loss: number; error: number };
}

/** Logistic regression's loss on the probe's training rows; theta is a plain vector (no starting filters: u is unused). */
function probeObjective(data: ProbeData): Objective<null> {
  const { cols, y } = data;
  const n = y.length;
  return {
    geometry: {
      size: cols,
      dot(a, b) {
        let s = 0;
        for (let c = 0; c < cols; c++) s += a.C[c] * b.C[c];
        return s;
      },
    },
    at(_u, theta) {
      return {
        loss: evaluate(data.train, y, cols, theta).loss,
        view: null,
        gradient() {
          const grad = new Float64Array(cols);
          for (let i = 0; i < n; i++) {
            let f = 0;
            for (let c = 0; c < cols; c++) f += data.train[i * cols + c] * theta[c];
            const g = (-y[i] * sigmoidNeg(y[i] * f)) / n;
            for (let c = 0; c < cols; c++) grad[c] += data.train[i * cols + c] * g;
          }
          return weightsVector(0, grad);
        },
      };
    },
  };
}

export interface ProbeOptions {
  eta: number;
  steps: number;
  curvePoints: number;
  alignment: number | null;
  optimizer: Optimizer;
  optimizerName: string;
  seed: number;
  onProgress?(done: number, total: number): void;
}

/** The probe trained from theta = 0 with the run's optimizer; curve at the run's curve steps. */
export function runProbe(data: ProbeData, options: ProbeOptions): ProbeOutcome {
  const { cols, y } = data;
  const sampled = new Set(curveSteps(options.steps, options.curvePoints));
  const curve: CurvePoint[] = [];
  const objective = probeObjective(data);
  const progressEvery = Math.max(1, Math.floor(options.steps / 100));
  const outcome = descend(objective, { u: 0, C: new Float64Array(cols) }, {
    steps: options.steps,
    lr: options.eta,
    optimizer: options.optimizer,
    ops: exactOps(objective.geometry, options.optimizerName),
    batches: { nSamples: y.length, seed: options.seed, phase: 'finetune', optimizerName: options.optimizerName },
    observe(t, W, loss) {
      if (sampled.has(t) || t === options.steps) {
        const te = evaluate(data.test, data.yTest, cols, W.C);
        curve.push({ step: t, trainLoss: loss, testError: te.error, testLoss: te.loss, alignment: options.alignment });
      }
      if (options.onProgress && t > 0 && (t % progressEvery === 0 || t === options.steps)) options.onProgress(t, options.steps);
    },
  });
  const theta = outcome.W.C;
  return { curve, divergedAt: outcome.divergedAt, train: evaluate(data.train, y, cols, theta), test: evaluate(data.test, data.yTest, cols, theta) };
}
