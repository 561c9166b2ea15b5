import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { makeContext, planClaim, type ContextOptions } from '../../proofs-check/check-claim.js';
import { calibrateClaim, type ClaimCalibration } from '../../proofs-check/calibrate/calibrate.js';
import type { Profile } from '../../proofs-check/budget.js';
import { ClaimResult } from '../../proofs-check/results.js';
import type { LoadedSpec } from '../spec/load.js';
import type { RunCache } from '../sweep/cache.js';
import { planRuns, type VersionOf } from '../sweep/executor.js';
import { InputError } from '../util/errors.js';
import { toolVersion } from '../util/package-root.js';

/** Kinds whose planted model reads a measured spread of the claim's metric (per point, across seeds). */
const SPREAD_FROM_RUNS = new Set(['bound', 'comparison', 'monotone']);

/**
 * The seed-to-seed spread of a claim's metric in cached real runs of its first round: the median
 * over points of the standard deviation across seeds (null when no point has two cached seeds).
 */
export async function measuredSpread(loaded: LoadedSpec, claimIndex: number, ctxOpts: Omit<ContextOptions, 'round'>, cache: RunCache, versionOf: VersionOf): Promise<number | null> {
  const claim = loaded.spec.claims[claimIndex];
  if (!SPREAD_FROM_RUNS.has(claim.kind) || !('metric' in claim)) return null;
  const metric = claim.metric;
  const plan = planClaim(makeContext(loaded, claimIndex, { ...ctxOpts, round: 1 }));
  const keyed = await planRuns(plan, versionOf);
  const groups = new Map<string, number[]>();
  plan.forEach((p, j) => {
    const run = cache.getSync(keyed[j].key);
    const v = run ? (run.metrics as Record<string, number | null | undefined>)[metric] : undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) return;
    const group = JSON.stringify({ ...p, seed: null });
    groups.set(group, [...(groups.get(group) ?? []), v]);
  });
  const sds = [...groups.values()]
    .filter((vs) => vs.length >= 2)
    .map((vs) => {
      const m = vs.reduce((a, b) => a + b, 0) / vs.length;
      return Math.sqrt(vs.reduce((a, v) => a + (v - m) ** 2, 0) / (vs.length - 1));
    })
    .filter((s) => s > 0)
    .sort((a, b) => a - b);
  return sds.length ? sds[Math.floor(sds.length / 2)] : null;
}

export const CalibrationFile = z.object({
  kind: z.literal('theorem-harness-calibration'),
  tool: z.string(),
  spec: z.object({ id: z.string(), hash: z.string() }),
  profile: z.string(),
  replicates: z.number().int().nonnegative(),
  effect: z.number(),
  claims: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      calibration: ClaimResult.shape.calibration.unwrap(),
      spread: z.number(),
      spreadSource: z.enum(['measured', 'default']),
      counts: z.unknown(),
    }),
  ),
});
export type CalibrationFile = z.infer<typeof CalibrationFile>;

export interface CalibrationOptions {
  profile: Profile;
  replicates: number;
  effect: number;
  ctxOpts: Omit<ContextOptions, 'round' | 'runs' | 'profile'>;
  cache: RunCache;
  cacheDir: string;
  versionOf: VersionOf;
  /** Command recorded with the figures. */
  command: (claimId: string) => string;
  onClaim?: (c: ClaimCalibration) => void;
}

/**
 * Calibration of each claim, reusing earlier results: planted runs need no simulation, but some
 * rules are slow, so a claim's figures are kept in <cache>/calibration/ under a key of everything
 * that determines them (tool version, spec hash, claim, profile, replicates, effect, spread, budget).
 */
export async function calibrateClaims(loaded: LoadedSpec, indices: readonly number[], opts: CalibrationOptions): Promise<ClaimCalibration[]> {
  const out: ClaimCalibration[] = [];
  const dir = join(opts.cacheDir, 'calibration');
  const noRuns = { run: async () => [] };
  for (const i of indices) {
    const claim = loaded.spec.claims[i];
    const spread = await measuredSpread(loaded, i, { ...opts.ctxOpts, profile: opts.profile, runs: noRuns }, opts.cache, opts.versionOf);
    const key = createHash('sha256')
      .update(JSON.stringify([toolVersion(), loaded.hash, claim.id, opts.profile, opts.replicates, opts.effect, spread, opts.ctxOpts.budget ?? null, opts.ctxOpts.baseSeed ?? 0]))
      .digest('hex');
    const file = join(dir, `${key}.json`);
    let found: ClaimCalibration | null = null;
    try {
      found = JSON.parse(readFileSync(file, 'utf8')) as ClaimCalibration;
    } catch {
      found = null;
    }
    const result =
      found ??
      (await calibrateClaim(loaded, i, { profile: opts.profile, replicates: opts.replicates, effect: opts.effect, spread, baseSeed: opts.ctxOpts.baseSeed, engine: opts.ctxOpts.engine, budget: opts.ctxOpts.budget, command: opts.command(claim.id) }));
    if (!found) {
      mkdirSync(dir, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(result));
      renameSync(tmp, file);
    }
    opts.onClaim?.(result);
    out.push(result);
  }
  return out;
}

/** A calibration file written by `calibrate --out`, checked against the spec and profile it is used with. */
export function readCalibrationFile(path: string, loaded: LoadedSpec, profile: Profile): CalibrationFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`--calibration ${path}: cannot read: ${(error as Error).message}`, { file: path, field: '--calibration' });
  }
  let parsed: CalibrationFile;
  try {
    parsed = CalibrationFile.parse(JSON.parse(text));
  } catch {
    throw new InputError(`--calibration ${path}: not a calibration file written by \`theorem-harness calibrate --out\``, { file: path, field: '--calibration' });
  }
  if (parsed.spec.hash !== loaded.hash) {
    throw new InputError(`--calibration ${path}: calibrated spec ${parsed.spec.id} with hash ${parsed.spec.hash.slice(0, 12)}, but the spec checked has hash ${loaded.hash.slice(0, 12)}; run calibrate again`, { file: path, field: 'spec.hash', value: parsed.spec.hash });
  }
  if (parsed.profile !== profile) {
    throw new InputError(`--calibration ${path}: calibrated at profile ${parsed.profile}, but the check runs at ${profile}`, { file: path, field: 'profile', value: parsed.profile });
  }
  return parsed;
}

/** How `check` fills ClaimResult.calibration: from a file, or computed (0 replicates: not at all). */
export interface CheckCalibration {
  replicates: number;
  effect: number;
  file?: string;
}

/** The claims with their calibration figures attached (unchanged when calibration is off). */
export async function withCalibration(claims: ClaimResult[], loaded: LoadedSpec, indices: readonly number[], how: CheckCalibration | undefined, opts: Omit<CalibrationOptions, 'replicates' | 'effect'>): Promise<ClaimResult[]> {
  if (!how || (!how.file && how.replicates <= 0)) return claims;
  const figures = new Map<string, ClaimCalibration['calibration']>();
  if (how.file) for (const c of readCalibrationFile(how.file, loaded, opts.profile).claims) figures.set(c.id, c.calibration);
  else for (const c of await calibrateClaims(loaded, indices, { ...opts, replicates: how.replicates, effect: how.effect })) figures.set(c.id, c.calibration);
  return claims.map((c) => (figures.has(c.id) ? { ...c, calibration: figures.get(c.id)! } : c));
}

/** The command that reproduces a claim's calibration figures. */
export function calibrateCommand(spec: string, profile: Profile, replicates: number, effect: number, claimId?: string): string {
  return ['theorem-harness calibrate', spec, `--profile ${profile}`, `--replicates ${replicates}`, `--effect ${effect}`, ...(claimId ? [`--only ${claimId}`] : [])].join(' ');
}
