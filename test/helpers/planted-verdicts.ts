import { defaultSpecPath, loadSpec, type LoadedSpec } from '../../src/spec/load.js';
import { Rng } from '../../src/util/rng.js';
import type { Profile } from '../../proofs-check/budget.js';
import { checkClaim, makeContext } from '../../proofs-check/check-claim.js';
import type { ClaimResult } from '../../proofs-check/results.js';
import { FakeRuns } from './fake-runs.js';

/**
 * Planted truths for the scaling and phase-transition rules, fed through the public interface
 * (checkClaim on the shipped SimCLR spec's own claims at their own budgets). Shared by the short
 * Monte Carlo test and the long bench. Seed-level effects come from the run's seed alone, so seed s
 * sees the same effect at every value of the swept parameter, as simulated seeds do.
 */

let shipped: Promise<LoadedSpec> | null = null;
export function shippedSpec(): Promise<LoadedSpec> {
  shipped ??= loadSpec(defaultSpecPath());
  return shipped;
}

function claimIndex(loaded: LoadedSpec, id: string): number {
  const i = loaded.spec.claims.findIndex((c) => c.id === id);
  if (i < 0) throw new Error(`the shipped spec has no claim ${id}`);
  return i;
}

export interface ScalingTruth {
  /** Mean over seeds of the log-log slope of n* in SNR. */
  slope: number;
  /** Standard deviation of the seed-specific slopes. */
  slopeSd: number;
  /** Standard deviation of log n* per (seed, SNR), independent across SNRs. */
  noiseSd: number;
  /** Standard deviation of a seed's shift of log n*, shared across SNRs. */
  interceptSd: number;
  /** n* at SNR 0.35 for the average seed. */
  centre: number;
}

const normalOf = (seed: number, ...tags: string[]) => new Rng(seed, 'planted-verdicts', ...tags).normal();

/**
 * The supervised label-complexity claim (`supervised-label-complexity-slope`) against planted
 * thresholds n*_s(snr) = centre exp(u_s + e_{s,snr}) (snr / 0.35)^{b_s}: test error falls linearly
 * in log nLabeled through 0.1 at n*, so the grid search finds n* exactly between grid values.
 */
export async function scalingReplicate(truth: ScalingTruth, profile: Profile, replicate: number, budget: { seeds?: number; level?: number } = {}): Promise<ClaimResult> {
  const loaded = await shippedSpec();
  const i = claimIndex(loaded, 'supervised-label-complexity-slope');
  const base = replicate * 100_003; // disjoint seeds per replicate
  const runs = new FakeRuns((p) => {
    const b = truth.slope + truth.slopeSd * normalOf(p.seed, 'slope');
    const u = truth.interceptSd * normalOf(p.seed, 'intercept');
    const e = truth.noiseSd * normalOf(p.seed, 'noise', String(p.snr));
    const logStar = Math.log(truth.centre) + u + e + b * Math.log(p.snr / 0.35);
    const err = Math.min(0.5, Math.max(0, 0.1 + 0.1 * (logStar - Math.log(p.nLabeled))));
    return { testError: err, testLoss: err };
  });
  return checkClaim(makeContext(loaded, i, { profile, runs, baseSeed: base, budget }));
}

/** Another shipped spec's phase-transition claim on an (nLabeled, snr) grid, planted through its grid's centre. */
export interface PhaseTarget {
  spec: string;
  claim: string;
}

const specs = new Map<string, Promise<LoadedSpec>>();
function specAt(file: string): Promise<LoadedSpec> {
  if (!specs.has(file)) specs.set(file, loadSpec(file));
  return specs.get(file)!;
}

export interface PhaseTruth {
  /** Exponent q' of the planted boundary n SNR^q' = C. */
  q: number;
  /** Seed shift of log(n SNR^q') at the boundary, shared across cells. */
  seedSd: number;
  /** Run-level noise of log(n SNR^q'), independent across cells. */
  runSd: number;
}

/**
 * The supervised phase-transition claim (`thm-4-3-supervised-phase-transition`, boundary n SNR^3 =
 * C with C fitted) against a planted boundary n SNR^q' = C' through the grid's centre (n = 40,
 * SNR = 0.3): a run succeeds (test error 0.02, else 0.3) when log(n SNR^q') + seed shift + noise
 * exceeds log C'.
 */
export async function phaseReplicate(truth: PhaseTruth, profile: Profile, replicate: number, budget: { seeds?: number } = {}, target?: PhaseTarget): Promise<ClaimResult> {
  const loaded = target ? await specAt(target.spec) : await shippedSpec();
  const i = claimIndex(loaded, target?.claim ?? 'thm-4-3-supervised-phase-transition');
  const base = replicate * 100_003;
  const claim = loaded.spec.claims[i] as { x: { values: number[] }; y: { values: number[] } };
  const centre = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  // Through the grid's centre: (n, SNR) = (40, 0.3) on the SimCLR claim's grid.
  const logC = target ? Math.log(centre(claim.x.values)) + truth.q * Math.log(centre(claim.y.values)) : Math.log(40) + truth.q * Math.log(0.3);
  const runs = new FakeRuns((p) => {
    const load = Math.log(p.nLabeled) + truth.q * Math.log(p.snr) + truth.seedSd * normalOf(p.seed, 'phase-seed') + truth.runSd * normalOf(p.seed, 'phase-run', String(p.nLabeled), String(p.snr));
    const err = load > logC ? 0.02 : 0.3;
    return { testError: err, testLoss: err };
  });
  return checkClaim(makeContext(loaded, i, { profile, runs, baseSeed: base, budget }));
}

export interface Tally {
  replicates: number;
  pass: number;
  fail: number;
  inconclusive: number;
  error: number;
  /** Replicates whose interval covered `truth` (when asked; an unbounded interval covers it). */
  covered: number;
  /** Replicates with a finite interval. */
  withInterval: number;
}

export async function tally(replicates: number, one: (r: number) => Promise<ClaimResult>, truth?: number): Promise<Tally> {
  const t: Tally = { replicates, pass: 0, fail: 0, inconclusive: 0, error: 0, covered: 0, withInterval: 0 };
  for (let r = 0; r < replicates; r++) {
    const res = await one(r);
    if (res.verdict === 'pass') t.pass++;
    else if (res.verdict === 'fail') t.fail++;
    else if (res.verdict === 'error') t.error++;
    else t.inconclusive++;
    // No finite interval is an unbounded one: it covers the truth.
    const iv = res.statistic?.interval;
    if (truth !== undefined) {
      if (iv) t.withInterval++;
      if (!iv || (iv[0] <= truth && truth <= iv[1])) t.covered++;
    }
  }
  return t;
}
