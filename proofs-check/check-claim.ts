import { streamSeed } from '../src/util/rng.js';
import { InputError } from '../src/util/errors.js';
import type { LoadedSpec } from '../src/spec/load.js';
import type { SimParams, SimParamsInput } from '../src/engine/params.js';
import { budgetFor, lookLevel, seedSchedule, type Budget, type Profile } from './budget.js';
import type { Decision } from './checker.js';
import type { CheckContext, RunSource } from './context.js';
import { anytimeValidFor, checkerFor } from './index.js';
import type { ClaimResult, Verdict } from './results.js';
import { estimateSeedsToDecide } from './seeds-to-decide.js';

export interface ContextOptions {
  profile: Profile;
  runs: RunSource;
  /** First seed; a claim uses seeds baseSeed .. baseSeed + budget.seeds - 1. */
  baseSeed?: number;
  engine?: SimParams['engine'];
  /** Replace the profile's budget entirely (tests, `--seeds`). */
  budget?: Partial<Budget>;
  /**
   * Round of an adaptive check (1-based): the claim gets that round's seeds (seedSchedule) and
   * every interval the per-look level (lookLevel). Omitted: a fixed design with `budget.seeds`
   * at the nominal level.
   */
  round?: number;
}

/** The claim's budget (profile, then the spec's per-claim overrides, then the caller's); the cap is never below the first round. */
export function claimBudget(loaded: LoadedSpec, claimIndex: number, opts: Pick<ContextOptions, 'profile' | 'budget'>): Budget {
  const claim = loaded.spec.claims[claimIndex];
  if (!claim) throw new Error(`spec ${loaded.spec.id} has no claim #${claimIndex}`);
  const fromSpec = claim.budget?.[opts.profile] ?? {};
  const budget = { ...budgetFor(opts.profile), ...pick(fromSpec, ['seeds', 'maxSeeds', 'points']), ...(opts.budget ?? {}) };
  return { ...budget, maxSeeds: Math.max(budget.maxSeeds, budget.seeds) };
}

/** The context a checker sees for one claim of a loaded spec. */
export function makeContext(loaded: LoadedSpec, claimIndex: number, opts: ContextOptions): CheckContext {
  const claim = loaded.spec.claims[claimIndex];
  if (!claim) throw new Error(`spec ${loaded.spec.id} has no claim #${claimIndex}`);
  const fromSpec = claim.budget?.[opts.profile] ?? {};
  let budget = claimBudget(loaded, claimIndex, opts);
  let look: CheckContext['look'];
  if (opts.round !== undefined) {
    const schedule = seedSchedule(budget);
    if (!Number.isInteger(opts.round) || opts.round < 1 || opts.round > schedule.length) {
      throw new RangeError(`claim ${claim.id} has rounds 1..${schedule.length} (seeds ${schedule.join(', ')}), not ${opts.round}`);
    }
    const anytime = anytimeValidFor(claim);
    look = { round: opts.round, rounds: schedule.length, nominalLevel: budget.level, anytime };
    budget = { ...budget, seeds: schedule[opts.round - 1], level: anytime ? budget.level : lookLevel(budget.level, schedule.length) };
  }
  const simOverrides: Partial<SimParamsInput> = pick(fromSpec, ['steps', 'finetuneSteps', 'nTest']);
  const base = opts.baseSeed ?? 0;
  return {
    loaded,
    claim,
    claimIndex,
    profile: opts.profile,
    budget,
    ...(look ? { look } : {}),
    seeds: Array.from({ length: budget.seeds }, (_, i) => base + i),
    searchSeed: streamSeed(base, 'search', loaded.spec.id, claim.id),
    simOverrides,
    engine: opts.engine,
    runs: opts.runs,
  };
}

function pick<T extends object, K extends string>(obj: T, keys: readonly K[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of keys) {
    const v = (obj as Record<string, unknown>)[k];
    if (typeof v === 'number') out[k] = v;
  }
  return out;
}

/** Every run a claim's decision needs, known before any run. */
export function planClaim(ctx: CheckContext): SimParams[] {
  return checkerFor(ctx.claim.kind).plan(ctx as never);
}

/** A negative control (expect: fail) reports xfail when it fails and xpass, a failure of the check, when it holds. */
export function applyExpectation(verdict: 'pass' | 'fail' | 'inconclusive', expected: 'hold' | 'fail'): Verdict {
  if (expected === 'hold') return verdict;
  if (verdict === 'fail') return 'xfail';
  if (verdict === 'pass') return 'xpass';
  return 'inconclusive';
}

export interface CheckClaimOptions {
  /** Turns a run's parameters into a command that replays it (`theorem-harness simulate ...`). */
  replay?: (params: SimParams) => string;
  /** Counts of runs and cache hits for this claim, filled by the run source. */
  counters?: () => { runs: number; cacheHits: number };
}

/**
 * Decide one claim. Bad input (InputError) propagates; any other error becomes an `error`
 * verdict with its message, so one broken claim does not hide the others.
 */
export async function checkClaim(ctx: CheckContext, opts: CheckClaimOptions = {}): Promise<ClaimResult> {
  const { claim } = ctx;
  const checker = checkerFor(claim.kind);
  const started = performance.now();
  const common = {
    id: claim.id,
    kind: claim.kind,
    title: claim.title,
    statement: claim.statement,
    provenance: claim.provenance,
    expected: claim.expect,
    seeds: [...ctx.seeds],
  };
  let statementTex: string | undefined;
  try {
    statementTex = claim.statementTex ?? checker.statementTex?.(ctx as never);
  } catch {
    statementTex = undefined;
  }
  try {
    const decision = await checker.decide(ctx as never);
    const counterexample = decision.counterexample
      ? { ...decision.counterexample, replay: opts.replay ? opts.replay(decision.counterexample.params as SimParams) : decision.counterexample.replay }
      : decision.counterexample;
    const counts = opts.counters?.() ?? { runs: 0, cacheHits: 0 };
    const adaptive = adaptiveRecord(ctx, decision);
    const atCap = adaptive && decision.verdict === 'inconclusive' && ctx.look!.round === ctx.look!.rounds;
    return {
      ...common,
      ...(statementTex ? { statementTex } : {}),
      verdict: applyExpectation(decision.verdict, claim.expect),
      reason: atCap ? `${decision.reason} Undecided at the cap of ${ctx.seeds.length} seeds (${ctx.look!.rounds} rounds)${adaptive.seedsToDecide ? `; the measured spread suggests about ${adaptive.seedsToDecide} seeds would decide it` : ''}.` : decision.reason,
      statistic: decision.statistic,
      measurements: decision.measurements,
      figures: decision.figures,
      ...(decision.fits ? { fits: decision.fits } : {}),
      ...(counterexample !== undefined ? { counterexample } : {}),
      ...(decision.search ? { search: decision.search } : {}),
      ...(decision.scaling ? { scaling: decision.scaling } : {}),
      ...(decision.assumptions ? { assumptions: decision.assumptions } : {}),
      ...(decision.readAt ? { readAt: decision.readAt } : {}),
      // Unadjusted until the spec-level step (proofs-check/multiplicity.ts) sees every claim.
      ...(decision.pValue !== undefined ? { adjusted: { method: 'none', pValue: sequentialPValue(ctx, decision.pValue), adjustedPValue: null, family: 0 } } : {}),
      anytimeValid: anytimeValidFor(claim),
      ...(adaptive ? { adaptive } : {}),
      runs: counts.runs,
      cacheHits: counts.cacheHits,
      wallSeconds: (performance.now() - started) / 1000,
    };
  } catch (error) {
    if (error instanceof InputError) throw error;
    const counts = opts.counters?.() ?? { runs: 0, cacheHits: 0 };
    return {
      ...common,
      verdict: 'error',
      reason: `The check could not be completed: ${error instanceof Error ? error.message : String(error)}`,
      statistic: null,
      measurements: [],
      figures: [],
      runs: counts.runs,
      cacheHits: counts.cacheHits,
      wallSeconds: (performance.now() - started) / 1000,
    };
  }
}

/**
 * The claim's p-value as the spec-level adjustment must see it. A rule that is not anytime-valid
 * decided this look at alpha / rounds (lookLevel), so its p-value is multiplied by the planned
 * rounds (Bonferroni over the looks): then P(some look's value <= a) <= a, and the value is valid at
 * whatever round the check stops, however that round was chosen (e.g. by the spec-level target,
 * proofs-check/spec-adaptive.ts). An anytime-valid rule's p-value already is.
 */
export function sequentialPValue(ctx: CheckContext, pValue: number | null): number | null {
  if (pValue === null || !ctx.look || ctx.look.anytime || ctx.look.rounds <= 1) return pValue;
  return Math.min(1, pValue * ctx.look.rounds);
}

/** An adaptive look's record: rounds and seeds used against the cap, and the seeds an undecided claim seems to need. */
function adaptiveRecord(ctx: CheckContext, decision: Decision): ClaimResult['adaptive'] | undefined {
  if (!ctx.look || ctx.look.rounds <= 1) return undefined;
  const undecided = decision.verdict === 'inconclusive';
  const estimate = decision.seedsToDecide !== undefined ? decision.seedsToDecide : estimateSeedsToDecide(ctx.claim.kind, decision.statistic, ctx.seeds.length, ctx.budget.level);
  return { rounds: ctx.look.round, seedsUsed: ctx.seeds.length, cap: ctx.budget.maxSeeds, seedsToDecide: undecided ? estimate : null };
}
