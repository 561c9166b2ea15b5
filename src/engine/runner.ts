import { optimizers, type Optimizer } from '../components/optimizer.js';
import { metrics } from '../components/metric.js';
import { regimes, type EngineBlocks, type RegimeComponent, type RegimeOutcome } from '../components/regime.js';
import { InputError } from '../util/errors.js';
import { divergenceOf } from './finite.js';
import type { SimParams } from './params.js';
import { RunMetrics, type CurvePoint, type PretrainPoint, type RunResult } from './result.js';

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
  refuseUnknownMetrics(regime);
  const needed = computedMetrics(regime).length > 0 ? (['toArray', 'trainingSet'] as const) : [];
  const missing = [...new Set([...regime.blocks, ...needed])].filter((b) => !has(b));
  if (missing.length > 0) {
    throw new InputError(`regime: the ${engine} engine cannot run regime '${regime.name}': it has no ${missing.join(', ')} building block${missing.length > 1 ? 's' : ''}`, { field: 'regime', value: regime.name });
  }
}

function refuseUnknownMetrics(regime: RegimeComponent): void {
  for (const name of regime.metrics ?? []) {
    if (!metrics.has(name)) throw new InputError(`regime '${regime.name}' declares metric ${JSON.stringify(name)}, which is not registered (known: ${metrics.names().join(', ')}); register it in the plug-in's metrics`, { field: 'regime', value: regime.name });
  }
}

/** The metrics a regime declares that the runner computes from the filters (those with a `compute`). */
function computedMetrics(regime: RegimeComponent): string[] {
  return (regime.metrics ?? []).filter((name) => typeof metrics.get(name)?.compute === 'function');
}

/** What every run reports (RunMetrics' own fields); anything else is a declared metric. */
const CORE_METRICS: ReadonlySet<string> = new Set(Object.keys(RunMetrics.shape));

/**
 * The outcome's metrics with the regime's declared ones: reported by the regime, or computed from its
 * filters. A metric the regime does not declare is refused, so results hold only declared metrics
 * (and a cache key, which covers the regime and its metrics' code, covers every value stored).
 */
function withDeclaredMetrics<W>(blocks: EngineBlocks<W>, params: SimParams, regime: RegimeComponent, outcome: RegimeOutcome): RegimeOutcome['metrics'] {
  const declared = new Set(regime.metrics ?? []);
  const out: RegimeOutcome['metrics'] = { ...outcome.metrics };
  for (const key of Object.keys(out)) {
    if (!CORE_METRICS.has(key) && !declared.has(key)) {
      throw new InputError(`regime '${regime.name}' reported metric '${key}', which it does not declare; list it in the regime's metrics (and register it in the plug-in's metrics)`, { field: 'regime', value: regime.name });
    }
  }
  for (const name of declared) {
    if (name in out) {
      out[name] = finite(out[name]);
      continue;
    }
    const metric = metrics.require(name, 'metric');
    if (!metric.compute) throw new InputError(`regime '${regime.name}' declares metric '${name}' but reported no value, and the metric has no compute()`, { field: 'regime', value: regime.name });
    if (!outcome.filters) throw new InputError(`regime '${regime.name}' declares metric '${name}', computed from the filters, but returned no filters (RegimeOutcome.filters)`, { field: 'regime', value: regime.name });
    if (!blocks.trainingSet) throw new InputError(`regime: the ${blocks.engine} engine cannot compute metric '${name}' of regime '${regime.name}': it has no trainingSet building block`, { field: 'regime', value: regime.name });
    const set = blocks.trainingSet();
    out[name] = outcome.diverged ? null : finite(metric.compute({ initial: outcome.filters.initial, final: outcome.filters.final, m: params.m, d: params.d, train: set.data, signalDirection: set.signalDirection, params }));
  }
  return out;
}

/**
 * One run of the run's regime over an engine's building blocks, as a RunResult; the engine adds
 * its name, version and backend. The same regime code runs on every engine with the blocks.
 */
export function runRegime<W>(blocks: EngineBlocks<W>, params: SimParams): Omit<RunResult, 'engine' | 'engineVersion' | 'backend' | 'wallSeconds'> {
  const regime = regimes.require(params.regime, 'regime');
  refuseUnknownMetrics(regime);
  const outcome = regime.run(blocks, params);
  const runMetrics = withDeclaredMetrics(blocks, params, regime, outcome);
  const diverged = divergenceOf(outcome.diverged, runMetrics, outcome.lastPhase, outcome.lastSteps);
  const clean = (c: CurvePoint[]): CurvePoint[] =>
    c.map((p) => ({ step: p.step, trainLoss: finite(p.trainLoss), testError: finite(p.testError), ...(p.testLoss !== undefined ? { testLoss: finite(p.testLoss) } : {}), alignment: finite(p.alignment) }));
  const cleanPre = (c: PretrainPoint[]): PretrainPoint[] =>
    c.map((p) => ({ step: p.step, loss: finite(p.loss), alignment: finite(p.alignment), ...(p.valLoss !== undefined ? { valLoss: finite(p.valLoss) } : {}) }));
  return {
    regime: params.regime,
    params: { ...params },
    metrics: runMetrics,
    curves: { train: clean(outcome.trainCurve), ...(outcome.pretrainCurve ? { pretrain: cleanPre(outcome.pretrainCurve) } : {}) },
    snr: params.snr,
    diverged,
  };
}
