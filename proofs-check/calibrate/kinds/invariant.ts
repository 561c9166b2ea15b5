import type { PlantedModel } from '../planted.js';

/**
 * invariant: the checker evaluates the predicate at every recorded step of every trajectory, an
 * exhaustive and deterministic check with no sampling error to calibrate; no planted model.
 */
export const invariantModel: PlantedModel<'invariant'> = {
  kind: 'invariant',
  defaultSpread: () => 0,
  scenarios: () => null,
};
