import { simKeys, type Claim, type Parameter } from './schema.js';
import { claimPoint, toSimParams, type Value } from './evaluate.js';
import type { LoadedSpec } from './load.js';
import { InputError } from '../util/errors.js';

/** One place where a claim varies a spec parameter, e.g. `claims[0].region.n`. */
interface Variation {
  param: string;
  field: string;
  side?: 'better' | 'worse';
}

/** Every parameter a claim varies or sets: region axes, sweeps, `set`, couplings and comparison arms. */
function variations(claim: Claim, path: string): Variation[] {
  const out: Variation[] = Object.keys(claim.set ?? {}).map((param) => ({ param, field: `${path}.set.${param}` }));
  const region = (r: Record<string, unknown> | undefined) => Object.keys(r ?? {}).forEach((param) => out.push({ param, field: `${path}.region.${param}` }));
  switch (claim.kind) {
    case 'bound':
    case 'invariant':
      region(claim.region);
      break;
    case 'comparison':
      region(claim.region);
      for (const side of ['better', 'worse'] as const) {
        for (const param of Object.keys(claim[side].set ?? {})) out.push({ param, field: `${path}.${side}.set.${param}`, side });
      }
      break;
    case 'scaling':
      out.push({ param: claim.along.param, field: `${path}.along.param` });
      if (claim.quantity.kind === 'threshold') out.push({ param: claim.quantity.param, field: `${path}.quantity.param` });
      for (const param of Object.keys(claim.couple ?? {})) out.push({ param, field: `${path}.couple.${param}` });
      break;
    case 'phase-transition':
      out.push({ param: claim.x.param, field: `${path}.x.param` }, { param: claim.y.param, field: `${path}.y.param` });
      break;
    case 'monotone':
      out.push({ param: claim.param, field: `${path}.param` });
      break;
  }
  return out;
}

/** Values worth trying for a parameter: its default, range ends and every value the claim names for it. */
function probeValues(p: Parameter, claim: Claim, name: string): Value[] {
  const named: Value[] = [];
  const take = (v: unknown) => {
    if (typeof v === 'number' || typeof v === 'string') named.push(v);
  };
  const region = 'region' in claim ? (claim.region as Record<string, { values?: Value[]; range?: number[] }> | undefined) : undefined;
  region?.[name]?.values?.forEach(take);
  region?.[name]?.range?.forEach(take);
  take(claim.set?.[name]);
  if (claim.kind === 'comparison') [claim.better.set?.[name], claim.worse.set?.[name]].forEach(take);
  if (claim.kind === 'scaling' && claim.along.param === name) claim.along.values.forEach(take);
  if (claim.kind === 'scaling' && claim.quantity.kind === 'threshold' && claim.quantity.param === name) claim.quantity.range.forEach(take);
  // Per-profile sweeps (budget.<profile>.along / .range) are values the parameter takes too.
  for (const level of Object.values(claim.budget ?? {})) {
    if (claim.kind === 'scaling' && claim.along.param === name) level?.along?.forEach(take);
    if (claim.kind === 'scaling' && claim.quantity.kind === 'threshold' && claim.quantity.param === name) level?.range?.forEach(take);
  }
  if (claim.kind === 'phase-transition') [claim.x, claim.y].filter((a) => a.param === name).forEach((a) => a.values.forEach(take));
  if (claim.kind === 'monotone' && claim.param === name) claim.values.forEach(take);
  const own: Value[] = p.type === 'enum' ? p.values : [p.default, ...(p.range ?? [])];
  return [...new Set([...named, ...own])];
}

/**
 * Whether changing the parameter changes any run of the claim: the claim's point with the parameter
 * at each probe value, mapped to simulation inputs (couplings included), compared with the others.
 */
function reachesRuns(loaded: LoadedSpec, claimIndex: number, v: Variation): boolean {
  const claim = loaded.spec.claims[claimIndex];
  const p = loaded.spec.parameters.find((q) => q.name === v.param);
  if (!p) return true; // unknown names are the schema's error, reported there
  const seen = new Set<string>();
  let evaluated = 0;
  for (const value of probeValues(p, claim, v.param)) {
    try {
      seen.add(JSON.stringify(toSimParams(loaded, claimPoint(loaded, claimIndex, { [v.param]: value }, v.side))));
      evaluated++;
    } catch {
      // A value the spec rejects at this point (e.g. a coupling leaving its range) says nothing about dependence.
    }
    if (seen.size > 1) return true;
  }
  // A no-op needs evidence: at least two values that evaluate, all giving the same runs.
  return evaluated < 2;
}

/** Run parameters a spec parameter's name most likely means: camel-case prefix matches first, then close spellings. */
export function suggestSimKeys(name: string, taken: ReadonlySet<string> = new Set()): string[] {
  const lower = name.toLowerCase();
  const free = simKeys().filter((k) => !taken.has(k) && k !== 'seed' && k !== 'regime' && k !== 'engine');
  const exact = free.filter((k) => k.toLowerCase() === lower);
  // `n` -> nLabeled, nUnlabeled, nTest: the name is the key's first camel-case word.
  const word = free.filter((k) => k.length > name.length && k.toLowerCase().startsWith(lower) && /[A-Z0-9]/.test(k[name.length]));
  const prefix = lower.length < 2 ? [] : free.filter((k) => k.toLowerCase().startsWith(lower) || (lower.length >= 3 && lower.startsWith(k.toLowerCase())));
  const close = free.filter((k) => lower.length >= 3 && editDistance(lower, k.toLowerCase()) <= 2);
  return [...new Set([...exact, ...word, ...prefix, ...close])].slice(0, 3);
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/**
 * Places where a claim varies a spec parameter that no simulation input depends on: its points
 * would differ in the report while every run is the same. One message per place, naming the
 * parameter and suggesting the run parameter it may have meant.
 */
export function noopFindings(loaded: LoadedSpec): { field: string; param: string; message: string }[] {
  const where = loaded.file ? `${loaded.file}: ` : '';
  const taken = new Set(loaded.spec.parameters.map((p) => p.sim).filter((s): s is string => s !== null));
  const problems: { field: string; param: string; message: string }[] = [];
  loaded.spec.claims.forEach((claim, i) => {
    const reported = new Set<string>();
    for (const v of variations(claim, `claims[${i}]`)) {
      if (reported.has(v.field) || reachesRuns(loaded, i, v)) continue;
      reported.add(v.field);
      const p = loaded.spec.parameters.find((q) => q.name === v.param)!;
      const guesses = suggestSimKeys(v.param, taken);
      const hint = p.sim !== null
        ? `check the claim's \`set\` and couplings, which may fix ${p.sim} whatever '${v.param}' is`
        : guesses.length
        ? `did you mean ${guesses[0]}? Map it with \`sim: ${guesses[0]}\` on parameter '${v.param}'${guesses.length > 1 ? ` (other run parameters with a similar name: ${guesses.slice(1).join(', ')})` : ''}`
        : `map it to a run parameter with \`sim: <name>\` on parameter '${v.param}' (run parameters: ${simKeys().join(', ')})`;
      const why = p.sim === null ? 'it has no `sim` mapping and no coupling uses it' : `it maps to ${p.sim}, which this claim's runs never change`;
      problems.push({
        field: v.field,
        param: v.param,
        message: `${where}${v.field}: claim '${claim.id}' varies parameter '${v.param}', but no simulation input depends on it (${why}), so every run would be the same; ${hint}`,
      });
    }
  });
  return problems;
}

export function noopProblems(loaded: LoadedSpec): string[] {
  return noopFindings(loaded).map((f) => f.message);
}

/** `check` refuses a spec whose claims vary no-op parameters (exit 2), with the same messages as `spec lint`. */
export function assertNoNoops(loaded: LoadedSpec): void {
  const found = noopFindings(loaded);
  if (found.length) throw new InputError(found.map((f) => f.message), { file: loaded.file ?? undefined, field: found[0].field, value: found[0].param });
}
