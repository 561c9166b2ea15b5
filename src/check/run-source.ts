import type { SimParams } from '../engine/params.js';
import type { RunResult } from '../engine/result.js';
import { planRuns, runAll, type Progress, type VersionOf } from '../sweep/executor.js';
import type { RunCache } from '../sweep/cache.js';
import type { RunPool } from '../sweep/pool.js';
import type { RunSource } from '../../proofs-check/context.js';

/** The checkers' run source: every run goes through the content-addressed cache and the shared pool. */
export class CachedRunSource implements RunSource {
  private readonly seen = new Set<string>();
  private hits = 0;
  constructor(
    private readonly cache: RunCache,
    private readonly pool: RunPool,
    private readonly versionOf: VersionOf,
    private readonly onProgress?: (p: Progress) => void,
    private readonly onResult?: (r: RunResult) => void,
  ) {}

  async run(list: readonly SimParams[]): Promise<RunResult[]> {
    const planned = await planRuns(list, this.versionOf);
    for (const p of planned) {
      if (this.seen.has(p.key)) continue;
      this.seen.add(p.key);
      if (this.cache.has(p.key)) this.hits++;
    }
    const results = await runAll(list, { cache: this.cache, workers: this.pool, versionOf: this.versionOf, onProgress: this.onProgress });
    const out = planned.map((p) => results.get(p.key)!);
    if (this.onResult) out.forEach(this.onResult);
    return out;
  }

  /** Distinct runs asked for so far, and how many of them were already cached when first asked. */
  counters(): { runs: number; cacheHits: number } {
    return { runs: this.seen.size, cacheHits: this.hits };
  }
}
