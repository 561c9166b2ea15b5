import { validateSpec, type LoadedSpec } from '../../src/spec/load.js';
import type { Metric, SpecInput } from '../../src/spec/schema.js';
import { checkClaimAdaptively } from '../adaptive.js';
import type { Profile } from '../budget.js';
import { adjustAcrossClaims, type MultiplicityMethod } from '../multiplicity.js';
import type { ClaimResult } from '../results.js';
import { checkClaimsAdaptively } from '../spec-adaptive.js';
import { inSupport, PlantedRuns, replicateDraws } from './planted.js';

/**
 * Planted truths for a whole family of claims, to measure what the spec-level decision is worth
 * under adaptive seeds: `count` bound claims "metric <= bound", claim i at nLabeled = FIRST + i (so
 * each has its own runs), whose per-seed values have mean means[i] and sd `sd`.
 */
const FIRST = 10;

export function familySpec(count: number, metric: Metric, bound: number): LoadedSpec {
  return validateSpec({
    id: 'planted-family',
    title: 'Planted family of bound claims',
    source: { citation: 'planted truths' },
    parameters: [{ name: 'nLabeled', type: 'int', default: FIRST, range: [1, 10_000], sim: 'nLabeled', description: 'labels' }],
    constants: [],
    assumptions: [],
    claims: Array.from({ length: count }, (_, i) => ({
      id: `claim-${i}`,
      kind: 'bound',
      title: `claim ${i}`,
      statement: `${metric} <= ${bound}`,
      provenance: { mark: 'choice', ref: 'planted' },
      regime: 'supervised',
      metric,
      direction: 'at-most',
      bound: String(bound),
      region: { nLabeled: { values: [FIRST + i] } },
    })),
  } as SpecInput);
}

/** How the family is decided: each claim stops at its own decision, then the adjustment (`own-stop`), or the adjusted decision is the stopping target (`spec-target`). */
export type FamilyMode = 'own-stop' | 'spec-target';

export interface FamilyOptions {
  profile: Profile;
  metric: Metric;
  sd: number;
  method?: MultiplicityMethod;
  /** Replace the profile's budget (seeds, maxSeeds). */
  budget?: { seeds?: number; maxSeeds?: number };
}

/** One replicate: the family's verdicts after the spec-level adjustment, and the seeds each claim used. */
export async function familyReplicate(loaded: LoadedSpec, means: readonly number[], replicate: number, mode: FamilyMode, opts: FamilyOptions): Promise<ClaimResult[]> {
  const draws = replicateDraws(replicate, 'family');
  const runs = new PlantedRuns((run) => ({ [opts.metric]: inSupport(opts.metric, means[run.nLabeled - FIRST], opts.sd, draws.normal('seed', run.seed, run.nLabeled)) }), draws);
  const indices = means.map((_, i) => i);
  const options = { profile: opts.profile, runs, ...(opts.budget ? { budget: opts.budget } : {}) };
  const level = 0.95;
  if (mode === 'spec-target') return (await checkClaimsAdaptively(loaded, indices, { level, method: opts.method, optionsFor: () => options })).results;
  const raw: ClaimResult[] = [];
  for (const i of indices) raw.push((await checkClaimAdaptively(loaded, i, options)).result);
  return adjustAcrossClaims(raw, { level, method: opts.method });
}

export interface FamilyRates {
  replicates: number;
  /** Replicates in which some claim planted at its threshold (false, by a hair) passed: the family-wise false-pass rate. */
  familyFalsePass: number;
  /** Claims planted at their threshold that failed, as a fraction of such claims (the fail side's false-fail rate). */
  falseFail: number;
  /** Claims planted inside the bound (true) that passed, as a fraction of such claims. */
  power: number;
  /** Mean seeds per claim. */
  meanSeeds: number;
}

/** Rates over replicates; means[i] equal to `bound` marks claim i as planted at its threshold. */
export async function familyRates(means: readonly number[], bound: number, replicates: number, mode: FamilyMode, opts: FamilyOptions, firstReplicate = 0): Promise<FamilyRates> {
  const loaded = familySpec(means.length, opts.metric, bound);
  const atThreshold = means.map((m) => m === bound);
  let familyFalsePass = 0;
  let falseFail = 0;
  let power = 0;
  let seeds = 0;
  for (let r = firstReplicate; r < firstReplicate + replicates; r++) {
    const results = await familyReplicate(loaded, means, r, mode, opts);
    if (results.some((c, i) => atThreshold[i] && c.verdict === 'pass')) familyFalsePass++;
    results.forEach((c, i) => {
      if (atThreshold[i] && c.verdict === 'fail') falseFail++;
      if (!atThreshold[i] && means[i] < bound && c.verdict === 'pass') power++;
      seeds += c.seeds.length;
    });
  }
  const nullClaims = atThreshold.filter(Boolean).length * replicates;
  const trueClaims = means.filter((m) => m < bound).length * replicates;
  return {
    replicates,
    familyFalsePass: familyFalsePass / replicates,
    falseFail: nullClaims ? falseFail / nullClaims : 0,
    power: trueClaims ? power / trueClaims : 0,
    meanSeeds: seeds / (replicates * means.length),
  };
}
