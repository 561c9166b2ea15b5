import { dataModels } from '../components/data-model.js';
import type { SimParams } from '../engine/params.js';
import type { DataSource } from './source.js';

export type { Dataset, DataSource, Split } from './source.js';

/** The data source a run's parameters ask for, from its registered data model (src/components/data/). */
export function dataSourceFor(params: SimParams): DataSource {
  return dataModels.require(params.data, 'data').source(params);
}
