import { optimizers, type Optimizer } from '../components/optimizer.js';
import { regimes, type EngineBlocks } from '../components/regime.js';
import { InputError } from '../util/errors.js';
import { divergenceOf } from './finite.js';
import type { SimParams } from './params.js';
import type { CurvePoint, PretrainPoint, RunResult } from './result.js';

/** JSON has no NaN or infinity: a non-finite metric is reported as null. */
export function finite(x: number | null | undefined): number | null {
  return x !== undefined && x !== null && Number.isFinite(x) ? x : null;
}

export { dataSourceFor as dataSourceOf } from '../data/index.js';

/** An optimizer instance for one training phase, from the run's `optimizer` and its parameters. */
export function optimizerOf(params: SimParams): Optimizer {
  return optimizers.require(params.optimizer, 'optimizer').create(params);
}

/** The blocks an engine implements (besides the four every engine has). */
export function refuseMissingBlocks(engine: string, params: SimParams, has: (block: string) => boolean): void {
  const regime = regimes.require(params.regime, 'regime');
  const missing = regime.blocks.filter((b) => !has(b));
  if (missing.length > 0) {
    throw new InputError(`regime: the ${engine} engine cannot run regime '${regime.name}': it has no ${missing.join(', ')} building block${missing.length > 1 ? 's' : ''}`, { field: 'regime', value: regime.name });
  }
}

/**
 * One run of the run's regime over an engine's building blocks, as a RunResult; the engine adds
 * its name, version and backend. The same regime code runs on every engine with the blocks.
 */
export function runRegime<W>(blocks: EngineBlocks<W>, params: SimParams): Omit<RunResult, 'engine' | 'engineVersion' | 'backend' | 'wallSeconds'> {
  const regime = regimes.require(params.regime, 'regime');
  const outcome = regime.run(blocks, params);
  const diverged = divergenceOf(outcome.diverged, outcome.metrics, outcome.lastPhase, outcome.lastSteps);
  const clean = (c: CurvePoint[]): CurvePoint[] =>
    c.map((p) => ({ step: p.step, trainLoss: finite(p.trainLoss), testError: finite(p.testError), ...(p.testLoss !== undefined ? { testLoss: finite(p.testLoss) } : {}), alignment: finite(p.alignment) }));
  const cleanPre = (c: PretrainPoint[]): PretrainPoint[] =>
    c.map((p) => ({ step: p.step, loss: finite(p.loss), alignment: finite(p.alignment), ...(p.valLoss !== undefined ? { valLoss: finite(p.valLoss) } : {}) }));
  return {
    regime: params.regime,
    params: { ...params },
    metrics: outcome.metrics,
    curves: { train: clean(outcome.trainCurve), ...(outcome.pretrainCurve ? { pretrain: cleanPre(outcome.pretrainCurve) } : {}) },
    snr: params.snr,
    diverged,
  };
}
