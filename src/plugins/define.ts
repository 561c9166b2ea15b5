import type { RegisteredChecker } from '../../proofs-check/registry.js';
import type { DataModelComponent } from '../components/data-model.js';
import type { MetricComponent } from '../components/metric.js';
import type { OptimizerComponent } from '../components/optimizer.js';
import type { RegimeComponent } from '../components/regime.js';
import type { EngineFactory } from '../engine/engine.js';
import type { OutputFormat } from '../report/formats/format.js';

/** What a plug-in module default-exports: components registered under their own names. */
export interface PluginDefinition {
  /** The plug-in's name, for messages. */
  readonly name: string;
  /** Checkers of new claim kinds (each registered under its `kind`). */
  readonly checkers?: readonly RegisteredChecker[];
  /** Output formats (each registered under its `name`). */
  readonly formats?: readonly OutputFormat[];
  /** Data models (each selected by `data: '<name>'`). */
  readonly dataModels?: readonly DataModelComponent<any>[];
  /** Optimizers (each selected by `optimizer: '<name>'`). */
  readonly optimizers?: readonly OptimizerComponent<any>[];
  /** Training regimes (each selected by `regime: '<name>'`). */
  readonly regimes?: readonly RegimeComponent<any>[];
  /** Metrics a claim may name (`metric: '<name>'`); computed from the filters or reported by the regimes that declare them. */
  readonly metrics?: readonly MetricComponent[];
  /** Engines by name. */
  readonly engines?: Readonly<Record<string, EngineFactory>>;
}

/** Marks a plugin definition, so a loader can tell it from any other default export. */
export const PLUGIN_MARK = 'theorem-harness-plugin';

export type Plugin = PluginDefinition & { readonly [PLUGIN_MARK]: true };

/**
 * Typed constructor for a plug-in module: `export default definePlugin({ name, checkers, formats })`.
 * It only describes components; the harness registers them when a spec lists the module in `plugins`,
 * in the main thread and in every worker.
 */
export function definePlugin(definition: PluginDefinition): Plugin {
  return { ...definition, [PLUGIN_MARK]: true };
}

export function isPlugin(value: unknown): value is Plugin {
  return typeof value === 'object' && value !== null && (value as Record<string, unknown>)[PLUGIN_MARK] === true;
}
