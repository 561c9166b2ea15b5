import { sampleNoise } from '../../data/synthetic.js';
import { InputError } from '../../util/errors.js';
import { curveSteps } from '../curve-steps.js';
import type { Engine, RunHooks } from '../engine.js';
import { initialFilters } from '../init.js';
import type { SimParams } from '../params.js';
import type { CurvePoint, DecompositionPoint, PretrainPoint, RunMetrics, RunResult } from '../result.js';
import { decompose, summarize } from './decomposition.js';
import { ExplicitGd, type ExplicitData } from './explicit.js';
import { identityResidual } from './invariants.js';
import { wasmSimdAvailable } from './kernel-wasm.js';
import { buildSupervisedProblem, dataModelOf, type Problem } from './problem.js';

import { probeData, runProbe } from './probe.js';
import { finetuneProblem, pretrainProblem, runPretrain, simclrGram, simclrLayout } from './simclr.js';
import { evaluateTest, evaluateTrain, meanAlignment, project, runGd, type GdOptions } from './train.js';
import { divergenceOf } from '../finite.js';

/** Bumped whenever a change can alter the numbers a run produces (part of every cache key). */
export const EXACT_ENGINE_VERSION = '1.1.0';
/** float64 throughout; the Gram pass runs the WebAssembly SIMD kernel where available (its rounding differs from the scalar one's). */
export const EXACT_BACKEND = wasmSimdAvailable() ? 'float64-js+wasm-simd' : 'float64-js';

/**
 * The decomposition identity is measured against plain float64 GD on the d-dimensional filters
 * when that costs at most this many multiply-adds (steps * 2m * n * d, ~0.1 s); otherwise it is
 * omitted, so that the check never dominates a run (it is a plain d-dimensional simulation).
 */
export const IDENTITY_CHECK_BUDGET = 2e7;

function refuse(field: string, value: unknown, why: string): never {
  throw new InputError(`${String(field)}: the exact engine cannot represent ${JSON.stringify(value)}: ${why}. Use --engine tensor for it.`, {
    field: String(field),
    value,
  });
}

/**
 * The components the exact engine represents, and why it refuses the others: it tracks the filters
 * in span{w(0), mu, xi_1..xi_n}, which plain GD on the signal-noise model never leaves.
 */
export const EXACT_REPRESENTS = {
  data: { names: ['synthetic'], why: 'its signal patch is not y mu for one fixed mu, so GD leaves span{mu, xi_1..xi_n} (real images differ from sample to sample)' },
  optimizer: { names: ['gd'], why: 'the coefficient recursions are those of plain gradient descent; another update rule needs its own derivation' },
  regime: { names: ['supervised', 'simclr'], why: 'its pipeline is derived for the shipped regimes only' },
} as const;

/** Throws InputError for every configuration the exact engine would have to approximate. */
export function validateExact(params: SimParams): void {
  for (const [field, { names, why }] of Object.entries(EXACT_REPRESENTS)) {
    const value = params[field] as string;
    if (!(names as readonly string[]).includes(value)) refuse(field, value, `${field} '${value}': ${why}`);
  }
  if (params.regime !== 'simclr') return;
  if (params.augment === 'mask') {
    refuse('augment', 'mask', 'a masked noise patch is a new random vector per sample that the streamed pass does not generate (not implemented)');
  }
  if (params.augmentResample === 'every-step' && params.augment !== 'identity') {
    refuse('augmentResample', 'every-step', 'fresh partner noise at every step adds n_0 new directions per step to the span (the basis would grow with the steps)');
  }
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

interface FitOutcome {
  train: CurvePoint[];
  decomposition: DecompositionPoint[];
  metrics: RunMetrics;
  divergedAt: number | null;
}

/**
 * Logistic GD (supervised training or full fine-tuning) on a coefficient-space problem, with the
 * curves and the final metrics of the tensor engine's fitLogistic and the decomposition summaries.
 * `explicit`: the d-dimensional data, when the identity residual is to be measured.
 */
function fit(
  problem: Problem,
  gd: GdOptions,
  curvePoints: number,
  explicit: ExplicitData | null,
  progress?: (done: number, total: number) => void,
): FitOutcome {
  const sampled = new Set(curveSteps(gd.steps, curvePoints));
  const shadow = explicit ? new ExplicitGd(explicit, gd) : null;
  const train: CurvePoint[] = [];
  const decomposition: DecompositionPoint[] = [];
  const progressEvery = Math.max(1, Math.floor(gd.steps / 100));
  const outcome = runGd(problem, gd, (view) => {
    if (sampled.has(view.step) || view.step === gd.steps) {
      const dec = decompose(problem, view.C);
      const point = summarize(view.step, dec, problem.y);
      if (shadow && explicit) point.identityResidual = identityResidual(shadow.w, dec, explicit.W0, explicit.mu, explicit.noise, explicit.d);
      decomposition.push(point);
      const te = evaluateTest(problem, view.C, view.proj, gd.activation, gd.q);
      train.push({
        step: view.step,
        trainLoss: finite(view.train.loss),
        testError: finite(te.error),
        testLoss: finite(te.loss),
        alignment: finite(meanAlignment(problem, view.C, view.proj)),
      });
    }
    if (shadow && view.step < gd.steps) shadow.advance();
    if (progress && view.step > 0 && (view.step % progressEvery === 0 || view.step === gd.steps)) progress(view.step, gd.steps);
  });
  // Final metrics at the last iterate (the diverged one, if any: non-finite values become null).
  const B = problem.n + 1;
  const proj = new Float64Array(2 * problem.m * B);
  project(problem.P0, outcome.C, problem.K, 2 * problem.m, B, proj);
  const tr = evaluateTrain(problem, proj, gd.activation, gd.q);
  const te = evaluateTest(problem, outcome.C, proj, gd.activation, gd.q);
  return {
    train,
    decomposition,
    metrics: {
      trainLoss: finite(tr.loss),
      trainError: finite(tr.error),
      testLoss: finite(te.loss),
      testError: finite(te.error),
      alignment: finite(meanAlignment(problem, outcome.C, proj)),
    },
    divergedAt: outcome.diverged ? outcome.diverged.step : null,
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
    const progress = (phase: 'pretrain' | 'train' | 'finetune') =>
      hooks.onProgress ? (done: number, total: number) => hooks.onProgress!(phase, done, total) : undefined;
    const partial = params.regime === 'supervised' ? await this.supervised(params, progress('train')) : await this.simclr(params, progress);
    const supervised = params.regime === 'supervised';
    return {
      regime: params.regime,
      params: { ...params },
      ...partial,
      diverged: divergenceOf(partial.diverged, partial.metrics, supervised ? 'train' : 'finetune', supervised ? params.steps : params.finetuneSteps),
      snr: params.snr,
      engine: 'exact',
      engineVersion: EXACT_ENGINE_VERSION,
      backend: EXACT_BACKEND,
      wallSeconds: (performance.now() - started) / 1000,
    };
  }

  private async supervised(params: SimParams, progress?: (done: number, total: number) => void): Promise<Pick<RunResult, 'metrics' | 'curves' | 'diverged'>> {
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
    const explicit = params.steps * 2 * m * n * d <= IDENTITY_CHECK_BUDGET ? explicitSupervisedData(params, problem) : null;
    const out = fit(problem, gd, params.curvePoints, explicit, progress);
    return {
      metrics: out.metrics,
      curves: { train: out.train, decomposition: out.decomposition },
      diverged: out.divergedAt === null ? null : { phase: 'train', step: out.divergedAt, quantity: 'trainLoss' },
    };
  }

  private async simclr(
    params: SimParams,
    progress: (phase: 'pretrain' | 'finetune') => ((done: number, total: number) => void) | undefined,
  ): Promise<Pick<RunResult, 'metrics' | 'curves' | 'diverged'>> {
    const layout = simclrLayout(params);
    const ips = await simclrGram(params, layout);
    const pre = pretrainProblem(params, layout, ips);
    const sampled = new Set(curveSteps(params.pretrainSteps, params.curvePoints));
    const pretrainCurve: PretrainPoint[] = [];
    const onPre = progress('pretrain');
    const outcome = runPretrain(
      pre,
      {
        activation: params.pretrainActivation,
        q: params.q,
        eta: params.pretrainEta,
        steps: params.pretrainSteps,
        tau: params.tau,
        similarity: params.similarity,
      },
      (view) => {
        if (sampled.has(view.step) || view.last) {
          const point: PretrainPoint = { step: view.step, loss: finite(view.loss), alignment: finite(view.alignment) };
          if (view.valLoss !== undefined) point.valLoss = finite(view.valLoss);
          pretrainCurve.push(point);
        }
        if (onPre && view.step > 0) onPre(view.step, params.pretrainSteps);
      },
    );
    const alignmentPretrain = finite(outcome.alignment);
    const preMetrics = { alignmentPretrain, pretrainStepsRun: outcome.stepsUsed };
    if (outcome.divergedAt !== null) {
      return {
        metrics: { trainLoss: null, trainError: null, testLoss: null, testError: null, alignment: alignmentPretrain, ...preMetrics },
        curves: { train: [], pretrain: pretrainCurve },
        diverged: { phase: 'pretrain', step: outcome.divergedAt, quantity: 'contrastiveLoss' },
      };
    }
    if (params.finetune === 'linear-probe') {
      const probe = runProbe(probeData(params, layout, ips, pre, outcome.C), {
        eta: params.finetuneEta,
        steps: params.finetuneSteps,
        curvePoints: params.curvePoints,
        alignment: alignmentPretrain,
      });
      return {
        metrics: {
          trainLoss: finite(probe.train.loss),
          trainError: finite(probe.train.error),
          testLoss: finite(probe.test.loss),
          testError: finite(probe.test.error),
          alignment: alignmentPretrain,
          ...preMetrics,
        },
        curves: {
          train: probe.curve.map((p) => ({ ...p, trainLoss: finite(p.trainLoss ?? NaN), testError: finite(p.testError ?? NaN), ...(p.testLoss !== undefined ? { testLoss: finite(p.testLoss ?? NaN) } : {}) })),
          pretrain: pretrainCurve,
        },
        diverged: probe.divergedAt === null ? null : { phase: 'finetune', step: probe.divergedAt, quantity: 'probeLoss' },
      };
    }
    const problem = finetuneProblem(params, layout, ips, pre, outcome.C);
    const gd: GdOptions = { activation: params.activation, q: params.q, eta: params.finetuneEta, steps: params.finetuneSteps };
    const out = fit(problem, gd, params.curvePoints, null, progress('finetune'));
    return {
      metrics: { ...out.metrics, ...preMetrics },
      curves: { train: out.train, pretrain: pretrainCurve, decomposition: out.decomposition },
      diverged: out.divergedAt === null ? null : { phase: 'finetune', step: out.divergedAt, quantity: 'trainLoss' },
    };
  }
}

export function createExactEngine(): Engine {
  return new ExactEngine();
}
