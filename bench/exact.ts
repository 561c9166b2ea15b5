// Exact engine benchmark. Run: npx tsx bench/exact.ts          (speed-up over the tensor engine)
//                              npx tsx bench/exact.ts --scale  (d = 10^6, n = 100, m = 20, 1000 steps)
// Speed-up: both engines run the same SimParams (same seed) at d = 10^3, 10^4, 10^5 in one process
// and the ratio of wall times is printed. Scale: one exact run in a fresh process, with its wall
// time, CPU time (all threads) and peak resident memory (resourceUsage().maxRSS covers the worker
// threads, which share the process).
import { cpus } from 'node:os';
import { getEngine } from '../src/engine/engine.js';
import '../src/engine/engines.js';
import { resolveParams, type SimParamsInput } from '../src/engine/params.js';

async function wall(engine: 'exact' | 'tensor', input: SimParamsInput): Promise<{ seconds: number; testLoss: number | null }> {
  const params = resolveParams({ ...input, engine });
  const e = await getEngine(engine);
  const t0 = performance.now();
  const r = await e.run(params);
  return { seconds: (performance.now() - t0) / 1000, testLoss: r.metrics.testLoss };
}

const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

if (process.argv.includes('--scale')) {
  const input: SimParamsInput = { d: 1_000_000, nLabeled: 100, m: 20, steps: 1000, nTest: 1000, snr: 0.1, seed: 0 };
  const c0 = cpuSeconds();
  const { seconds } = await wall('exact', input);
  const mb = (process.resourceUsage().maxRSS / 1024).toFixed(0);
  console.log(
    `exact scale: d=1e6 n=100 m=20 nTest=1000 1000 steps: ${seconds.toFixed(1)} s wall, ${(cpuSeconds() - c0).toFixed(1)} s CPU, ` +
      `peak RSS ${mb} MB (${cpus().length} cores)`,
  );
} else {
  const base: SimParamsInput = { nLabeled: 20, m: 10, nTest: 200, steps: 200, curvePoints: 20, snr: 0.2, seed: 0 };
  // Warm up both engines (tfjs backend start, JIT) on a tiny run so the first timing is not start-up.
  await wall('tensor', { ...base, d: 100, steps: 5 });
  await wall('exact', { ...base, d: 100, steps: 5 });
  for (const d of [1e3, 1e4, 1e5]) {
    const tensor = await wall('tensor', { ...base, d });
    const exact = await wall('exact', { ...base, d });
    console.log(
      `exact vs tensor, d=${d.toExponential(0)} n=20 m=10 nTest=200 200 steps: tensor ${tensor.seconds.toFixed(2)} s, ` +
        `exact ${exact.seconds.toFixed(2)} s, speed-up ${(tensor.seconds / exact.seconds).toFixed(1)}x ` +
        `(test loss ${tensor.testLoss?.toPrecision(6)} vs ${exact.testLoss?.toPrecision(6)})`,
    );
  }
}
