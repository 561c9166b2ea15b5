import type { SimParams } from '../../../src/engine/params.js';
import { inSupport, pointOfRun, supportOf, type Draws, type PlantedModel } from '../planted.js';

/**
 * monotone: a metric rising in the claimed direction by the effect at every step (false fail,
 * power), flat, or with a dip (false pass: the claim is false). Seeds share an offset across values.
 */
export const monotoneModel: PlantedModel<'monotone'> = {
  kind: 'monotone',
  defaultSpread: (claim) => (supportOf(claim.metric) === 'unit' ? 0.05 : 0.1),
  scenarios({ loaded, claimIndex, claim, spread, effect }) {
    const values = [...claim.values].sort((a, b) => a - b);
    const sign = claim.direction === 'increasing' ? 1 : -1;
    const step = effect * spread;
    const base = supportOf(claim.metric) === 'unit' ? 0.5 - (sign * step * (values.length - 1)) / 2 : 1 + step * values.length;
    const sim = (run: SimParams) => Number(pointOfRun(loaded, claimIndex, run).values[claim.param]);
    const plant = (level: (k: number) => number) => (run: SimParams, draw: Draws) => {
      const k = values.indexOf(sim(run));
      const z = Math.SQRT1_2 * draw.normal('seed', run.seed) + Math.SQRT1_2 * draw.normal('run', run.seed, k);
      return { [claim.metric]: inSupport(claim.metric, base + sign * level(Math.max(0, k)) * step, spread, z) };
    };
    const last = values.length - 1;
    // The dip: one step against the claim in the middle, the ends still in order.
    const mid = Math.max(1, Math.floor(last / 2));
    return {
      atThreshold: plant((k) => k),
      holds: plant((k) => k),
      false: [plant(() => 0), plant((k) => (k === mid ? k - 2 : k))],
      effect: `${effect} sd (${Number(step.toPrecision(3))}) per step in the claimed direction; false: flat, or one step back by 2 sd${last < 2 ? '' : ` at ${claim.param} = ${values[mid]}`}`,
    };
  },
};
