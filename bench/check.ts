// Wall time of the main job: `check` on the default spec with the quick profile, from an empty
// cache and then again from the full cache, against one supervised run at the spec's defaults
// measured in the same process (so the ratio means something on any machine).
//   npm run bench -- check            (PROFILE=standard npm run bench -- check for another profile)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../src/engine/engines.js';
import { getEngine } from '../src/engine/engine.js';
import { resolveParams } from '../src/engine/params.js';
import { runCheck } from '../src/check/run-check.js';
import type { Profile } from '../proofs-check/budget.js';

const profile = (process.env.PROFILE ?? 'quick') as Profile;
const dir = mkdtempSync(join(tmpdir(), 'th-bench-check-'));
try {
  const engine = await getEngine('tensor');
  const reference = resolveParams({ regime: 'supervised', nLabeled: 40, snr: 0.3 });
  await engine.run({ ...reference, steps: 10 }); // warm-up: backend start-up is not the reference
  let t = performance.now();
  await engine.run(reference);
  const refSeconds = (performance.now() - t) / 1000;

  t = performance.now();
  const cold = await runCheck({ profile, outDir: join(dir, 'out'), cacheDir: join(dir, 'cache') });
  const coldSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  await runCheck({ profile, outDir: join(dir, 'out2'), cacheDir: join(dir, 'cache') });
  const warmSeconds = (performance.now() - t) / 1000;

  const claims = cold.results!.claims;
  const runs = claims.reduce((s, c) => s + c.runs, 0);
  console.log(`check ${cold.results!.spec.id} --profile ${profile}: ${claims.length} claims, ${runs} runs (claims share runs through the cache)`);
  for (const c of claims) console.log(`  ${c.id.padEnd(42)} ${c.verdict.padEnd(12)} ${String(c.runs).padStart(4)} runs ${c.wallSeconds.toFixed(1).padStart(7)} s`);
  console.log(`reference: one supervised run (d=1000, n=40, 2000 steps) ${refSeconds.toFixed(2)} s`);
  console.log(`cold cache: ${coldSeconds.toFixed(1)} s = ${(coldSeconds / refSeconds).toFixed(0)} reference runs`);
  console.log(`warm cache: ${warmSeconds.toFixed(1)} s = ${(warmSeconds / refSeconds).toFixed(1)} reference runs (verdicts and reports only)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
