// What the loss rule's verdicts are worth when losses are right-skewed (the short version is
// test/verdict-skewed-loss.test.ts): planted positive seeds (log-normal, gamma) fed to the real
// checkers. `npm run bench -- verdict-skewed`. Environment: SKEWED_REPS (default 2000) replicates per
// cell of the fixed-n table, SKEWED_ADAPTIVE_REPS (1000) per cell of the adaptive and family tables,
// SKEWED_SECTIONS (points,power,adaptive,family) to run some of them, SKEWED_PROFILES (quick,standard,paper).
// 1. points: "testLoss <= 1" with the mean exactly 1, through checkClaim at n seeds: the skew-robust t
//    rule against Student t on the same law (computed directly: the old rule, still used for paired
//    differences), false pass per cv and n.
// 1b. power: the same claim with the mean 10%, 25%, 50% below the threshold, at a fixed n, both rules.
// 2. adaptive: the same claim as `check` decides it (checkClaimAdaptively: the profile's rounds up to its
//    cap, the level spent over the looks), log-normal seeds: false pass and false fail at the threshold,
//    power 10%, 25%, 50% below it (the cv kept relative to the mean).
// 3. family: four such claims at their thresholds decided together (spec-level Holm), own-stop and
//    spec-target: the family-wise false pass.
import type { Profile } from '../proofs-check/budget.js';
import { familyRates, type FamilyMode } from '../proofs-check/calibrate/family.js';
import { meanPValue } from '../src/stats/mean-bound.js';
import { Rng } from '../src/util/rng.js';
import { SKEWED_SHAPES, skewedLoss, skewedValue, tally, TOY_CLAIMS, toySpec } from '../test/helpers/verdict-scenarios.js';

const reps = Number(process.env.SKEWED_REPS ?? 2000);
const adaptiveReps = Number(process.env.SKEWED_ADAPTIVE_REPS ?? 1000);
const sections = (process.env.SKEWED_SECTIONS ?? 'points,power,adaptive,family').split(',');
const profiles = (process.env.SKEWED_PROFILES ?? 'quick,standard,paper').split(',') as Profile[];
const CVS = [0.05, 0.1, 0.25, 0.5, 1.0];
const NS = [2, 3, 4, 6, 12, 24];
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
// +- of a rate: the 95% Monte Carlo half-width.
const half = (p: number, n: number) => (1.96 * Math.sqrt(Math.max(p * (1 - p), 1 / n) / n) * 100).toFixed(1);
const toy = toySpec([TOY_CLAIMS.lossAtMost]);
const t0 = performance.now();

if (sections.includes('points')) {
  console.log(`\n1. "testLoss <= 1" with mean 1 (false pass), ${reps} replicates per cell (+- ${half(0.05, reps)}% at 5%): skew-robust t (checkClaim) / Student t`);
  console.log(`| law | cv | ${NS.map((n) => `n = ${n}`).join(' | ')} |`);
  console.log(`|---|---|${NS.map(() => '---').join('|')}|`);
  for (const shape of SKEWED_SHAPES) {
    for (const cv of CVS) {
      const cells: string[] = [];
      for (const n of NS) {
        const r = await tally({ loaded: toy, claimIndex: 0, profile: 'quick', budget: { seeds: n }, truth: skewedLoss(shape, 1, cv) }, reps);
        let student = 0;
        for (let rep = 0; rep < reps; rep++) {
          const rng = new Rng(rep, 'student', shape, cv, n);
          const values = Array.from({ length: n }, () => skewedValue(shape, 1, cv, rng));
          if (meanPValue(values, 1, 'less', [-Infinity, Infinity]) <= 0.05) student++;
        }
        cells.push(`${pct(r.pass / reps)} / ${pct(student / reps)}`);
      }
      console.log(`| ${shape} | ${cv} | ${cells.join(' | ')} |`);
    }
  }
}

if (sections.includes('power')) {
  console.log(`\n1b. "testLoss <= 1", log-normal seeds, mean below 1 (power), ${reps} replicates per cell: skew-robust t (checkClaim) / Student t`);
  const means = [0.9, 0.75, 0.5];
  console.log(`| cv | n | ${means.map((m) => `mean ${m}`).join(' | ')} |`);
  console.log(`|---|---|${means.map(() => '---').join('|')}|`);
  for (const cv of CVS) {
    for (const n of [3, 6, 12]) {
      const cells: string[] = [];
      for (const mean of means) {
        const r = await tally({ loaded: toy, claimIndex: 0, profile: 'quick', budget: { seeds: n }, truth: skewedLoss('log-normal', mean, cv) }, reps);
        let student = 0;
        for (let rep = 0; rep < reps; rep++) {
          const rng = new Rng(rep, 'student-power', cv, n, mean);
          const values = Array.from({ length: n }, () => skewedValue('log-normal', mean, cv, rng));
          if (meanPValue(values, 1, 'less', [-Infinity, Infinity]) <= 0.05) student++;
        }
        cells.push(`${pct(r.pass / reps)} / ${pct(student / reps)}`);
      }
      console.log(`| ${cv} | ${n} | ${cells.join(' | ')} |`);
    }
  }
}

if (sections.includes('adaptive')) {
  console.log(`\n2. "testLoss <= 1" decided adaptively (log-normal seeds), ${adaptiveReps} replicates per cell (+- ${half(0.05, adaptiveReps)}% at 5%)`);
  console.log('| profile | cv | false pass at threshold | false fail at threshold | power, mean 0.9 | power, mean 0.75 | power, mean 0.5 | mean seeds at threshold |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const profile of profiles) {
    for (const cv of CVS) {
      const opts = (mean: number) => ({ profile, metric: 'testLoss' as const, sd: cv * mean });
      const at = await familyRates([1], 1, adaptiveReps, 'own-stop', opts(1));
      const power: string[] = [];
      for (const mean of [0.9, 0.75, 0.5]) power.push(pct((await familyRates([mean], 1, adaptiveReps, 'own-stop', opts(mean), adaptiveReps)).power));
      console.log(`| ${profile} | ${cv} | ${pct(at.familyFalsePass)} | ${pct(at.falseFail)} | ${power.join(' | ')} | ${at.meanSeeds.toFixed(1)} |`);
    }
  }
}

if (sections.includes('family')) {
  console.log(`\n3. Four "testLoss <= 1" claims all at their threshold (log-normal seeds), spec-level Holm, ${adaptiveReps} replicates per cell`);
  console.log('| profile | cv | mode | family-wise false pass | false fail per claim | mean seeds |');
  console.log('|---|---|---|---|---|---|');
  for (const profile of profiles.filter((p) => p !== 'paper')) {
    for (const cv of [0.25, 0.5, 1.0]) {
      for (const mode of ['own-stop', 'spec-target'] as FamilyMode[]) {
        const r = await familyRates([1, 1, 1, 1], 1, adaptiveReps, mode, { profile, metric: 'testLoss', sd: cv, method: 'holm' });
        console.log(`| ${profile} | ${cv} | ${mode} | ${pct(r.familyFalsePass)} +- ${half(r.familyFalsePass, adaptiveReps)} | ${pct(r.falseFail)} | ${r.meanSeeds.toFixed(1)} |`);
      }
    }
  }
}
console.log(`\nwall time ${((performance.now() - t0) / 1000).toFixed(0)} s`);
