import { registerChecker } from '../../proofs-check/registry.js';
import { registerDataModel } from '../components/data-model.js';
import { registerMetric } from '../components/metric.js';
import { registerOptimizer } from '../components/optimizer.js';
import { registerRegime } from '../components/regime.js';
import { registerEngine, type Engine } from '../engine/engine.js';
import { registerFormat } from '../report/formats/registry.js';
import { InputError } from '../util/errors.js';
import type { Plugin } from './define.js';

/**
 * Register every component of a plug-in; `origin` (its file) names it in duplicate-name errors.
 * An engine's version gains the plug-in's content hash, so runs of two versions of a plug-in engine
 * never share a cache key.
 */
export function registerPlugin(plugin: Plugin, origin: string, contentHash: string): void {
  const where = `${origin} (plug-in ${JSON.stringify(plugin.name)})`;
  for (const [i, checker] of (plugin.checkers ?? []).entries()) {
    if (!checker || typeof checker.plan !== 'function' || typeof checker.decide !== 'function') {
      throw new InputError(`${where}: checkers[${i}] needs a kind, plan() and decide()`, { file: origin, field: `checkers[${i}]` });
    }
    registerChecker(checker, where);
  }
  for (const [i, format] of (plugin.formats ?? []).entries()) {
    if (!format || typeof format.render !== 'function' || typeof format.file !== 'string') {
      throw new InputError(`${where}: formats[${i}] needs a name, a file and render()`, { file: origin, field: `formats[${i}]` });
    }
    registerFormat(format, where);
  }
  const components = [
    ['dataModels', plugin.dataModels, registerDataModel, 'source'],
    ['optimizers', plugin.optimizers, registerOptimizer, 'create'],
    ['regimes', plugin.regimes, registerRegime, 'run'],
  ] as const;
  // Metrics first: a regime may declare the plug-in's own metrics.
  for (const [i, metric] of (plugin.metrics ?? []).entries()) {
    if (!metric || typeof metric.name !== 'string') throw new InputError(`${where}: metrics[${i}] needs a name, a preference and a range`, { file: origin, field: `metrics[${i}]` });
    registerMetric(metric, where, contentHash);
  }
  for (const [list, entries, register, method] of components) {
    for (const [i, component] of (entries ?? []).entries()) {
      if (!component || typeof component.name !== 'string' || typeof (component as unknown as Record<string, unknown>)[method] !== 'function') {
        throw new InputError(`${where}: ${list}[${i}] needs a name, params (a zod object) and ${method}()`, { file: origin, field: `${list}[${i}]` });
      }
      (register as (c: unknown, origin: string, version: string) => void)(component, where, contentHash);
    }
  }
  for (const [name, factory] of Object.entries(plugin.engines ?? {})) {
    if (typeof factory !== 'function') throw new InputError(`${where}: engines.${name} must be a function returning the engine`, { file: origin, field: `engines.${name}` });
    registerEngine(
      name,
      async (): Promise<Engine> => {
        const engine = await factory();
        const version = `${engine.version}+plugin.${contentHash.slice(0, 16)}`;
        return { name: engine.name, version, validate: (p) => engine.validate(p), run: (p, hooks) => engine.run(p, hooks) };
      },
      where,
    );
  }
}
