/**
 * The public API of the `theorem-harness` package: what a spec module or a plug-in module imports.
 * Everything else under dist/ is internal and may change without notice.
 */

/** The zod the spec schema is built with, for a plug-in checker's claim schema. */
export { z } from 'zod';

// Specs
export { defineSpec, type Spec, type SpecInput, type Claim, type ClaimKind, type ClaimOf, type PluginClaim, type PluginClaimInput, CLAIM_KINDS } from './spec/schema.js';
export { loadSpec, validateSpec, compileInSpec, exprAt, claimExprs, type LoadedSpec } from './spec/load.js';
export { evaluatePoint, claimPoint, type PointEvaluation } from './spec/evaluate.js';

// Plug-ins and the component registries
export { definePlugin, isPlugin, type Plugin, type PluginDefinition } from './plugins/define.js';
export { Registry, SHIPPED } from './registry.js';
export { checkers, registerChecker, type PluginChecker, type PluginCheckContext, type RegisteredChecker } from '../proofs-check/registry.js';
export { formats, registerFormat } from './report/formats/registry.js';
export { engines, registerEngine, getEngine, type Engine, type EngineFactory, type RunHooks } from './engine/engine.js';

// Setting components: data models, optimizers, training regimes (each selected by a run parameter)
export { defineDataModel, dataModels, registerDataModel, type DataModelComponent } from './components/data-model.js';
export { defineOptimizer, optimizers, registerOptimizer, type Optimizer, type OptimizerComponent, type OptimizerStep, type VectorOps } from './components/optimizer.js';
export { defineRegime, regimes, registerRegime, type RegimeComponent, type RegimeOutcome, type EngineBlocks, type BlockName, type FitOutcome, type PretrainOutcome, type ProbeOutcome, type Phase } from './components/regime.js';
export { miniBatch } from './components/optimizers/batches.js';
export { defineMetric, metrics, registerMetric, metricNames, metricPreference, metricRange, metricTex, type MetricComponent, type FilterReading } from './components/metric.js';
export { COMPONENT_SORTS, type ComponentBase, type ComponentSort } from './components/component.js';
export type { Dataset, DataSource, Split } from './data/source.js';
export { SyntheticSource, sampleLabels, sampleNoise, NoiseStream, type DataModel } from './data/synthetic.js';
export { Rng } from './util/rng.js';

// Component interfaces
export type { Checker, Decision } from '../proofs-check/checker.js';
export { runParams, seedRuns, metricOf, meets, pointLabel, fmt, type CheckContext, type RunSource } from '../proofs-check/context.js';
export type { OutputFormat, FormatContext } from './report/formats/format.js';
export type { ReportModel } from './report/model.js';

// Run parameters and results
export { resolveParams, runParamsSchema, paramKeys, type SimParams, type SimParamsInput } from './engine/params.js';
export type { RunResult, RunMetrics } from './engine/result.js';
export { Results, ClaimResult, VERDICTS, type Verdict, type Statistic, type Figure } from '../proofs-check/results.js';

// Running a check from code
export { runCheck, type CheckOptions } from './check/run-check.js';
export { InputError } from './util/errors.js';
