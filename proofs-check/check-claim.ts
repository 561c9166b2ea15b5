import { streamSeed } from '../src/util/rng.js';
import { InputError } from '../src/util/errors.js';
import type { LoadedSpec } from '../src/spec/load.js';
import type { SimParams, SimParamsInput } from '../src/engine/params.js';
import { budgetFor, type Budget, type Profile } from './budget.js';
import type { CheckContext, RunSource } from './context.js';
import { checkerFor } from './index.js';
import type { ClaimResult, Verdict } from './results.js';

export interface ContextOptions {
  profile: Profile;
  runs: RunSource;
  /** First seed; a claim uses seeds baseSeed .. baseSeed + budget.seeds - 1. */
  baseSeed?: number;
  engine?: SimParams['engine'];
  /** Replace the profile's budget entirely (tests, `--seeds`). */
  budget?: Partial<Budget>;
}

/** The context a checker sees for one claim of a loaded spec. */
export function makeContext(loaded: LoadedSpec, claimIndex: number, opts: ContextOptions): CheckContext {
  const claim = loaded.spec.claims[claimIndex];
  if (!claim) throw new Error(`spec ${loaded.spec.id} has no claim #${claimIndex}`);
  const fromSpec = claim.budget?.[opts.profile] ?? {};
  const budget = { ...budgetFor(opts.profile), ...pick(fromSpec, ['seeds', 'points']), ...(opts.budget ?? {}) };
  const simOverrides: Partial<SimParamsInput> = pick(fromSpec, ['steps', 'finetuneSteps', 'nTest']);
  const base = opts.baseSeed ?? 0;
  return {
    loaded,
    claim,
    claimIndex,
    profile: opts.profile,
    budget,
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
    return {
      ...common,
      ...(statementTex ? { statementTex } : {}),
      verdict: applyExpectation(decision.verdict, claim.expect),
      reason: decision.reason,
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
      ...(decision.pValue !== undefined ? { adjusted: { method: 'none', pValue: decision.pValue, adjustedPValue: null, family: 0 } } : {}),
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
