// Long Monte Carlo of every claim's decision rule on planted truths (the short version is
// test/calibrate.test.ts): `npm run bench -- calibration`. Spec, profile and replicates from the
// environment: CALIBRATION_SPEC (default: the SimCLR spec), CALIBRATION_PROFILE (quick),
// CALIBRATION_REPLICATES (200), CALIBRATION_EFFECT (1). Prints the table `calibrate` prints and
// the wall time per claim; no figure is cached (a fresh temporary cache).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Profile } from '../proofs-check/budget.js';
import { calibrateClaims, calibrateCommand } from '../src/check/calibration.js';
import { calibrationTable } from '../src/commands/calibrate.js';
import { defaultSpecPath, loadSpec } from '../src/spec/load.js';
import { RunCache } from '../src/sweep/cache.js';
import { defaultVersionOf } from '../src/sweep/executor.js';

const spec = process.env.CALIBRATION_SPEC ?? defaultSpecPath();
const profile = (process.env.CALIBRATION_PROFILE ?? 'quick') as Profile;
const replicates = Number(process.env.CALIBRATION_REPLICATES ?? 200);
const effect = Number(process.env.CALIBRATION_EFFECT ?? 1);
const loaded = await loadSpec(spec);
const cacheDir = mkdtempSync(join(tmpdir(), 'th-bench-calibration-'));
const times: string[] = [];
let last = performance.now();
try {
  const claims = await calibrateClaims(loaded, loaded.spec.claims.map((_, i) => i), {
    profile,
    replicates,
    effect,
    ctxOpts: {},
    cache: new RunCache(cacheDir),
    cacheDir,
    versionOf: defaultVersionOf(),
    command: (id) => calibrateCommand(spec, profile, replicates, effect, id),
    onClaim: (c) => {
      const now = performance.now();
      times.push(`${c.id}: ${((now - last) / 1000).toFixed(1)} s`);
      last = now;
    },
  });
  console.log(`${loaded.spec.id} at ${profile}, ${replicates} replicates per planted truth, effect ${effect}`);
  process.stdout.write(calibrationTable(claims));
  console.log(`wall time: ${times.join('; ')}`);
} finally {
  rmSync(cacheDir, { recursive: true, force: true });
}
