import { InputError } from '../util/errors.js';
import type { SimParamsInput } from '../engine/params.js';
import type { Scope } from './expr.js';
import { claimExprs, exprAt, type LoadedSpec } from './load.js';
import type { Claim, Parameter } from './schema.js';

import type { Value } from './set-args.js';

export type { Value };
export { parseSetArgs } from './set-args.js';
export type Overrides = Readonly<Record<string, Value>>;

export interface AssumptionStatus {
  id: string;
  holds: boolean;
  /** Positive when it holds: the distance of the comparison from its threshold; NaN when not a comparison. */
  margin: number;
}

export interface PointEvaluation {
  /** Parameters (numbers and enum strings), constants and derived values, in spec order. */
  values: Record<string, Value>;
  /** The numeric part of values: the scope for claim expressions. */
  scope: Scope;
  assumptions: AssumptionStatus[];
}

function fail(problem: string, field: string, value: unknown): never {
  throw new InputError(problem, { field, value });
}

function checkParamValue(p: Parameter, v: Value): Value {
  if (p.type === 'enum') {
    if (!p.values.includes(String(v))) fail(`${p.name}: must be one of ${p.values.join(', ')} (got ${v})`, p.name, v);
    return String(v);
  }
  const x = typeof v === 'number' ? v : Number(v);
  if (typeof v === 'string' && v.trim() === '') fail(`${p.name}: must be a number (got an empty value)`, p.name, v);
  if (!Number.isFinite(x)) fail(`${p.name}: must be a finite number (got ${v})`, p.name, v);
  if (p.type === 'int' && !Number.isInteger(x)) fail(`${p.name}: must be an integer (got ${v})`, p.name, v);
  if (p.range && (x < p.range[0] || x > p.range[1])) fail(`${p.name}: must lie in [${p.range[0]}, ${p.range[1]}] (got ${v})`, p.name, v);
  return x;
}

/**
 * Evaluate a spec at a point: defaults, then overrides (parameters or constants; derived names are
 * computed and cannot be set), then derived values in order, then every assumption.
 * Throws InputError for an unknown name or a value outside its parameter's range.
 */
export function evaluatePoint(loaded: LoadedSpec, overrides: Overrides = {}): PointEvaluation {
  const { spec } = loaded;
  const params = new Map(spec.parameters.map((p) => [p.name, p] as const));
  const constants = new Map(spec.constants.map((c) => [c.name, c] as const));
  for (const name of Object.keys(overrides)) {
    if (params.has(name) || constants.has(name)) continue;
    if (spec.derived.some((d) => d.name === name)) fail(`${name}: a derived quantity cannot be set; set the parameters it is computed from`, name, overrides[name]);
    fail(`${name}: not a parameter or constant of spec ${spec.id} (known: ${[...params.keys(), ...constants.keys()].join(', ')})`, name, overrides[name]);
  }
  const values: Record<string, Value> = {};
  const scope: Record<string, number> = {};
  for (const p of spec.parameters) {
    const has = Object.prototype.hasOwnProperty.call(overrides, p.name);
    const v = has ? checkParamValue(p, overrides[p.name]) : p.default;
    values[p.name] = v;
    if (typeof v === 'number') scope[p.name] = v;
  }
  for (const c of spec.constants) {
    const has = Object.prototype.hasOwnProperty.call(overrides, c.name);
    // A constant may be set outside its stated range (that is what bracketing a C means), but it must be a number.
    const v = has ? Number(overrides[c.name]) : c.default;
    if (!Number.isFinite(v) || (typeof overrides[c.name] === 'string' && String(overrides[c.name]).trim() === '')) {
      fail(`${c.name}: must be a finite number (got ${overrides[c.name]})`, c.name, overrides[c.name]);
    }
    values[c.name] = v;
    scope[c.name] = v;
  }
  spec.derived.forEach((d, i) => {
    const v = exprAt(loaded, `derived[${i}].expr`).number(scope);
    values[d.name] = v;
    scope[d.name] = v;
  });
  const assumptions = spec.assumptions.map((a, i) => {
    const e = exprAt(loaded, `assumptions[${i}].expr`);
    return { id: a.id, holds: e.holds(scope), margin: e.margin(scope) };
  });
  return { values, scope, assumptions };
}

/** Ids of the assumptions that define where a claim applies (all of them when the claim lists none). */
export function claimAssumptions(loaded: LoadedSpec, claim: Claim): string[] {
  return claim.assumptions ?? loaded.spec.assumptions.map((a) => a.id);
}

/** Whether every assumption the claim relies on holds at this point. */
export function assumptionsHold(loaded: LoadedSpec, claim: Claim, point: PointEvaluation): boolean {
  const ids = new Set(claimAssumptions(loaded, claim));
  return point.assumptions.every((a) => !ids.has(a.id) || a.holds);
}

function claimIndex(loaded: LoadedSpec, claim: Claim | string | number): number {
  const i =
    typeof claim === 'number' ? claim : loaded.spec.claims.findIndex((c) => c.id === (typeof claim === 'string' ? claim : claim.id));
  if (i < 0 || i >= loaded.spec.claims.length) throw new Error(`spec ${loaded.spec.id} has no claim ${String(typeof claim === 'object' ? claim.id : claim)}`);
  return i;
}

/**
 * The point a claim is evaluated at: defaults, then the claim's `set`, then `side.set` (a comparison's
 * better/worse side), then overrides; for a scaling claim, its `couple` expressions are then evaluated
 * at that point and the result re-evaluated with them set (a coupled value is rounded when its parameter is an int).
 */
export function claimPoint(
  loaded: LoadedSpec,
  claim: Claim | string | number,
  overrides: Overrides = {},
  side?: 'better' | 'worse',
): PointEvaluation {
  const index = claimIndex(loaded, claim);
  const c = loaded.spec.claims[index];
  const sideSet = side && c.kind === 'comparison' ? c[side].set : undefined;
  const merged: Record<string, Value> = { ...(c.set ?? {}), ...(sideSet ?? {}), ...overrides };
  let point = evaluatePoint(loaded, merged);
  if (c.kind === 'scaling' && c.couple) {
    const exprs = claimExprs(loaded, index);
    const coupled: Record<string, Value> = {};
    for (const name of Object.keys(c.couple)) {
      if (Object.prototype.hasOwnProperty.call(overrides, name)) continue;
      const v = exprs.get(`couple.${name}`)!.number(point.scope);
      const p = loaded.spec.parameters.find((q) => q.name === name);
      coupled[name] = p?.type === 'int' ? Math.round(v) : v;
    }
    point = evaluatePoint(loaded, { ...merged, ...coupled });
  }
  return point;
}

/** Whether a claim's hypothesis holds (true when it has none), with its margin. */
export function hypothesisAt(loaded: LoadedSpec, claim: Claim | string | number, point: PointEvaluation): { holds: boolean; margin: number } | null {
  const e = claimExprs(loaded, claimIndex(loaded, claim)).get('hypothesis');
  if (!e) return null;
  return { holds: e.holds(point.scope), margin: e.margin(point.scope) };
}

function isEvaluation(x: PointEvaluation | Record<string, Value>): x is PointEvaluation {
  return Array.isArray((x as PointEvaluation).assumptions) && typeof (x as PointEvaluation).scope === 'object';
}

/** The SimParams input a point sets: every parameter with a `sim` field, under that field's name. */
export function toSimParams(loaded: LoadedSpec, point: PointEvaluation | Record<string, Value>): SimParamsInput {
  const values = isEvaluation(point) ? point.values : point;
  const out: Record<string, Value> = {};
  for (const p of loaded.spec.parameters) {
    if (p.sim !== null && values[p.name] !== undefined) out[p.sim] = values[p.name];
  }
  return out as SimParamsInput;
}

