import { assumptionsHold, claimAssumptions, claimPoint, hypothesisAt, type Overrides, type PointEvaluation, type Value } from './evaluate.js';
import { InputError } from '../util/errors.js';
import { claimExprs, type LoadedSpec } from './load.js';
import type { Claim, Region } from './schema.js';

/**
 * Where a claim can be tested, judged from the spec alone: how many of the points its checker may
 * visit satisfy its assumptions and hypothesis. A claim that applies nowhere, a scaling claim with fewer
 * than two usable sweep values or a phase diagram whose predicted boundary does not cross its grid
 * cannot be checked: lint warns about them before any simulation is spent.
 */
export interface ClaimCoverage {
  /** Points considered: region grid, sweep values, or phase-diagram cells. */
  total: number;
  /** Points where every assumption of the claim and its hypothesis hold. */
  applicable: number;
  /** How many points each failing assumption (or 'hypothesis') excluded. */
  blockedBy: Record<string, number>;
  /** Phase transitions: applicable cells predicted to succeed and to fail. */
  predicted?: { success: number; failure: number };
  /** Problems that make the claim untestable as written. */
  warnings: string[];
}

/** Grid points per continuous region axis (the checkers may use a finer grid; coverage only needs a sketch). */
const AXIS_POINTS = 7;
const MAX_POINTS = 5000;

function axisSketch(loaded: LoadedSpec, name: string, axis: Region[string]): Value[] {
  if ('values' in axis) return [...axis.values];
  const [lo, hi] = axis.range;
  const isInt = loaded.spec.parameters.find((p) => p.name === name)?.type === 'int';
  const out = new Set<number>();
  for (let i = 0; i < AXIS_POINTS; i++) {
    const t = i / (AXIS_POINTS - 1);
    const v = axis.scale === 'log' ? lo * Math.pow(hi / lo, t) : lo + (hi - lo) * t;
    out.add(isInt ? Math.round(v) : v);
  }
  return [...out];
}

function grid(axes: [string, readonly Value[]][]): Overrides[] {
  let points: Overrides[] = [{}];
  for (const [name, values] of axes) {
    points = points.flatMap((p) => values.map((v) => ({ ...p, [name]: v })));
    if (points.length > MAX_POINTS) return points.slice(0, MAX_POINTS);
  }
  return points;
}

function blockers(loaded: LoadedSpec, claim: Claim, index: number, point: PointEvaluation): string[] {
  const ids = new Set(claimAssumptions(loaded, claim));
  const out = point.assumptions.filter((a) => ids.has(a.id) && !a.holds).map((a) => a.id);
  const h = hypothesisAt(loaded, index, point);
  if (h && !h.holds) out.push('hypothesis');
  return out;
}

/** `base`: values (e.g. from --set) under every point; the point's own coordinates win. */
export function claimCoverage(loaded: LoadedSpec, index: number, base: Overrides = {}): ClaimCoverage {
  const claim = loaded.spec.claims[index];
  const blockedBy: Record<string, number> = {};
  const warnings: string[] = [];
  let applicable = 0;
  // A point applies when it applies on every side (comparisons run both regimes at it).
  const sides: ('better' | 'worse' | undefined)[] = claim.kind === 'comparison' ? ['better', 'worse'] : [undefined];
  const invalid = new Set<string>();
  const at = (overrides: Overrides): { point: PointEvaluation | null; blocked: Set<string> } => {
    let first: PointEvaluation | null = null;
    const blocked = new Set<string>();
    for (const side of sides) {
      let point: PointEvaluation;
      try {
        point = claimPoint(loaded, index, { ...base, ...overrides }, side);
      } catch (error) {
        // A coupling or a side's set that leaves a parameter's range: the point cannot be run at all.
        if (!(error instanceof InputError)) throw error;
        invalid.add(`at ${JSON.stringify(overrides)}: ${error.message}`);
        blocked.add('invalid point');
        continue;
      }
      first ??= point;
      for (const b of blockers(loaded, claim, index, point)) blocked.add(b);
    }
    return { point: first, blocked };
  };
  const tally = (r: { point: PointEvaluation | null; blocked: Set<string> }): PointEvaluation | null => {
    for (const b of r.blocked) blockedBy[b] = (blockedBy[b] ?? 0) + 1;
    if (r.blocked.size > 0) return null;
    applicable++;
    return r.point;
  };
  const check = (overrides: Overrides) => tally(at(overrides));

  let total = 0;
  let predicted: ClaimCoverage['predicted'];
  switch (claim.kind) {
    case 'bound':
    case 'comparison':
    case 'invariant': {
      const points = grid(Object.entries(claim.region ?? {}).map(([n, a]) => [n, axisSketch(loaded, n, a)]));
      total = points.length;
      points.forEach(check);
      break;
    }
    case 'monotone': {
      total = claim.values.length;
      claim.values.forEach((v) => check({ [claim.param]: v }));
      if (applicable < 2) warnings.push(`only ${applicable} of its ${total} values apply; a trend needs two`);
      break;
    }
    case 'scaling': {
      total = claim.along.values.length;
      for (const v of claim.along.values) {
        if (claim.quantity.kind === 'metric') {
          check({ [claim.along.param]: v });
          continue;
        }
        // The searched parameter moves over its range; the sweep point is usable if some of that range applies.
        const [lo, hi] = claim.quantity.range;
        const param = claim.quantity.param;
        const isInt = loaded.spec.parameters.find((p) => p.name === param)?.type === 'int';
        const candidates = [hi, Math.sqrt(lo * hi), lo].map((x) => (isInt ? Math.round(x) : x));
        const tried = candidates.map((c) => at({ [claim.along.param]: v, [param]: c }));
        tally(tried.find((r) => r.blocked.size === 0) ?? tried[0]);
      }
      if (applicable < 2) warnings.push(`only ${applicable} of its ${total} sweep values apply; a slope needs two`);
      break;
    }
    case 'phase-transition': {
      const boundary = claimExprs(loaded, index).get('boundary')!;
      const cells = grid([
        [claim.x.param, claim.x.values],
        [claim.y.param, claim.y.values],
      ]);
      total = cells.length;
      predicted = { success: 0, failure: 0 };
      for (const cell of cells) {
        const point = check(cell);
        if (!point) continue;
        const b = boundary.number(point.scope);
        if (b > 0) predicted.success++;
        else if (b < 0) predicted.failure++;
      }
      if (applicable > 0 && (predicted.success === 0 || predicted.failure === 0)) {
        warnings.push(`the predicted boundary does not cross the grid (${predicted.success} cells predicted to succeed, ${predicted.failure} to fail)`);
      }
      break;
    }
  }
  if (total > 0 && applicable === 0) {
    const why = Object.entries(blockedBy).map(([k, n]) => `${k} (${n})`).join(', ');
    warnings.unshift(`applies at none of its ${total} points (excluded by ${why})`);
  }
  for (const message of [...invalid].slice(0, 3)) warnings.push(`invalid point ${message}`);
  return { total, applicable, blockedBy, ...(predicted ? { predicted } : {}), warnings };
}
