// What the loss rule's verdicts are worth when losses are right-skewed (the short version is
// test/verdict-skewed-loss.test.ts): planted positive seeds (log-normal, gamma) fed to the real
// checkers. `npm run bench -- verdict-skewed`. Environment: SKEWED_REPS (default 2000) replicates per
// cell of the fixed-n table, SKEWED_ADAPTIVE_REPS (1000) per cell of the adaptive and family tables,
// SKEWED_SECTIONS (points,power,adaptive,family,paired,paired-laws,paired-power) to run some of them, SKEWED_PROFILES (quick,standard,paper).
// 1. points: "testLoss <= 1" with the mean exactly 1, through checkClaim at n seeds: the skew-robust t
//    rule against Student t on the same law (computed directly: the old rule), false pass per cv and n.
// 1b. power: the same claim with the mean 10%, 25%, 50% below the threshold, at a fixed n, both rules.
// 2. adaptive: the same claim as `check` decides it (checkClaimAdaptively: the profile's rounds up to its
//    cap, the level spent over the looks), log-normal seeds: false pass and false fail at the threshold,
//    power 10%, 25%, 50% below it (the cv kept relative to the mean).
// 3. family: four such claims at their thresholds decided together (spec-level Holm), own-stop and
//    spec-target: the family-wise false pass.
// 4. paired: claims decided from paired differences of losses (a comparison "simclr testLoss <=
//    supervised testLoss", margin 0; a monotone "testLoss decreasing in nLabeled" over four values
//    with one flat step), log-normal runs with a shared per-seed effect (80% of the log-variance
//    common to a seed's runs) or independent, both arms with the same cv or only the better arm
//    (the later step) skewed: false pass at the threshold and power, fixed n = the profiles' first
//    rounds and adaptive. SKEWED_PAIRED_REPS (default 500: +- 1.9% at 5%) replicates per cell; 4b
//    (section paired-power): power, SKEWED_PAIRED_POWER_REPS (200) per cell. SKEWED_PAIRED_CVS picks the cvs,
//    SKEWED_PAIRED_CLAIMS (comparison,monotone) the claims, SKEWED_PAIRED_LAYOUTS (equal:0.8,equal:0,
//    better-arm:0.8,better-arm:0) the rows of section 4. 4c (section paired-laws): arms sharing a
//    seed effect with unequal cvs, the case a t test of the differences gets wrong.
import type { Profile } from '../proofs-check/budget.js';
import { familyRates, type FamilyMode } from '../proofs-check/calibrate/family.js';
import { studentPValue } from '../src/stats/mean-bound.js';
import { Rng } from '../src/util/rng.js';
import { PAIRED_LOSS_CLAIMS, pairedLogNormal, SKEWED_SHAPES, skewedLoss, skewedValue, tally, tallyAdaptive, TOY_CLAIMS, toySpec, type Draw } from '../test/helpers/verdict-scenarios.js';

const reps = Number(process.env.SKEWED_REPS ?? 2000);
const adaptiveReps = Number(process.env.SKEWED_ADAPTIVE_REPS ?? 1000);
const pairedReps = Number(process.env.SKEWED_PAIRED_REPS ?? 500);
const sections = (process.env.SKEWED_SECTIONS ?? 'points,power,adaptive,family,paired,paired-laws,paired-power').split(',');
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
          if (studentPValue(values, 1, 'less') <= 0.05) student++;
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
          if (studentPValue(values, 1, 'less') <= 0.05) student++;
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
const paired = toySpec([PAIRED_LOSS_CLAIMS.comparison, PAIRED_LOSS_CLAIMS.monotone]);
const pairedCvs = (process.env.SKEWED_PAIRED_CVS ?? '0.1,0.25,0.5,1').split(',').map(Number);
const PAIRED_CLAIMS = ['comparison', 'monotone'] as const;
const pairedOnly = process.env.SKEWED_PAIRED_CLAIMS?.split(',');
// Comparison: the better arm (simclr) has mean 1 - effect, the worse arm 1. Monotone (decreasing
// over nLabeled 10, 20, 40, 80): means 2, 1, 1 - effect, (1 - effect) / 2 (effect 0: the flat middle step).
// `better-arm`: only the better arm (the later value of the middle step) has the given cv, the other 0.1.
function pairedTruth(claim: 'comparison' | 'monotone', effect: number, cv: number, spread: 'equal' | 'better-arm', shared: number): Draw {
  if (claim === 'comparison') return pairedLogNormal((p) => (p.regime === 'simclr' ? 1 - effect : 1), (p) => (spread === 'equal' || p.regime === 'simclr' ? cv : 0.1), shared);
  const means: Record<number, number> = { 10: 2, 20: 1, 40: 1 - effect, 80: 0.5 * (1 - effect) };
  return pairedLogNormal((p) => means[p.nLabeled], (p) => (spread === 'equal' || p.nLabeled === 40 ? cv : 0.1), shared);
}

if (sections.includes('paired')) {
  const fixedNs = [3, 5, 10];
  const allLayouts = [
    { spread: 'equal', shared: 0.8 },
    { spread: 'equal', shared: 0 },
    { spread: 'better-arm', shared: 0.8 },
    { spread: 'better-arm', shared: 0 },
  ] as const;
  // SKEWED_PAIRED_LAYOUTS=better-arm:0.8,better-arm:0 picks rows (the worst case, say, at more replicates).
  const layoutOnly = process.env.SKEWED_PAIRED_LAYOUTS?.split(',');
  const layouts = allLayouts.filter((l) => !layoutOnly || layoutOnly.includes(`${l.spread}:${l.shared}`));
  console.log(`\n4. Paired differences of log-normal losses at the threshold (false pass), ${pairedReps} replicates per cell (+- ${half(0.05, pairedReps)}% at 5%); fixed n through checkClaim, adaptive through checkClaimAdaptively (mean seeds in brackets)`);
  console.log(`| claim | cv | spread | shared | ${fixedNs.map((n) => `n = ${n}`).join(' | ')} | ${profiles.map((p) => `adaptive ${p}`).join(' | ')} |`);
  console.log(`|---|---|---|---|${fixedNs.map(() => '---').join('|')}|${profiles.map(() => '---').join('|')}|`);
  for (const [claimIndex, claim] of PAIRED_CLAIMS.entries()) {
    if (pairedOnly && !pairedOnly.includes(claim)) continue;
    for (const cv of pairedCvs) {
      for (const { spread, shared } of layouts) {
        const draw = pairedTruth(claim, 0, cv, spread, shared);
        const cells: string[] = [];
        for (const n of fixedNs) cells.push(pct((await tally({ loaded: paired, claimIndex, profile: 'quick', budget: { seeds: n, maxSeeds: n }, truth: draw }, pairedReps)).pass / pairedReps));
        for (const profile of profiles) {
          const r = await tallyAdaptive({ loaded: paired, claimIndex, profile, truth: draw }, pairedReps);
          cells.push(`${pct(r.pass / pairedReps)} (${r.seeds.toFixed(1)})`);
        }
        console.log(`| ${claim} | ${cv} | ${spread} | ${shared} | ${cells.join(' | ')} |`);
      }
    }
  }
}

if (sections.includes('paired-laws')) {
  // Arms sharing a seed effect with unequal skew: the laws that broke the t test of the differences
  // (the rule before the arm-wise one), whose worst case is not the one-constant-arm limit.
  const laws = [
    [1, 0.1, 0.8],
    [1, 0.1, 1],
    [1, 0.5, 1],
    [1, 0.9, 1],
    [1, 0.5, 0.8],
    [0.5, 0.25, 1],
  ] as const;
  const fixedNs = [3, 5, 10];
  console.log(`\n4c. Comparison of losses at margin 0, the better arm with cv c1, the worse c2, a shared fraction of the log-variance: false pass / false fail (the claim holds at equality), ${pairedReps} replicates per cell; fixed n / adaptive (mean seeds)`);
  console.log(`| c1 | c2 | shared | ${fixedNs.map((n) => `n = ${n}`).join(' | ')} | ${profiles.map((p) => `adaptive ${p}`).join(' | ')} |`);
  console.log(`|---|---|---|${fixedNs.map(() => '---').join('|')}|${profiles.map(() => '---').join('|')}|`);
  for (const [c1, c2, shared] of laws) {
    const draw = pairedLogNormal(() => 1, (p) => (p.regime === 'simclr' ? c1 : c2), shared);
    const cells: string[] = [];
    for (const n of fixedNs) {
      const r = await tally({ loaded: paired, claimIndex: 0, profile: 'quick', budget: { seeds: n, maxSeeds: n }, truth: draw }, pairedReps);
      cells.push(`${pct(r.pass / pairedReps)} / ${pct(r.fail / pairedReps)}`);
    }
    for (const profile of profiles) {
      const r = await tallyAdaptive({ loaded: paired, claimIndex: 0, profile, truth: draw }, pairedReps);
      cells.push(`${pct(r.pass / pairedReps)} / ${pct(r.fail / pairedReps)} (${r.seeds.toFixed(1)})`);
    }
    console.log(`| ${c1} | ${c2} | ${shared} | ${cells.join(' | ')} |`);
  }
}

if (sections.includes('paired-power')) {
  const powerReps = Number(process.env.SKEWED_PAIRED_POWER_REPS ?? 200);
  const effects = [0.1, 0.25, 0.5];
  console.log(`\n4b. Paired differences of log-normal losses, power (the better arm / the middle step ahead by a fraction of the mean), both arms the same cv, ${powerReps} replicates per cell: n = 5 fixed / adaptive ${profiles.join(' / ')}`);
  console.log(`| claim | cv | shared | ${effects.map((e) => `ahead by ${e}`).join(' | ')} |`);
  console.log(`|---|---|---|${effects.map(() => '---').join('|')}|`);
  for (const [claimIndex, claim] of PAIRED_CLAIMS.entries()) {
    if (pairedOnly && !pairedOnly.includes(claim)) continue;
    for (const cv of pairedCvs) {
      for (const shared of [0.8, 0]) {
        const cells: string[] = [];
        for (const effect of effects) {
          const draw = pairedTruth(claim, effect, cv, 'equal', shared);
          const parts = [pct((await tally({ loaded: paired, claimIndex, profile: 'quick', budget: { seeds: 5, maxSeeds: 5 }, truth: draw }, powerReps)).pass / powerReps)];
          for (const profile of profiles) parts.push(pct((await tallyAdaptive({ loaded: paired, claimIndex, profile, truth: draw }, powerReps)).pass / powerReps));
          cells.push(parts.join(' / '));
        }
        console.log(`| ${claim} | ${cv} | ${shared} | ${cells.join(' | ')} |`);
      }
    }
  }
}
console.log(`\nwall time ${((performance.now() - t0) / 1000).toFixed(0)} s`);
