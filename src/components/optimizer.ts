import type { z } from 'zod';
import { Registry, SHIPPED } from '../registry.js';
import type { ComponentBase } from './component.js';
import { registerComponent } from './register-component.js';

/**
 * Arithmetic on the engine's weight representation (a tensor on the tensor engine). Optimizers
 * are written against these only, so one optimizer runs on every engine that provides them.
 * Values are immutable: each operation returns a new one.
 */
export interface VectorOps<V> {
  add(a: V, b: V): V;
  sub(a: V, b: V): V;
  /** s * a. */
  scale(a: V, s: number): V;
  /** a * b entry by entry. */
  mul(a: V, b: V): V;
  /** sqrt of each entry. */
  sqrt(a: V): V;
  /** a + s entry by entry. */
  addScalar(a: V, s: number): V;
  zerosLike(a: V): V;
  /** <a, b> (a read-back: costs a synchronisation on accelerated engines). */
  dot(a: V, b: V): number;
  /** ||a||_2 (a read-back). */
  norm(a: V): number;
}

export interface OptimizerStep<V> {
  /** Current iterate W(t). */
  readonly weights: V;
  /** Gradient of the phase's training loss at W(t) (already computed for the loss curve). */
  readonly gradient: V;
  /**
   * The gradient of the same loss at any other point (SAM's ascent point, a look-ahead, ...); with
   * `batch` (sample indices in [0, nSamples)), of the mean loss over those samples only.
   */
  gradientAt(weights: V, batch?: Int32Array): V;
  /**
   * How many samples the phase's loss averages over (the labelled training split, or the probe's
   * samples); null for a phase without per-sample batches (SimCLR pre-training, which draws its own pairs).
   */
  readonly nSamples: number | null;
  /** The run's seed and the phase: with `step`, what a seeded batch stream is keyed by (src/components/optimizers/batches.ts). */
  readonly seed: number;
  readonly phase: 'pretrain' | 'train' | 'finetune';
  /** The phase's step size (eta, pretrainEta or finetuneEta). */
  readonly lr: number;
  /** t, from 0. */
  readonly step: number;
  readonly ops: VectorOps<V>;
  /**
   * Optimizer state carried across steps (momentum buffers, ...), empty at the first step of a
   * phase. Set entries to new values; the engine keeps them alive and frees the old ones.
   */
  readonly state: Map<string, V>;
}

/** One optimizer instance per training phase. */
export interface Optimizer {
  /** W(t+1). */
  step<V>(input: OptimizerStep<V>): V;
}

export interface OptimizerComponent<Shape extends z.ZodRawShape = z.ZodRawShape> extends ComponentBase<Shape> {
  /**
   * True when every update is a linear combination of the weights, gradients and state built the
   * same way (it calls only ops add, sub, scale, zerosLike, dot, norm; the coefficients may depend
   * on dot and norm): the filters then stay in span{W(0), mu, xi_1..xi_n} and the exact engine runs
   * it. Gradient descent, heavy-ball momentum, SAM, weight decay are; Adam (mul, sqrt) is not.
   * Default false (the exact engine refuses it).
   */
  readonly spanPreserving?: boolean;
  /** An optimizer for one phase from the run's values of this component's parameters. */
  create(params: z.output<z.ZodObject<Shape>>): Optimizer;
}

/** Typed constructor: `export const sam = defineOptimizer({ name: 'sam', description, params: z.object({ rho: ... }), create })`. */
export function defineOptimizer<Shape extends z.ZodRawShape>(component: OptimizerComponent<Shape>): OptimizerComponent<Shape> {
  return component;
}

export const optimizers = new Registry<OptimizerComponent>('optimizer');

export function registerOptimizer(component: OptimizerComponent, origin: string = SHIPPED, version?: string): void {
  registerComponent('optimizer', optimizers, component, origin, version);
}
