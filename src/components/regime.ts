import type { z } from 'zod';
import type { Dataset } from '../data/source.js';
import type { SimParams } from '../engine/params.js';
import type { CurvePoint, Divergence, PretrainPoint, RunMetrics } from '../engine/result.js';
import { Registry, SHIPPED } from '../registry.js';
import type { ComponentBase } from './component.js';
import { registerComponent } from './register-component.js';

export type Phase = Divergence['phase'];

export interface FitOutcome<W> {
  W: W;
  /** Sampled at the run's curve steps: train loss, test error and loss, alignment. */
  curve: CurvePoint[];
  diverged: Divergence | null;
}

export interface PretrainOutcome<W> {
  W: W;
  curve: PretrainPoint[];
  /** The step of the returned filters (early stopping may return an earlier iterate). */
  stepsUsed: number;
  diverged: Divergence | null;
}

export interface ProbeOutcome {
  /** trainLoss, trainError, testLoss, testError of the probe. */
  metrics: Pick<RunMetrics, 'trainLoss' | 'trainError' | 'testLoss' | 'testError'>;
  curve: CurvePoint[];
  diverged: Divergence | null;
}

/**
 * The building blocks an engine offers to regimes, on first-layer filters W (2m of them, in the
 * engine's own representation). A regime calls only these, so it is written once and runs on every
 * engine that has the blocks it lists in `blocks`. Every block that trains uses the run's optimizer
 * (`optimizer` parameter) for its updates.
 */
export interface EngineBlocks<W = unknown> {
  readonly engine: string;
  /** W(0) from the shared initialisation streams (src/engine/init.ts); `tag` names the stream, e.g. 'supervised'. */
  initialise(tag: string, sigma0: number): W;
  /**
   * Train the two-layer CNN f = F_{+1} - F_{-1} from W0 on the labelled training split's logistic
   * loss; takes ownership of W0. `activation` and `q` select the activation of the network.
   */
  fit(W0: W, options: { phase: 'train' | 'finetune'; eta: number; steps: number; activation: SimParams['activation'] }): FitOutcome<W>;
  /** Train and test loss and error of the CNN at W, and the mean |cos(w_r, signal direction)|. */
  evaluate(W: W, activation: SimParams['activation']): Pick<RunMetrics, 'trainLoss' | 'trainError' | 'testLoss' | 'testError' | 'alignment'>;
  /** Mean |cos(w_r, signal direction)| over the filters. */
  alignment(W: W): number | null;
  /** SimCLR pre-training on the unlabelled split (the run's contrastive parameters); takes ownership of W0. */
  contrastivePretrain?(W0: W): PretrainOutcome<W>;
  /** Pre-trained filters as the supervised network's first layer: split between the classes (seeded), each rescaled to `initNorm` unless null. */
  splitFilters?(W: W, initNorm: number | null): W;
  /** Logistic regression on the frozen embedding of W (standardised on the unlabelled split). */
  linearProbe?(W: W, alignment: number | null): ProbeOutcome;
  /** The filters as 2m x d row-major float64, filter c * m + r = w_{j,r} (j = +1 for c = 0), the order initialise gives; W stays the caller's. */
  toArray?(W: W): Float64Array;
  /** The labelled training split the blocks train on, and the data model's unit signal direction. */
  trainingSet?(): { data: Dataset; signalDirection: Float32Array };
}

export type BlockName = Exclude<keyof EngineBlocks, 'engine'>;

/** What a regime's run returns; the runner adds the common fields of a RunResult. */
export interface RegimeOutcome {
  metrics: RunMetrics;
  /** The supervised phase's curve (training or fine-tuning). */
  trainCurve: CurvePoint[];
  pretrainCurve?: PretrainPoint[];
  diverged: Divergence | null;
  /** The last phase and its planned steps: where a final metric that came out non-finite is reported. */
  lastPhase: Phase;
  lastSteps: number;
  /**
   * The filters at the start and at the end of the last training phase (blocks.toArray), for the
   * metrics the regime declares that have a `compute`: the runner computes those from them.
   */
  filters?: { initial: Float64Array; final: Float64Array };
}

export interface RegimeComponent<Shape extends z.ZodRawShape = z.ZodRawShape> extends ComponentBase<Shape> {
  /** The optional blocks it calls (initialise, fit, evaluate and alignment are always there); an engine without one refuses the regime. */
  readonly blocks: readonly BlockName[];
  /**
   * Registered metrics (beyond the shipped ones) its runs report: each either set in the outcome's
   * `metrics` or computed by the runner from the outcome's `filters` with the metric's `compute`.
   */
  readonly metrics?: readonly string[];
  /** How many unlabelled samples a run draws (data sources set that split aside); 0 when it uses none. */
  unlabeled?(params: SimParams): number;
  /** One run: call the blocks, return the metrics and curves. Must be deterministic given the parameters. */
  run<W>(blocks: EngineBlocks<W>, params: SimParams & z.output<z.ZodObject<Shape>>): RegimeOutcome;
}

export function defineRegime<Shape extends z.ZodRawShape>(component: RegimeComponent<Shape>): RegimeComponent<Shape> {
  return component;
}

export const regimes = new Registry<RegimeComponent>('regime');

export function registerRegime(component: RegimeComponent, origin: string = SHIPPED, version?: string): void {
  registerComponent('regime', regimes, component, origin, version);
}
