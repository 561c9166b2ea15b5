import type { Dataset } from '../data/source.js';
import type { SimParams } from '../engine/params.js';
import { Registry, SHIPPED } from '../registry.js';
import { InputError } from '../util/errors.js';

/**
 * What a metric's `compute` reads: the first-layer filters at the start and at the end of the
 * regime's last training phase (2m x d, row-major, filter c * m + r is w_{j,r} with j = +1 for
 * c = 0 and j = -1 for c = 1: the order initialise gives), the training set it trained on, and the
 * data model's unit signal direction.
 */
export interface FilterReading {
  readonly initial: Float64Array;
  readonly final: Float64Array;
  readonly m: number;
  readonly d: number;
  readonly train: Dataset;
  readonly signalDirection: Float32Array;
  readonly params: SimParams;
}

/**
 * A number a claim can read off a run (`metric: '<name>'`). The shipped ones are measured by every
 * engine; a plug-in's is either computed from the filters (`compute`) or put into
 * `RegimeOutcome.metrics` by the regimes that declare it in their `metrics`.
 */
export interface MetricComponent {
  readonly name: string;
  /** One line for help and docs. */
  readonly description: string;
  /** Which way is better: a comparison's margin is measured in that direction; readAt 'best' picks that extreme. */
  readonly preference: 'lower' | 'higher';
  /**
   * Where the per-seed values lie ([lo, hi], either end may be infinite), or null for anywhere.
   * It picks the rule (src/stats/mean-bound.ts): bounded on both sides, the betting confidence sequence;
   * on one side only, the skew-robust t (arm-wise for differences); null, Student t.
   */
  readonly range: readonly [number, number] | null;
  /** LaTeX symbol for statements, figure axes and tables (default: the name upright). */
  readonly tex?: string;
  /** The value from the run's filters; null when it cannot be measured. Only regimes that list the metric call it. */
  compute?(reading: FilterReading): number | null;
}

/** Typed constructor: `export const rho = defineMetric({ name: 'noiseMemorisation', preference: 'lower', range: null, tex: '\\bar\\rho', description, compute })`. */
export function defineMetric(component: MetricComponent): MetricComponent {
  return component;
}

export const metrics = new Registry<MetricComponent>('metric');

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function registerMetric(component: MetricComponent, origin: string = SHIPPED, version?: string): void {
  const where = `${origin}: metric '${component.name}'`;
  if (typeof component.name === 'string' && !IDENT.test(component.name)) {
    throw new InputError(`${where}: name must be an identifier (letters, digits and _, not starting with a digit)`, { file: origin, field: 'name', value: component.name });
  }
  if (component.preference !== 'lower' && component.preference !== 'higher') {
    throw new InputError(`${where}: preference must be 'lower' or 'higher' (got ${JSON.stringify(component.preference)})`, { file: origin, field: 'preference', value: component.preference });
  }
  const r = component.range;
  if (r !== null && !(Array.isArray(r) && r.length === 2 && r.every((x) => typeof x === 'number' && !Number.isNaN(x)) && r[0] <= r[1])) {
    throw new InputError(`${where}: range must be null or [lo, hi] with lo <= hi (got ${JSON.stringify(r)})`, { file: origin, field: 'range', value: r });
  }
  if (component.compute !== undefined && typeof component.compute !== 'function') {
    throw new InputError(`${where}: compute must be a function of the filter reading`, { file: origin, field: 'compute' });
  }
  metrics.register(component.name, component, origin, version);
}

/** The names a claim may use, shipped first. */
export function metricNames(): string[] {
  return metrics.names();
}

export function metricPreference(name: string): 'lower' | 'higher' {
  return metrics.get(name)?.preference ?? 'lower';
}

/** Where a metric's values lie; an unknown metric or a null range is the whole line. */
export function metricRange(name: string): readonly [number, number] {
  return metrics.get(name)?.range ?? [-Infinity, Infinity];
}

/** A metric's TeX symbol; a name without one is set upright. */
export function metricTex(name: string): string {
  return metrics.get(name)?.tex ?? `\\mathrm{${name}}`;
}
