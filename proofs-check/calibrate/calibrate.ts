import type { LoadedSpec } from '../../src/spec/load.js';
import type { Profile } from '../budget.js';
import { checkClaimAdaptively } from '../adaptive.js';
import type { ContextOptions } from '../check-claim.js';
import type { ClaimResult } from '../results.js';
import { PlantedRuns, replicateDraws, type PlantFn } from './planted.js';
import { plantedModelFor } from './index.js';

export interface CalibrateOptions {
  profile: Profile;
  /** Replicates per planted truth. */
  replicates: number;
  /** Effect size: in seed sds for bound, comparison, monotone; in tolerances beyond the band for scaling. */
  effect: number;
  /** Seed-to-seed spread of the claim's metric, when measured from real runs (else the model's default). */
  spread?: number | null;
  baseSeed?: number;
  engine?: ContextOptions['engine'];
  budget?: ContextOptions['budget'];
  /** The command line that reproduces the figures, recorded with them. */
  command: string;
}

export interface VerdictCounts {
  pass: number;
  fail: number;
  inconclusive: number;
  error: number;
  /** Mean seeds the adaptive rule used. */
  meanSeeds: number;
}

export interface ClaimCalibration {
  id: string;
  kind: string;
  calibration: NonNullable<ClaimResult['calibration']>;
  spread: number;
  spreadSource: 'measured' | 'default';
  counts: { atThreshold: VerdictCounts | null; holds: VerdictCounts | null; false: VerdictCounts[] };
}

/** The rule's verdict before a negative control's expectation is applied. */
function raw(verdict: ClaimResult['verdict']): keyof Omit<VerdictCounts, 'meanSeeds'> {
  if (verdict === 'xfail') return 'fail';
  if (verdict === 'xpass') return 'pass';
  return verdict;
}

async function count(loaded: LoadedSpec, claimIndex: number, plant: PlantFn, salt: string, opts: CalibrateOptions): Promise<VerdictCounts> {
  const c: VerdictCounts = { pass: 0, fail: 0, inconclusive: 0, error: 0, meanSeeds: 0 };
  for (let r = 0; r < opts.replicates; r++) {
    const runs = new PlantedRuns(plant, replicateDraws(r, salt));
    const { result } = await checkClaimAdaptively(loaded, claimIndex, { profile: opts.profile, runs, baseSeed: opts.baseSeed, engine: opts.engine, budget: opts.budget });
    c[raw(result.verdict)]++;
    c.meanSeeds += result.seeds.length / opts.replicates;
  }
  return c;
}

/**
 * What a verdict of one claim's rule is worth at its budget: the rule (the adaptive check that
 * `check` runs) against planted truths, `replicates` times each. falseFail: fail rate where the
 * claim holds exactly at its threshold; power: pass rate where it holds by the effect; falsePass:
 * the largest pass rate over the false truths. Null where the kind has no planted model.
 */
export async function calibrateClaim(loaded: LoadedSpec, claimIndex: number, opts: CalibrateOptions): Promise<ClaimCalibration> {
  const claim = loaded.spec.claims[claimIndex];
  const model = plantedModelFor(claim.kind);
  if (!model) {
    return {
      id: claim.id,
      kind: claim.kind,
      calibration: { profile: opts.profile, replicates: 0, falsePass: null, falseFail: null, power: null, effect: `no planted model for the plug-in kind '${claim.kind}': not calibrated`, command: opts.command },
      spread: 0,
      spreadSource: 'default',
      counts: { atThreshold: null, holds: null, false: [] },
    };
  }
  const spread = opts.spread ?? model.defaultSpread(claim as never);
  const spreadSource = opts.spread != null ? 'measured' : 'default';
  const scenarios = model.scenarios({ loaded, claimIndex, claim: claim as never, spread, effect: opts.effect });
  const base = { profile: opts.profile, replicates: opts.replicates, command: opts.command };
  if (!scenarios) {
    return {
      id: claim.id,
      kind: claim.kind,
      calibration: { ...base, replicates: 0, falsePass: null, falseFail: null, power: null, effect: 'exhaustive deterministic check: nothing to calibrate' },
      spread,
      spreadSource,
      counts: { atThreshold: null, holds: null, false: [] },
    };
  }
  const salt = `${loaded.spec.id}/${claim.id}`;
  const atThreshold = scenarios.atThreshold ? await count(loaded, claimIndex, scenarios.atThreshold, `${salt}/threshold`, opts) : null;
  const holds = scenarios.holds === scenarios.atThreshold ? atThreshold : scenarios.holds ? await count(loaded, claimIndex, scenarios.holds, `${salt}/holds`, opts) : null;
  const falses: VerdictCounts[] = [];
  for (const [j, plant] of scenarios.false.entries()) falses.push(await count(loaded, claimIndex, plant, `${salt}/false-${j}`, opts));
  const rate = (n: number | undefined) => (n === undefined ? null : n / opts.replicates);
  return {
    id: claim.id,
    kind: claim.kind,
    calibration: {
      ...base,
      falseFail: rate(atThreshold?.fail),
      power: rate(holds?.pass),
      falsePass: falses.length ? Math.max(...falses.map((f) => f.pass)) / opts.replicates : null,
      effect: scenarios.effect,
    },
    spread,
    spreadSource,
    counts: { atThreshold, holds, false: falses },
  };
}
