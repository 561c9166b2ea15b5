// Long Monte Carlo of the scaling and phase-transition decision rules on planted truths, through
// checkClaim on the shipped SimCLR spec's claims at each profile's budget: coverage of the slope
// interval, false pass / fail and power. `npm run bench -- verdict-scaling`; replicate counts from
// SCALING_REPS (default 2000) and PHASE_REPS (default 200; a phase replicate fits hundreds of runs).
import type { Profile } from '../proofs-check/budget.js';
import { phaseReplicate, scalingReplicate, tally, type ScalingTruth, type Tally } from '../test/helpers/planted-verdicts.js';

const scalingReps = Number(process.env.SCALING_REPS ?? 2000);
const phaseReps = Number(process.env.PHASE_REPS ?? 200);
const profiles = (process.env.PROFILES ?? 'quick,standard,paper').split(',') as Profile[];
// Other specs' phase-transition claims on an (nLabeled, snr) grid: PHASE_CLAIMS=spec/cao-2022-benign.ts:phase-transition,...
const phaseTargets = (process.env.PHASE_CLAIMS ?? '').split(',').filter(Boolean).map((s) => {
  const at = s.lastIndexOf(':');
  return { spec: s.slice(0, at), claim: s.slice(at + 1) };
});

const pct = (k: number, n: number) => `${((100 * k) / n).toFixed(1)}%`;
/** Half-width of a 95% normal interval for a rate, so a reader can tell a figure from its noise. */
const pm = (k: number, n: number) => `+-${(196 * Math.sqrt((k / n) * (1 - k / n) / n)).toFixed(1)}`;
const rate = (k: number, n: number) => `${pct(k, n)} (${pm(k, n)})`;

const seedSlopes: ScalingTruth = { slope: -3, slopeSd: 1, noiseSd: 0.1, interceptSd: 0.3, centre: 40 };
const issueSpread: ScalingTruth = { slope: -3, slopeSd: 0, noiseSd: 0.62, interceptSd: 0, centre: 40 };
const atEdge: ScalingTruth = { slope: -2, slopeSd: 0.5, noiseSd: 0.1, interceptSd: 0.3, centre: 40 };
const wrong: ScalingTruth = { slope: -1, slopeSd: 0.3, noiseSd: 0.1, interceptSd: 0.3, centre: 40 };

console.log(`scaling: supervised-label-complexity-slope (-q +- 1), ${scalingReps} replicates per cell`);
console.log('profile  | coverage, seed slopes sd 1.0 | pass at the edge (-2) | slope -1: pass / fail | power at -3, log n* sd 0.62 | median seedsToDecide');
for (const profile of profiles) {
  const started = performance.now();
  const cov = await tally(scalingReps, (r) => scalingReplicate(seedSlopes, profile, r), -3);
  const edge = await tally(scalingReps, (r) => scalingReplicate(atEdge, profile, r));
  const bad = await tally(scalingReps, (r) => scalingReplicate(wrong, profile, r));
  const seedsNeeded: number[] = [];
  const power: Tally = { replicates: scalingReps, pass: 0, fail: 0, inconclusive: 0, error: 0, covered: 0, withInterval: 0 };
  for (let r = 0; r < scalingReps; r++) {
    const res = await scalingReplicate(issueSpread, profile, r);
    if (res.verdict === 'pass') power.pass++;
    else if (res.verdict === 'fail') power.fail++;
    else power.inconclusive++;
    const m = /about (\d+) seeds would decide it/.exec(res.reason);
    if (m) seedsNeeded.push(Number(m[1]));
  }
  seedsNeeded.sort((a, b) => a - b);
  const median = seedsNeeded.length ? seedsNeeded[Math.floor(seedsNeeded.length / 2)] : NaN;
  console.log(
    `${profile.padEnd(8)} | ${rate(cov.covered, cov.replicates).padEnd(28)} | ${rate(edge.pass, edge.replicates).padEnd(21)} | ${pct(bad.pass, bad.replicates)} / ${pct(bad.fail, bad.replicates).padEnd(13)} | ${rate(power.pass, power.replicates).padEnd(27)} | ${median} (errors: ${cov.error + edge.error + bad.error + power.error}; ${((performance.now() - started) / 1000).toFixed(0)} s)`,
  );
}

// PHASE_DEFAULT=0 skips the SimCLR spec's own claim (to measure only PHASE_CLAIMS).
const withDefault = process.env.PHASE_DEFAULT !== '0';
for (const target of phaseReps > 0 ? [...(withDefault ? [undefined] : []), ...phaseTargets] : []) {
  console.log(`\nphase transition: ${target ? `${target.spec} ${target.claim}` : 'thm-4-3-supervised-phase-transition'} (exponent -1/3 +- 25%, C fitted), planted n SNR^q' = C, seed and run sd 0.44 of log load, ${phaseReps} replicates per cell`);
  console.log("profile  | seeds | q' = 3: pass / fail | q' = 2: pass / fail | q' = 5: pass / fail");
  for (const profile of profiles) {
    const started = performance.now();
    const cells: string[] = [];
    let seeds = 0;
    for (const q of [3, 2, 5]) {
      let first = true;
      const t = await tally(phaseReps, async (r) => {
        const res = await phaseReplicate({ q, seedSd: 0.44, runSd: 0.44 }, profile, r, {}, target);
        if (first) seeds = res.seeds.length;
        first = false;
        return res;
      });
      cells.push(`${rate(t.pass, t.replicates)} / ${pct(t.fail, t.replicates)}`);
    }
    console.log(`${profile.padEnd(8)} | ${String(seeds).padEnd(5)} | ${cells.join(' | ')} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
}
