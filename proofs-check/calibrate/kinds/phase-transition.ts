import type { SimParams } from '../../../src/engine/params.js';
import { claimExprs } from '../../../src/spec/load.js';
import { claimPoint } from '../../../src/spec/evaluate.js';
import { pointOfRun, type Draws, type PlantedModel } from '../planted.js';
import { meetsTarget } from './scaling.js';

/**
 * phase-transition: success exactly where the claim's boundary is positive (constants at their
 * defaults), each run flipped with probability `spread`: false fail and power. False: a boundary
 * in x alone or y alone (split at the grid's middle, oriented to agree best with the claim's), a
 * wrong exponent that still agrees with much of a coarse grid: false pass.
 */
export const phaseTransitionModel: PlantedModel<'phase-transition'> = {
  kind: 'phase-transition',
  defaultSpread: () => 0.1,
  scenarios({ loaded, claimIndex, claim, spread }) {
    const exprs = claimExprs(loaded, claimIndex);
    const boundary = exprs.get('boundary')!;
    const xs = [...claim.x.values].sort((a, b) => a - b);
    const ys = [...claim.y.values].sort((a, b) => a - b);
    const truth = (x: number, y: number) => boundary.number(claimPoint(loaded, claimIndex, { [claim.x.param]: x, [claim.y.param]: y }).scope) > 0;
    const split = (axis: 'x' | 'y') => {
      const values = axis === 'x' ? xs : ys;
      const cut = values[Math.floor(values.length / 2)];
      let agree = 0;
      for (const x of xs) for (const y of ys) agree += Number(truth(x, y) === ((axis === 'x' ? x : y) >= cut));
      const upper = agree * 2 >= xs.length * ys.length;
      return (x: number, y: number) => ((axis === 'x' ? x : y) >= cut) === upper;
    };
    const plant = (success: (x: number, y: number) => boolean) => (run: SimParams, draw: Draws) => {
      const point = pointOfRun(loaded, claimIndex, run);
      const x = Number(point.values[claim.x.param]);
      const y = Number(point.values[claim.y.param]);
      const flip = draw.uniform('flip', run.seed, x, y) < spread;
      const target = exprs.get('success.threshold')!.number(point.scope);
      return { [claim.metric]: meetsTarget(claim.metric, target, claim.success.direction, success(x, y) !== flip) };
    };
    return {
      atThreshold: plant(truth),
      holds: plant(truth),
      false: [plant(split('x')), plant(split('y'))],
      effect: `the claim's boundary with ${Math.round(spread * 100)}% of runs flipped; false: a boundary in ${claim.x.param} alone or ${claim.y.param} alone`,
    };
  },
};
