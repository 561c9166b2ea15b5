import type { SimParams } from '../../../src/engine/params.js';
import { claimPoint } from '../../../src/spec/evaluate.js';
import { claimExprs } from '../../../src/spec/load.js';
import type { Direction, Metric } from '../../../src/spec/schema.js';
import { pointOfRun, supportOf, type Draws, type PlantedModel } from '../planted.js';

/** A metric value that meets (or misses) a target in a direction, inside the metric's support. */
export function meetsTarget(metric: Metric, target: number, direction: Direction, meets: boolean): number {
  const unit = supportOf(metric) === 'unit';
  const gap = unit && target > 0 && target < 1 ? 0.5 * Math.min(target, 1 - target) : 0.1 * Math.abs(target) + 0.01;
  const below = direction === 'at-most' ? meets : !meets;
  return below ? target - gap : target + gap;
}

/**
 * scaling: per-seed thresholds n*_s(x) = exp(a + (slope + b_s) (log x - mean log x) + e_{s,x})
 * with a seed-specific slope b_s (sd half the spread) and residual e (sd the spread, in log
 * units), the metric meeting its target exactly from n*_s on. Slope at the prediction: false fail
 * and power; at the prediction +- (tolerance + effect * tolerance): false pass.
 */
export const scalingModel: PlantedModel<'scaling'> = {
  kind: 'scaling',
  defaultSpread: () => 0.3,
  scenarios(args) {
    if (args.claim.bound !== undefined) return boundScenarios(args);
    const { loaded, claimIndex, claim, spread, effect } = args;
    const exprs = claimExprs(loaded, claimIndex);
    const predicted = exprs.get('slope')!.number(claimPoint(loaded, claimIndex).scope);
    const logs = claim.along.values.map(Math.log);
    const center = logs.reduce((a, b) => a + b, 0) / logs.length;
    const q = claim.quantity;
    const value = (run: SimParams) => pointOfRun(loaded, claimIndex, run);
    const plant = (slope: number) => (run: SimParams, draw: Draws) => {
      const point = value(run);
      const x = Math.log(Number(point.values[claim.along.param]));
      const s = run.seed;
      const seedSlope = 0.5 * spread * draw.normal('seed-slope', s);
      const residual = spread * draw.normal('residual', s, x);
      if (q.kind === 'threshold') {
        const level = 0.5 * (Math.log(Math.max(q.range[0], 1e-9)) + Math.log(q.range[1]));
        const nStar = Math.exp(level + (slope + seedSlope) * (x - center) + residual);
        const n = Number(point.values[q.param]);
        const target = exprs.get('quantity.target')!.number(point.scope);
        return { [q.metric]: meetsTarget(q.metric, target, q.direction, n >= nStar) };
      }
      const level = supportOf(q.metric) === 'unit' ? Math.log(0.05) : 0;
      const v = Math.exp(level + (slope + seedSlope) * (x - center) + residual);
      return { [q.metric]: supportOf(q.metric) === 'unit' ? Math.min(1, v) : v };
    };
    const off = (claim.tolerance ?? 0) * (1 + effect);
    return {
      atThreshold: plant(predicted),
      holds: plant(predicted),
      false: [plant(predicted - off), plant(predicted + off)],
      effect: `slope ${Number(predicted.toPrecision(3))} (false: ${Number((predicted - off).toPrecision(3))} and ${Number((predicted + off).toPrecision(3))}), log sd ${Number(spread.toPrecision(3))} per point, seed slope sd ${Number((0.5 * spread).toPrecision(3))}`,
    };
  },
};

type ScalingArgs = Parameters<PlantedModel<'scaling'>['scenarios']>[0];

/**
 * scaling with a `bound` (the quantity's median over seeds is at most C at every swept value):
 * per-seed quantities exp(log C + shift + e_{s,x}) with residual sd the spread. Shift 0 puts the
 * median at the bound (false fail); -(1 + effect) * 2 spread below it (power); as far above
 * (false pass).
 */
function boundScenarios({ loaded, claimIndex, claim, spread, effect }: ScalingArgs): ReturnType<PlantedModel<'scaling'>['scenarios']> {
  const exprs = claimExprs(loaded, claimIndex);
  const bound = exprs.get('bound')!.number(claimPoint(loaded, claimIndex).scope);
  const q = claim.quantity;
  const shift = (1 + effect) * 2 * spread;
  const plant = (logShift: number) => (run: SimParams, draw: Draws) => {
    const point = pointOfRun(loaded, claimIndex, run);
    const x = Math.log(Number(point.values[claim.along.param]));
    const v = Math.exp(Math.log(bound) + logShift + spread * draw.normal('residual', run.seed, x));
    if (q.kind === 'threshold') {
      const target = exprs.get('quantity.target')!.number(point.scope);
      return { [q.metric]: meetsTarget(q.metric, target, q.direction, Number(point.values[q.param]) >= v) };
    }
    return { [q.metric]: supportOf(q.metric) === 'unit' ? Math.min(1, v) : v };
  };
  return {
    atThreshold: plant(0),
    holds: plant(-shift),
    false: [plant(shift)],
    effect: `median at the bound ${Number(bound.toPrecision(3))}, and a factor ${Number(Math.exp(shift).toPrecision(3))} below (power) or above (false pass), log sd ${Number(spread.toPrecision(3))} per point`,
  };
}
