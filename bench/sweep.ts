// Sweep infrastructure benchmark: pool speed-up on CPU-bound runs, cache write/read rate, and the
// cost of the statistics a checker calls. Run: npx tsx bench/sweep.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveParams } from '../src/engine/params.js';
import { fitLogLog } from '../src/stats/loglog.js';
import { findThreshold } from '../src/stats/threshold.js';
import { RunCache } from '../src/sweep/cache.js';
import { runAll } from '../src/sweep/executor.js';
import { RunPool } from '../src/sweep/pool.js';

const FAKE = new URL('../test/fixtures/fake-engine.ts', import.meta.url).href;
const modules = [FAKE];
const versionOf = async () => 'fake-1';
const dir = mkdtempSync(join(tmpdir(), 'th-bench-'));

async function timed<T>(f: () => Promise<T> | T): Promise<[number, T]> {
  const t0 = performance.now();
  const out = await f();
  return [(performance.now() - t0) / 1000, out];
}

try {
  // 8 CPU-bound runs of 250 ms each.
  const plan = (base: number) => Array.from({ length: 8 }, (_, i) => resolveParams({ engine: 'exact', seed: base + i, steps: 250, curvePoints: 50 }));
  const [one] = await timed(() => runAll(plan(200), { cache: new RunCache(join(dir, 'a')), workers: 1, modules, versionOf }));
  const [two] = await timed(() => runAll(plan(100), { cache: new RunCache(join(dir, 'b')), workers: 2, modules, versionOf }));
  console.log(`pool: 8 x 250 ms runs: 1 worker ${one.toFixed(2)} s, 2 workers ${two.toFixed(2)} s (speed-up ${(one / two).toFixed(2)}; load average ${(await import('node:os')).loadavg()[0].toFixed(1)})`);

  // Cache: entries the size of a default run (50 curve points -> 1000 in the fake).
  const pool = new RunPool({ size: 1, modules });
  const runs = await Promise.all(Array.from({ length: 200 }, (_, i) => resolveParams({ engine: 'exact', seed: 1000 + i, steps: 0, curvePoints: 50 })).map(async (p) => ({ p, r: await pool.run(p) })));
  const cache = new RunCache(join(dir, 'c'));
  const [put, keys] = await timed(() => Promise.all(runs.map(({ p, r }) => cache.put({ engine: 'exact', engineVersion: 'fake-1', params: p }, r))));
  // A fresh instance reads from disk (an instance remembers what it wrote).
  const reader = new RunCache(join(dir, 'c'));
  const [get] = await timed(async () => {
    for (const k of keys) await reader.get(k);
  });
  console.log(`cache: 200 entries: put ${(200 / put).toFixed(0)}/s (atomic, fsync), get+validate ${(200 / get).toFixed(0)}/s`);

  const pts = [0.05, 0.1, 0.2, 0.4, 0.8].map((x) => ({ x, y: Array.from({ length: 8 }, (_, i) => x ** -2 * (1 + 0.01 * i)) }));
  const [ll] = await timed(() => fitLogLog(pts, { seed: 1, resamples: 2000 }));
  const grid = Array.from({ length: 12 }, (_, i) => ({ value: 10 * 2 ** i, k: Math.min(40, i * 5), n: 40 }));
  const [th] = await timed(() => {
    for (let i = 0; i < 1000; i++) findThreshold(grid, { target: 0.9 });
  });
  console.log(`stats: fitLogLog 5 points x 8 seeds, 2000 resamples ${(ll * 1000).toFixed(1)} ms; findThreshold 12-point grid ${th.toFixed(3)} ms each`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
