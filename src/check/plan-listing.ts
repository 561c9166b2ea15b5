import type { SimParams } from '../engine/params.js';
import type { CacheEntry } from '../sweep/cache.js';
import type { PlannedRun } from '../sweep/executor.js';
import { formatDuration } from './clock.js';

/**
 * What `check --plan` shows beyond the counts: each claim's runs by their distinguishing parameters (those whose
 * values differ between the claim's runs), and a time estimate from the wall times of cached runs.
 */
export interface PlanPoint {
  /** The parameters that tell this point from the claim's other points (seed excluded). */
  params: Record<string, unknown>;
  seeds: number[];
  cached: number;
  /** Estimated seconds for the point's runs that are not cached; null when no cached run is similar enough. */
  estimatedSeconds: number | null;
}

export interface ClaimListing {
  id: string;
  points: PlanPoint[];
  /** Estimated seconds of the claim's uncached runs (on one worker), and how many of them had no estimate. */
  estimatedSeconds: number;
  unestimated: number;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Parameter names (seed excluded) whose values are not the same in every run. */
export function distinguishingParams(runs: readonly SimParams[]): string[] {
  if (runs.length === 0) return [];
  const names = new Set(runs.flatMap((r) => Object.keys(r)));
  names.delete('seed');
  const first = runs[0] as unknown as Record<string, unknown>;
  return [...names].filter((n) => runs.some((r) => !same((r as unknown as Record<string, unknown>)[n], first[n]))).sort();
}

// Knobs a run's cost grows with; the estimate from a similar (not identical) run is scaled by none of them, it
// picks the cached runs nearest in these (log scale).
const COST_KNOBS = ['d', 'm', 'nLabeled', 'nUnlabeled', 'nTest', 'steps', 'pretrainSteps', 'fineTuneSteps', 'curvePoints'];

function withoutSeed(p: Record<string, unknown>): string {
  const { seed: _seed, ...rest } = p;
  return JSON.stringify(Object.fromEntries(Object.entries(rest).sort(([a], [b]) => a.localeCompare(b))));
}

/** Wall-time estimates from cached runs: the same point's other seeds first, else the nearest runs of the same engine and regime. */
export class RunTimeEstimator {
  private readonly byPoint = new Map<string, number[]>();
  private readonly entries: CacheEntry[];

  constructor(entries: readonly CacheEntry[]) {
    this.entries = [...entries];
    for (const e of entries) {
      const k = `${e.engine}\n${withoutSeed(e.params)}`;
      (this.byPoint.get(k) ?? this.byPoint.set(k, []).get(k)!).push(e.result.wallSeconds);
    }
  }

  /** Seconds for one run, or null when no cached run of the same engine and regime exists. */
  estimate(params: SimParams): number | null {
    const p = params as unknown as Record<string, unknown>;
    const exact = this.byPoint.get(`${params.engine}\n${withoutSeed(p)}`);
    if (exact) return mean(exact);
    const candidates = this.entries.filter((e) => e.engine === params.engine && e.params.regime === params.regime && e.params.data === params.data);
    if (candidates.length === 0) return null;
    const distance = (e: CacheEntry) =>
      COST_KNOBS.reduce((s, k) => {
        const a = Number(p[k]);
        const b = Number(e.params[k]);
        return Number.isFinite(a) && Number.isFinite(b) && a > 0 && b > 0 ? s + Math.abs(Math.log(a / b)) : s;
      }, 0);
    const nearest = candidates.map((e) => ({ d: distance(e), s: e.result.wallSeconds })).sort((x, y) => x.d - y.d).slice(0, 5);
    return mean(nearest.map((n) => n.s));
  }
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** A claim's runs grouped by point, with cached counts and estimates. */
export function listClaim(id: string, planned: readonly PlannedRun[], isCached: (key: string) => boolean, estimator: RunTimeEstimator): ClaimListing {
  const unique = [...new Map(planned.map((r) => [r.key, r])).values()];
  const names = distinguishingParams(unique.map((r) => r.params));
  const points = new Map<string, PlanPoint>();
  let estimatedSeconds = 0;
  let unestimated = 0;
  for (const run of unique) {
    const p = run.params as unknown as Record<string, unknown>;
    const params = Object.fromEntries(names.map((n) => [n, p[n]]));
    const k = JSON.stringify(params);
    const point = points.get(k) ?? points.set(k, { params, seeds: [], cached: 0, estimatedSeconds: 0 }).get(k)!;
    point.seeds.push(run.params.seed);
    if (isCached(run.key)) {
      point.cached++;
      continue;
    }
    const s = estimator.estimate(run.params);
    if (s === null) {
      point.estimatedSeconds = null;
      unestimated++;
    } else {
      if (point.estimatedSeconds !== null) point.estimatedSeconds += s;
      estimatedSeconds += s;
    }
  }
  for (const point of points.values()) point.seeds.sort((a, b) => a - b);
  return { id, points: [...points.values()], estimatedSeconds, unestimated };
}

/** 0-4 for consecutive seeds, else the list. */
function seedsText(seeds: readonly number[]): string {
  const consecutive = seeds.every((s, i) => i === 0 || s === seeds[i - 1] + 1);
  return consecutive && seeds.length > 2 ? `seeds ${seeds[0]}-${seeds.at(-1)}` : `seed${seeds.length === 1 ? '' : 's'} ${seeds.join(',')}`;
}

function valueText(v: unknown): string {
  if (typeof v === 'number') return String(Number(v.toPrecision(4)));
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** The text listing of one claim's points, indented under the claim's count line. */
export function claimListingText(listing: ClaimListing): string[] {
  return listing.points.map((pt) => {
    const params = Object.entries(pt.params).map(([k, v]) => `${k}=${valueText(v)}`).join(' ') || '(one point)';
    const todo = pt.seeds.length - pt.cached;
    const time = todo === 0 ? 'cached' : pt.estimatedSeconds === null ? `${todo} to run, no estimate` : `${todo} to run, ~${formatDuration(pt.estimatedSeconds)}`;
    return `    ${params}  ${seedsText(pt.seeds)}  (${time})`;
  });
}

/**
 * The whole check's estimate: the sum of the uncached runs' estimates divided over the workers (runs of one
 * claim run in parallel), with how many runs had no cached run to estimate from.
 */
export function estimateText(listings: readonly ClaimListing[], workers: number): string {
  const seconds = listings.reduce((s, l) => s + l.estimatedSeconds, 0);
  const unestimated = listings.reduce((s, l) => s + l.unestimated, 0);
  if (unestimated > 0 && seconds === 0) return `estimated time: unknown (no similar cached runs to estimate ${unestimated} run${unestimated === 1 ? '' : 's'} from)`;
  const base = `estimated time: ~${formatDuration(seconds / workers)} on ${workers} worker${workers === 1 ? '' : 's'} (from the wall times of similar cached runs)`;
  return unestimated ? `${base}; ${unestimated} run${unestimated === 1 ? ' has' : 's have'} no similar cached run and ${unestimated === 1 ? 'is' : 'are'} not counted` : base;
}

/**
 * Listings for every claim of a plan, estimated from the cache's entries. A run shared with an earlier claim
 * counts there only (it is cached by the time the later claim asks for it).
 */
export async function listPlan(plan: { claims: ReadonlyArray<{ id: string; planned: readonly PlannedRun[] }> }, cacheDir: string): Promise<ClaimListing[]> {
  const { RunCache } = await import('../sweep/cache.js');
  const { listEntries } = await import('../sweep/cache-listing.js');
  const cache = new RunCache(cacheDir);
  const estimator = new RunTimeEstimator((await listEntries(cache)).map((e) => e.entry));
  const earlier = new Set<string>();
  return plan.claims.map((c) => {
    const listing = listClaim(c.id, c.planned, (key) => earlier.has(key) || cache.has(key), estimator);
    c.planned.forEach((r) => earlier.add(r.key));
    return listing;
  });
}
