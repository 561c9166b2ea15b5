import fc from 'fast-check';
import type { Region } from '../src/spec/schema.js';
import type { LoadedSpec } from '../src/spec/load.js';
import type { Overrides, Value } from '../src/spec/evaluate.js';

/** Grid values per continuous axis: points are drawn on a grid so that runs are shared and cacheable. */
export const AXIS_GRID: number = 17;

/** The discrete values an axis may take, smallest first (so that shrinking moves towards small, cheap points). */
export function axisValues(loaded: LoadedSpec, name: string, axis: Region[string]): Value[] {
  if ('values' in axis) return [...axis.values];
  const [lo, hi] = axis.range;
  const isInt = loaded.spec.parameters.find((p) => p.name === name)?.type === 'int';
  const out: number[] = [];
  for (let i = 0; i < AXIS_GRID; i++) {
    const t = AXIS_GRID === 1 ? 0 : i / (AXIS_GRID - 1);
    let v = axis.scale === 'log' ? lo * Math.pow(hi / lo, t) : lo + (hi - lo) * t;
    v = isInt ? Math.round(v) : Number(v.toPrecision(6));
    if (out[out.length - 1] !== v) out.push(v);
  }
  return out;
}

/** An arbitrary of points of a region: one grid index per axis; fast-check shrinks indices towards 0. */
export function regionArbitrary(loaded: LoadedSpec, region: Region): fc.Arbitrary<Record<string, Value>> {
  const axes = Object.entries(region).map(([name, axis]) => [name, axisValues(loaded, name, axis)] as const);
  const record: Record<string, fc.Arbitrary<number>> = {};
  for (const [name, values] of axes) record[name] = fc.integer({ min: 0, max: values.length - 1 });
  return fc.record(record).map((idx) => {
    const point: Record<string, Value> = {};
    for (const [name, values] of axes) point[name] = values[idx[name]];
    return point;
  });
}

export type PointOutcome = 'pass' | 'fail' | 'inconclusive';

export interface SearchOptions {
  seed: number;
  /** Points to accept (fast-check numRuns). */
  points: number;
  maxShrinks: number;
  /** Whether a drawn point lies where the claim applies (assumptions and hypothesis); pure, no runs. */
  accept(overrides: Overrides): boolean;
}

export interface SearchResult<R> {
  /** Every accepted point with its evaluation, in the order drawn (shrink candidates included). */
  evaluated: { overrides: Overrides; outcome: PointOutcome; record: R; shrink: boolean }[];
  drawn: number;
  accepted: number;
  /** The smallest failing point fast-check reached, with the number of successful shrinks. */
  counterexample: { overrides: Overrides; record: R; shrinkSteps: number } | null;
}

function params(opts: SearchOptions) {
  // A draw is skipped (fc.pre) outside the claim's region of validity; allow many skips before giving up.
  return { seed: opts.seed | 0, numRuns: opts.points, maxSkipsPerRun: 50, endOnFailure: false } as const;
}

/** The points a search will evaluate before any failure: the plan. Same seed, same points as searchRegion. */
export function planRegion(loaded: LoadedSpec, region: Region, opts: SearchOptions): Overrides[] {
  const points: Overrides[] = [];
  fc.check(
    fc.property(regionArbitrary(loaded, region), (point) => {
      fc.pre(opts.accept(point));
      points.push(point);
      return true;
    }),
    params(opts),
  );
  return points;
}

/**
 * Property-based search: draw points, evaluate each (runs happen inside `evaluate`), and on a
 * failure let fast-check shrink to a smaller failing point. Shrinking is capped at maxShrinks
 * evaluations; past that, candidates are not run and count as not failing, so the last real
 * failure found is the counterexample.
 */
export async function searchRegion<R>(
  loaded: LoadedSpec,
  region: Region,
  opts: SearchOptions,
  evaluate: (overrides: Overrides) => Promise<{ outcome: PointOutcome; record: R }>,
): Promise<SearchResult<R>> {
  const evaluated: SearchResult<R>['evaluated'] = [];
  let drawn = 0;
  let accepted = 0;
  let failing: { overrides: Overrides; record: R } | null = null;
  let shrinkEvaluations = 0;
  let shrinkSteps = -1;
  const details = await fc.check(
    fc.asyncProperty(regionArbitrary(loaded, region), async (point) => {
      const shrinking = failing !== null;
      if (!shrinking) drawn++;
      fc.pre(opts.accept(point));
      if (shrinking) {
        if (shrinkEvaluations >= opts.maxShrinks) return true;
        shrinkEvaluations++;
      } else {
        accepted++;
      }
      const { outcome, record } = await evaluate(point);
      evaluated.push({ overrides: point, outcome, record, shrink: shrinking });
      if (outcome === 'fail') {
        failing = { overrides: point, record };
        shrinkSteps++;
        return false;
      }
      return true;
    }),
    params(opts),
  );
  const found = failing as { overrides: Overrides; record: R } | null;
  return {
    evaluated,
    drawn,
    accepted,
    counterexample: details.failed && found ? { ...found, shrinkSteps: Math.max(0, shrinkSteps) } : null,
  };
}
