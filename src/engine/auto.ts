import { InputError } from '../util/errors.js';
import { getEngine, type Engine, type RunHooks } from './engine.js';
import { validateExact } from './exact/engine.js';
import { checkRunFits, exactCanRun } from './limits.js';
import type { SimParams } from './params.js';
import type { RunResult } from './result.js';

/** Bumped whenever the choice rule changes (a changed choice can change a run's numbers). */
export const AUTO_RULE_VERSION = '1';

/**
 * A float64 multiply-add in the exact engine's JavaScript loops costs about this many of the
 * tensor backend's float32 matMul ones [choice: order of magnitude from bench/exact.ts and
 * bench/tensor.ts on one machine, not a per-machine measurement].
 */
export const EXACT_FLOP_PENALTY = 8;

export interface EngineChoice {
  chosen: 'tensor' | 'exact';
  reason: string;
}

type Concrete = 'tensor' | 'exact';
const patches = (a: SimParams['activation']): number => (a === 'linear' ? 1 : 2);

/** Multiply-adds of a tensor-engine run: the products of every GD step (forward and backward). */
export function tensorCost(p: SimParams): number {
  const k = 2 * p.m;
  const supervised = (steps: number) => 3 * steps * p.nLabeled * p.d * k * patches(p.activation) + p.nTest * p.d * k * patches(p.activation);
  if (p.regime === 'supervised') return supervised(p.steps);
  const N = 2 * p.nUnlabeled;
  // Pass 1 on every tile, pass 2 on half of them with two products: about 3 N^2 (k + 1) per step.
  const step = 3 * N * N * (k + 1) + 2 * N * p.d * k * patches(p.pretrainActivation);
  return (p.pretrainSteps + 1) * step + supervised(p.finetuneSteps);
}

/** Multiply-adds of an exact-engine run: its Gram pass over d, then the coefficient-space steps. */
export function exactCost(p: SimParams): number {
  const F = 2 * p.m;
  if (p.regime === 'supervised') {
    const rows = F + p.nLabeled + p.nTest;
    return (rows * rows * p.d) / 2 + p.steps * F * (p.nLabeled + 1) * (p.nLabeled + 1 + p.nTest);
  }
  const N = 2 * p.nUnlabeled;
  const B = 1 + p.nUnlabeled * (p.augment === 'identity' ? 1 : 2);
  const rows = F + B + p.nLabeled + p.nTest;
  // Per step: embeddings from coefficients (N x B x F), the N x N softmax, the gradient back to B x F.
  const step = 2 * N * B * F + N * N * F;
  return (rows * rows * p.d) / 2 + (p.pretrainSteps + 1) * step + p.finetuneSteps * F * (p.nLabeled + 1) * (p.nLabeled + 1 + p.nTest);
}

const fmt = (x: number): string => x.toExponential(1);

/**
 * The engine an `auto` run uses: exact where it represents the run exactly, fits in memory and
 * costs less (EXACT_FLOP_PENALTY x its multiply-adds against the tensor engine's), tensor otherwise.
 * A pure function of the parameters, so an auto run is as reproducible as its chosen engine's.
 */
export function chooseEngine(params: SimParams, options: { backend?: string; machineBytes?: number } = {}): EngineChoice {
  const exact = { ...params, engine: 'exact' as const };
  try {
    validateExact(exact);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { chosen: 'tensor', reason: `not exact: ${error.message.replace(/ Use --engine tensor for it\.$/, '')}` };
  }
  if (!exactCanRun(params, options)) return { chosen: 'tensor', reason: 'the exact engine would not fit in memory' };
  try {
    checkRunFits({ ...params, engine: 'tensor' }, options);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { chosen: 'exact', reason: 'exact, and the tensor engine would not fit in memory' };
  }
  const e = EXACT_FLOP_PENALTY * exactCost(params);
  const t = tensorCost(params);
  return e <= t
    ? { chosen: 'exact', reason: `exact and cheaper: ${fmt(e)} weighted multiply-adds against the tensor engine's ${fmt(t)}` }
    : { chosen: 'tensor', reason: `cheaper: ${fmt(t)} multiply-adds against the exact engine's ${fmt(e)} weighted` };
}

/** The params a concrete engine runs for an auto run. */
export function concreteParams(params: SimParams): SimParams {
  return params.engine === 'auto' ? { ...params, engine: chooseEngine(params).chosen } : params;
}

class AutoEngine implements Engine {
  readonly name = 'auto';
  constructor(readonly version: string, private readonly engines: Record<Concrete, Engine>) {}

  validate(params: SimParams): void {
    const { chosen } = chooseEngine(params);
    this.engines[chosen].validate({ ...params, engine: chosen });
  }

  async run(params: SimParams, hooks?: RunHooks): Promise<RunResult> {
    const choice = chooseEngine(params);
    const result = await this.engines[choice.chosen].run({ ...params, engine: choice.chosen }, hooks);
    // The run's own params say `auto`, as asked (its cache key); the result names the engine that ran.
    return { ...result, params: { ...params }, engineChoice: { requested: 'auto', ...choice } };
  }
}

export async function createAutoEngine(): Promise<Engine> {
  const tensor = await getEngine('tensor');
  const exact = await getEngine('exact');
  return new AutoEngine(`${AUTO_RULE_VERSION}+tensor-${tensor.version}+exact-${exact.version}`, { tensor, exact });
}
