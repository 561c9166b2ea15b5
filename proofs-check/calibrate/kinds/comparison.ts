import { metricPreference } from '../../../src/components/metric.js';
import type { SimParams } from '../../../src/engine/params.js';
import { inSupport, supportOf, type Draws, type PlantedModel, type PlantSetup } from '../planted.js';

/** Which arm a run belongs to: by regime when the arms differ in it, else by the parameters the arms set. */
function armOf(setup: PlantSetup<'comparison'>): (run: SimParams) => 'better' | 'worse' {
  const { claim, loaded } = setup;
  if (claim.better.regime !== claim.worse.regime) return (run) => (run.regime === claim.better.regime ? 'better' : 'worse');
  const sims = new Map(loaded.spec.parameters.map((p) => [p.name, p.sim] as const));
  const own = Object.entries(claim.better.set ?? {}).filter(([k]) => sims.get(k));
  return (run) => (own.every(([k, v]) => (run as unknown as Record<string, unknown>)[sims.get(k)!] === v) ? 'better' : 'worse');
}

/**
 * comparison: the arms' difference exactly at the margin (false fail), beyond it by the effect
 * (power), short of it by the effect (false pass); the two arms of a seed share half their noise
 * (paired runs see the same data).
 */
export const comparisonModel: PlantedModel<'comparison'> = {
  kind: 'comparison',
  defaultSpread: (claim) => (supportOf(claim.metric) === 'unit' ? 0.05 : 0.1),
  scenarios(setup) {
    const { claim, spread, effect } = setup;
    const arm = armOf(setup);
    const lowerBetter = metricPreference(claim.metric) === 'lower';
    const base = supportOf(claim.metric) === 'unit' ? 0.3 : 1;
    const at = (extra: number) => (run: SimParams, draw: Draws) => {
      // gap: how far better beats worse, in the metric's good direction.
      const gap = claim.margin + extra;
      const side = arm(run);
      const mean = side === 'worse' ? base : lowerBetter ? base - gap : base + gap;
      const z = Math.SQRT1_2 * draw.normal('seed', run.seed) + Math.SQRT1_2 * draw.normal('run', run.seed, side, JSON.stringify({ ...run, regime: null }));
      return { [claim.metric]: inSupport(claim.metric, mean, spread, z) };
    };
    return {
      atThreshold: at(0),
      holds: at(effect * spread),
      false: [at(-effect * spread)],
      effect: `difference ${effect} sd (${Number((effect * spread).toPrecision(3))}) beyond / short of the margin, seed sd ${Number(spread.toPrecision(3))} per arm`,
    };
  },
};
