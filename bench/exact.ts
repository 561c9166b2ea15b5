// Exact engine speed-up over the tensor engine (npm run bench -- exact): both engines run the same
// SimParams (same seed) at d = 10^3, 10^4, 10^5 in one process; the ratio of wall times is printed.
// The d = 10^6 run is bench/exact-scale.ts.
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

// eta ~ 1/d keeps GD stable as ||xi||^2 ~ d grows (Cao et al.'s step-size condition), so both engines report finite losses.
const base: SimParamsInput = { nLabeled: 20, m: 10, nTest: 200, steps: 200, curvePoints: 20, snr: 0.2, seed: 0 };
const etaFor = (d: number): number => 100 / d;
// Warm up both engines (tfjs backend start, JIT) on a tiny run so the first timing is not start-up.
await wall('tensor', { ...base, d: 100, steps: 5 });
await wall('exact', { ...base, d: 100, steps: 5 });
for (const d of [1e3, 1e4, 1e5]) {
  const tensor = await wall('tensor', { ...base, d, eta: etaFor(d) });
  const exact = await wall('exact', { ...base, d, eta: etaFor(d) });
  console.log(
    `exact vs tensor, d=${d.toExponential(0)} n=20 m=10 nTest=200 200 steps eta=100/d: tensor ${tensor.seconds.toFixed(2)} s, ` +
      `exact ${exact.seconds.toFixed(2)} s, speed-up ${(tensor.seconds / exact.seconds).toFixed(1)}x ` +
      `(test loss ${tensor.testLoss?.toPrecision(6)} vs ${exact.testLoss?.toPrecision(6)})`,
  );
}
