// Exact engine at scale (issue 6): one supervised run with d = 10^6, n = 100, m = 20, nTest = 1000,
// 1000 GD steps, in its own process (npm run bench -- exact-scale). Prints wall time, CPU time of all
// threads, and peak resident memory: resourceUsage().maxRSS covers the Gram-pass worker threads,
// which share this process. CPU / cores is what the wall time would be on otherwise idle cores.
import { availableParallelism } from 'node:os';
import { getEngine } from '../src/engine/engine.js';
import '../src/engine/engines.js';
import { resolveParams } from '../src/engine/params.js';

const params = resolveParams({ engine: 'exact', d: 1_000_000, nLabeled: 100, m: 20, steps: 1000, nTest: 1000, snr: 0.1, seed: 0 });
const engine = await getEngine('exact');
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const result = await engine.run(params);
const wall = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const peakMb = process.resourceUsage().maxRSS / 1024;
console.log(
  `exact scale: d=1e6 n=100 m=20 nTest=1000 1000 steps: ${wall.toFixed(1)} s wall, ${cpuSeconds.toFixed(1)} s CPU ` +
    `(${availableParallelism()} cores), peak RSS ${peakMb.toFixed(0)} MB; test error ${result.metrics.testError}, diverged ${result.diverged !== null}`,
);
