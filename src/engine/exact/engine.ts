import { sampleNoise, type DataModel } from '../../data/synthetic.js';
import { InputError } from '../../util/errors.js';
import { curveSteps } from '../curve-steps.js';
import type { Engine, RunHooks } from '../engine.js';
import { initialFilters } from '../init.js';
import type { SimParams } from '../params.js';
import type { CurvePoint, DecompositionPoint, Divergence, RunResult } from '../result.js';
import { decompose, summarize } from './decomposition.js';
import { ExplicitGd, type ExplicitData } from './explicit.js';
import { identityResidual } from './invariants.js';
import { buildSupervisedProblem, type Problem } from './problem.js';
import { evaluateTest, evaluateTrain, meanAlignment, project, runGd, type GdOptions } from './train.js';

/** Bumped whenever a change can alter the numbers a run produces (part of every cache key). */
export const EXACT_ENGINE_VERSION = '1.0.0';
export const EXACT_BACKEND = 'float64-js';

/**
 * The decomposition identity is measured against plain float64 GD on the d-dimensional filters
 * when that costs at most this many multiply-adds (steps * 2m * n * d); otherwise it is omitted.
 */
export const IDENTITY_CHECK_BUDGET = 5e8;

function refuse(field: keyof SimParams, value: unknown, why: string): never {
  throw new InputError(`${String(field)}: the exact engine cannot represent ${JSON.stringify(value)}: ${why}. Use --engine tensor for it.`, {
    field: String(field),
    value,
  });
}

/** Throws InputError for every configuration the exact engine would have to approximate. */
export function validateExact(params: SimParams): void {
  if (params.regime === 'simclr') {
    refuse(
      'regime',
      'simclr',
      'SimCLR pre-training and fine-tuning are not implemented in coefficient space yet (only supervised GD on the data model is tracked exactly)',
    );
  }
  if (params.data !== 'synthetic') {
    refuse('data', params.data, 'with real images the signal patch differs from sample to sample, so GD leaves span{mu, xi_1..xi_n}');
  }
}

export function dataModelOf(params: SimParams): DataModel {
  return { d: params.d, muNorm: params.muNorm, sigmaP: params.sigmaP, labelNoise: params.labelNoise, noiseCovariance: params.noiseCovariance };
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** The d-dimensional data of a supervised run (same streams as the Gram pass), for the identity check. */
export function explicitSupervisedData(params: SimParams, problem: Problem): ExplicitData {
  const { d, m, nLabeled: n } = params;
  const mu = new Float64Array(d);
  mu[0] = problem.muNorm;
  return {
    d,
    m,
    n,
    W0: Float64Array.from(initialFilters(params.seed, 'supervised', m, d, params.sigma0)),
    mu,
    noise: Float64Array.from(sampleNoise(dataModelOf(params), params.seed, 'train', n)),
    y: problem.y,
    yTrue: problem.yTrue,
  };
}

class ExactEngine implements Engine {
  readonly name = 'exact' as const;
  readonly version = EXACT_ENGINE_VERSION;

  validate(params: SimParams): void {
    validateExact(params);
  }

  async run(params: SimParams, hooks: RunHooks = {}): Promise<RunResult> {
    this.validate(params);
    const started = performance.now();
    const { m, d, nLabeled: n } = params;
    const problem = await buildSupervisedProblem({
      model: dataModelOf(params),
      seed: params.seed,
      m,
      sigma0: params.sigma0,
      n,
      nTest: params.nTest,
      initTag: 'supervised',
    });
    const gd: GdOptions = { activation: params.activation, q: params.q, eta: params.eta, steps: params.steps };
    const sampled = new Set(curveSteps(params.steps, params.curvePoints));
    const explicit =
      params.steps * 2 * m * n * d <= IDENTITY_CHECK_BUDGET ? explicitSupervisedData(params, problem) : null;
    const shadow = explicit ? new ExplicitGd(explicit, gd) : null;

    const train: CurvePoint[] = [];
    const decomposition: DecompositionPoint[] = [];
    const progressEvery = Math.max(1, Math.floor(params.steps / 100));
    const outcome = runGd(problem, gd, (view) => {
      if (sampled.has(view.step) || view.step === params.steps) {
        const dec = decompose(problem, view.C);
        const point = summarize(view.step, dec, problem.y);
        if (shadow && explicit) point.identityResidual = identityResidual(shadow.w, dec, explicit.W0, explicit.mu, explicit.noise, d);
        decomposition.push(point);
        train.push({
          step: view.step,
          trainLoss: finite(view.train.loss),
          testError: finite(evaluateTest(problem, view.C, view.proj, params.activation, params.q).error),
          alignment: finite(meanAlignment(problem, view.C, view.proj)),
        });
      }
      if (shadow && view.step < params.steps) shadow.advance();
      if (hooks.onProgress && view.step > 0 && (view.step % progressEvery === 0 || view.step === params.steps)) {
        hooks.onProgress('train', view.step, params.steps);
      }
    });

    // Final metrics at the last iterate (the diverged one, if any: non-finite values become null).
    const B = n + 1;
    const proj = new Float64Array(2 * m * B);
    project(problem.P0, outcome.C, problem.K, 2 * m, B, proj);
    const tr = evaluateTrain(problem, proj, params.activation, params.q);
    const te = evaluateTest(problem, outcome.C, proj, params.activation, params.q);
    const diverged: Divergence | null = outcome.diverged ? { phase: 'train', ...outcome.diverged } : null;
    return {
      regime: 'supervised',
      params: { ...params },
      metrics: {
        trainLoss: finite(tr.loss),
        trainError: finite(tr.error),
        testLoss: finite(te.loss),
        testError: finite(te.error),
        alignment: finite(meanAlignment(problem, outcome.C, proj)),
      },
      curves: { train, decomposition },
      snr: params.snr,
      engine: 'exact',
      engineVersion: EXACT_ENGINE_VERSION,
      backend: EXACT_BACKEND,
      wallSeconds: (performance.now() - started) / 1000,
      diverged,
    };
  }
}

export function createExactEngine(): Engine {
  return new ExactEngine();
}
