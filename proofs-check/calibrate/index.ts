import type { ClaimKind } from '../../src/spec/schema.js';
import type { PlantedModel } from './planted.js';
import { boundModel } from './kinds/bound.js';
import { comparisonModel } from './kinds/comparison.js';
import { invariantModel } from './kinds/invariant.js';
import { monotoneModel } from './kinds/monotone.js';
import { phaseTransitionModel } from './kinds/phase-transition.js';
import { scalingModel } from './kinds/scaling.js';

/** One planted model per claim kind; a new kind is a new file in kinds/ and a line here. */
const MODELS: { [K in ClaimKind]: PlantedModel<K> } = {
  bound: boundModel,
  comparison: comparisonModel,
  scaling: scalingModel,
  'phase-transition': phaseTransitionModel,
  monotone: monotoneModel,
  invariant: invariantModel,
};

/** The planted model of a kind, or undefined for a kind a plug-in added (it brings no planted truths). */
export function plantedModelFor(kind: string): PlantedModel | undefined {
  return (MODELS as Record<string, unknown>)[kind] as PlantedModel | undefined;
}
