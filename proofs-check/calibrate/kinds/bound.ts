import { claimExprs } from '../../../src/spec/load.js';
import { pointOfRun, inSupport, supportOf, type PlantedModel } from '../planted.js';

/** bound: the metric's mean at the bound (false fail), inside it by the effect (power), beyond it (false pass). */
export const boundModel: PlantedModel<'bound'> = {
  kind: 'bound',
  defaultSpread: (claim) => (supportOf(claim.metric) === 'unit' ? 0.05 : 0.1),
  scenarios({ loaded, claimIndex, claim, spread, effect }) {
    const bound = claimExprs(loaded, claimIndex).get('bound')!;
    const toward = claim.direction === 'at-most' ? -1 : 1;
    const at = (shift: number) => (run: Parameters<typeof pointOfRun>[2], draw: { normal(...l: (string | number)[]): number }) => {
      const b = bound.number(pointOfRun(loaded, claimIndex, run).scope);
      return { [claim.metric]: inSupport(claim.metric, b + shift, spread, draw.normal('run', run.seed, JSON.stringify(run))) };
    };
    return {
      atThreshold: at(0),
      holds: at(toward * effect * spread),
      false: [at(-toward * effect * spread)],
      effect: `mean ${effect} sd (${Number((effect * spread).toPrecision(3))}) inside / beyond the bound, seed sd ${Number(spread.toPrecision(3))}`,
    };
  },
};
