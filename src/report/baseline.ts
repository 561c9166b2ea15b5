import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ClaimResult, Results, Verdict } from '../../proofs-check/results.js';
import { InputError } from '../util/errors.js';

/** Verdicts that make `check` fail: a flip into one of these from any other verdict is a regression. */
export const FAILING_VERDICTS: readonly Verdict[] = ['fail', 'xpass', 'error'];

/**
 * Default drift rule for a statistic without a claim tolerance: it moved when either value lies outside the
 * other run's interval (so an estimate that stays inside its own error bars is quiet). Statistics without an
 * interval moved when they differ by more than DEFAULT_RELATIVE_TOLERANCE of the baseline's magnitude.
 */
export const DEFAULT_RELATIVE_TOLERANCE = 0.05;
// Float noise (a sum taken in another order) must not count as drift when an interval has zero width.
const FLOAT_SLACK = 1e-9;

export interface VerdictFlip {
  id: string;
  title: string;
  from: Verdict;
  to: Verdict;
  toFail: boolean;
}

export interface Drift {
  id: string;
  title: string;
  /** `statistic` (the claim's key statistic) or `fit` (a fitted slope). */
  what: 'statistic' | 'fit';
  name: string;
  before: number | null;
  after: number | null;
  delta: number | null;
  /** Why this counts as drift, e.g. "outside the baseline's 95% interval [0.01, 0.03]". */
  rule: string;
}

export interface ClaimRef {
  id: string;
  title: string;
  verdict: Verdict;
}

export interface BaselineChanges {
  baseline: { specHash: string; gitCommit: string | null; startedAt: string; profile: string };
  flips: VerdictFlip[];
  drifts: Drift[];
  added: ClaimRef[];
  removed: ClaimRef[];
  /** Context that makes the comparison weaker: another spec version, another profile, another engine. */
  warnings: string[];
  hasFlipToFail: boolean;
  /** True when nothing moved: no flips, drifts, new or removed claims. */
  quiet: boolean;
}

export function compareToBaseline(current: Results, baseline: Results): BaselineChanges {
  const before = new Map(baseline.claims.map((c) => [c.id, c]));
  const after = new Map(current.claims.map((c) => [c.id, c]));
  const flips: VerdictFlip[] = [];
  const drifts: Drift[] = [];
  for (const now of current.claims) {
    const then = before.get(now.id);
    if (!then) continue;
    if (then.verdict !== now.verdict) {
      const toFail = FAILING_VERDICTS.includes(now.verdict) && !FAILING_VERDICTS.includes(then.verdict);
      flips.push({ id: now.id, title: now.title, from: then.verdict, to: now.verdict, toFail });
    }
    drifts.push(...statisticDrift(then, now), ...fitDrifts(then, now));
  }
  const ref = (c: ClaimResult): ClaimRef => ({ id: c.id, title: c.title, verdict: c.verdict });
  const added = current.claims.filter((c) => !before.has(c.id)).map(ref);
  const removed = baseline.claims.filter((c) => !after.has(c.id)).map(ref);
  const warnings: string[] = [];
  if (current.spec.id !== baseline.spec.id) warnings.push(`The baseline is for spec ${baseline.spec.id}, not ${current.spec.id}.`);
  if (current.spec.hash !== baseline.spec.hash) warnings.push(`The spec changed since the baseline (hash ${short(baseline.spec.hash)} -> ${short(current.spec.hash)}).`);
  if (current.profile !== baseline.profile) warnings.push(`Profiles differ (baseline ${baseline.profile}, now ${current.profile}): numbers are not directly comparable.`);
  if (current.engine.name !== baseline.engine.name || current.engine.backend !== baseline.engine.backend) {
    warnings.push(`Engine differs (baseline ${baseline.engine.name}/${baseline.engine.backend}, now ${current.engine.name}/${current.engine.backend}).`);
  }
  return {
    baseline: { specHash: baseline.spec.hash, gitCommit: baseline.git.commit, startedAt: baseline.startedAt, profile: baseline.profile },
    flips,
    drifts,
    added,
    removed,
    warnings,
    hasFlipToFail: flips.some((f) => f.toFail),
    quiet: flips.length + drifts.length + added.length + removed.length === 0,
  };
}

/** The exit code `check --baseline` should use on top of its own: 1 on a flip to a failing verdict. */
export function baselineExitCode(changes: BaselineChanges): 0 | 1 {
  return changes.hasFlipToFail ? 1 : 0;
}

function statisticDrift(then: ClaimResult, now: ClaimResult): Drift[] {
  const a = then.statistic;
  const b = now.statistic;
  if (!a && !b) return [];
  const base = { id: now.id, title: now.title, what: 'statistic' as const };
  if (!a || !b) {
    return [{ ...base, name: (a ?? b)!.name, before: a?.value ?? null, after: b?.value ?? null, delta: null, rule: a ? 'the statistic is no longer reported' : 'the statistic is new' }];
  }
  if (a.name !== b.name) {
    return [{ ...base, name: `${a.name} -> ${b.name}`, before: a.value, after: b.value, delta: null, rule: 'the key statistic changed' }];
  }
  if (a.value === null || b.value === null) {
    if (a.value === b.value) return [];
    return [{ ...base, name: b.name, before: a.value, after: b.value, delta: null, rule: 'the value became unavailable or available' }];
  }
  const delta = b.value - a.value;
  const slack = FLOAT_SLACK * Math.max(1, Math.abs(a.value), Math.abs(b.value));
  const outside = (v: number, iv: [number, number] | null) => iv !== null && (v < iv[0] - slack || v > iv[1] + slack);
  if (a.interval || b.interval) {
    if (outside(b.value, a.interval)) {
      return [{ ...base, name: b.name, before: a.value, after: b.value, delta, rule: `outside the baseline's ${pct(a.level)} interval [${a.interval![0]}, ${a.interval![1]}]` }];
    }
    if (outside(a.value, b.interval)) {
      return [{ ...base, name: b.name, before: a.value, after: b.value, delta, rule: `the baseline value is outside the new ${pct(b.level)} interval [${b.interval![0]}, ${b.interval![1]}]` }];
    }
    return [];
  }
  const tol = DEFAULT_RELATIVE_TOLERANCE * Math.abs(a.value) + slack;
  if (Math.abs(delta) <= tol) return [];
  return [{ ...base, name: b.name, before: a.value, after: b.value, delta, rule: `moved by more than ${DEFAULT_RELATIVE_TOLERANCE * 100}% of the baseline value (no interval)` }];
}

function fitDrifts(then: ClaimResult, now: ClaimResult): Drift[] {
  const old = new Map((then.fits ?? []).map((f) => [f.name, f]));
  const out: Drift[] = [];
  for (const fit of now.fits ?? []) {
    const prev = old.get(fit.name);
    if (!prev || prev.slope === null || fit.slope === null) {
      if (prev && prev.slope !== fit.slope) {
        out.push({ id: now.id, title: now.title, what: 'fit', name: fit.name, before: prev.slope, after: fit.slope, delta: null, rule: 'the fitted slope became unavailable or available' });
      }
      continue;
    }
    const delta = fit.slope - prev.slope;
    const tolerance = fit.tolerance ?? prev.tolerance;
    let rule: string | null = null;
    if (tolerance !== null) {
      if (Math.abs(delta) > tolerance + FLOAT_SLACK) rule = `moved by more than the claim's tolerance ${tolerance}`;
    } else if (prev.interval && (fit.slope < prev.interval[0] || fit.slope > prev.interval[1])) {
      rule = `outside the baseline's interval [${prev.interval[0]}, ${prev.interval[1]}]`;
    } else if (!prev.interval && Math.abs(delta) > DEFAULT_RELATIVE_TOLERANCE * Math.abs(prev.slope) + FLOAT_SLACK) {
      rule = `moved by more than ${DEFAULT_RELATIVE_TOLERANCE * 100}% of the baseline slope (no interval)`;
    }
    if (rule) out.push({ id: now.id, title: now.title, what: 'fit', name: fit.name, before: prev.slope, after: fit.slope, delta, rule });
  }
  return out;
}

const pct = (level: number) => `${Math.round(level * 1000) / 10}%`;
const short = (hash: string) => (hash.length > 19 ? `${hash.slice(0, 19)}…` : hash);

/** spec/baselines/<spec-id>.json, relative to the working directory. */
export function defaultBaselinePath(results: Results, root = process.cwd()): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(results.spec.id)) {
    throw new InputError(`spec.id ${JSON.stringify(results.spec.id)} cannot name a baseline file; pass --to <file>`, { field: 'spec.id', value: results.spec.id });
  }
  return join(root, 'spec', 'baselines', `${results.spec.id}.json`);
}

/** Writes the validated results as the baseline (the whole results: a later report can show what changed). */
export function saveBaseline(results: Results, to: string): string {
  mkdirSync(dirname(to), { recursive: true });
  writeFileSync(to, JSON.stringify(results, null, 2) + '\n');
  return to;
}
