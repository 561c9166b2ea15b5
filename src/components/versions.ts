import { createHash } from 'node:crypto';
import type { SimParams } from '../engine/params.js';
import { dataModels } from './data-model.js';
import { metrics } from './metric.js';
import { optimizers } from './optimizer.js';
import { regimes } from './regime.js';

/**
 * One hash of the code of the plug-in components a run uses (its data model, optimizer, regime and
 * the metrics the regime declares), from their plug-ins' content hashes; undefined when every one
 * is shipped (the engine version covers those). Part of the run's cache key, so editing a plug-in
 * (say, how its metric is computed) never reuses runs cached with the old code.
 */
export function pluginComponentsHash(params: Pick<SimParams, 'data' | 'optimizer' | 'regime'>): string | undefined {
  const parts: string[] = [];
  const add = (sort: string, name: string, version: string | undefined) => {
    if (version !== undefined) parts.push(`${sort}\0${name}\0${version}`);
  };
  add('data', params.data, dataModels.version(params.data));
  add('optimizer', params.optimizer, optimizers.version(params.optimizer));
  add('regime', params.regime, regimes.version(params.regime));
  for (const name of regimes.get(params.regime)?.metrics ?? []) add('metric', name, metrics.version(name));
  return parts.length === 0 ? undefined : createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 32);
}
