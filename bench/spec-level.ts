// Monte Carlo of the spec-level decision under adaptive seeds (the short version is
// test/spec-adaptive.test.ts): a family of bound claims on planted truths, decided either by
// stopping each claim at its own decision and adjusting afterwards (own-stop) or with the adjusted
// decision as the stopping target (spec-target). `npm run bench -- spec-level`; SPEC_LEVEL_REPS
// (default 1000) replicates per row, SPEC_LEVEL_PROFILES (quick,standard), SPEC_LEVEL_METHODS (holm,bh),
// SPEC_LEVEL_MODES (own-stop,spec-target), SPEC_LEVEL_FAMILIES (testLoss,testError).
import type { Profile } from '../proofs-check/budget.js';
import { familyRates, type FamilyMode } from '../proofs-check/calibrate/family.js';
import type { MultiplicityMethod } from '../proofs-check/multiplicity.js';
import type { Metric } from '../src/spec/schema.js';

const reps = Number(process.env.SPEC_LEVEL_REPS ?? 1000);
const profiles = (process.env.SPEC_LEVEL_PROFILES ?? 'quick,standard').split(',') as Profile[];
const methods = (process.env.SPEC_LEVEL_METHODS ?? 'holm,bh').split(',') as MultiplicityMethod[];
const modes = (process.env.SPEC_LEVEL_MODES ?? 'own-stop,spec-target').split(',') as FamilyMode[];
const only = process.env.SPEC_LEVEL_FAMILIES?.split(',');
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
// +- of a rate: the 95% Monte Carlo half-width.
const half = (p: number, n: number) => (1.96 * Math.sqrt(Math.max(p * (1 - p), 1 / n) / n) * 100).toFixed(1);

// Loss claims "testLoss <= 1" with seed sd 0.05 (skew-robust t rule, log-normal seeds with cv 0.05) and error claims
// "testError <= 0.2" with sd 0.05 (betting rule). At threshold: the mean is the bound; true: the mean
// is `effect` sds inside it.
const families: { name: string; metric: Metric; bound: number; sd: number; effect: number; count: number }[] = [
  { name: 'loss (skew-robust t)', metric: 'testLoss', bound: 1, sd: 0.05, effect: 1, count: 6 },
  { name: 'error (betting)', metric: 'testError', bound: 0.2, sd: 0.05, effect: 3, count: 6 },
];

console.log(`${reps} replicates per row; family of 6 bound claims; null: all 6 at their threshold; mixed: 3 true by the effect, 3 at the threshold`);
console.log('| family | profile | method | mode | null: family false pass | null: false fail | mixed: family false pass | mixed: power | mixed: mean seeds |');
console.log('|---|---|---|---|---|---|---|---|---|');
const t0 = performance.now();
for (const f of families.filter((f) => !only || only.includes(f.metric))) {
  for (const profile of profiles) {
    for (const method of methods) {
      for (const mode of modes) {
        const opts = { profile, metric: f.metric, sd: f.sd, method };
        const nul = await familyRates(Array(f.count).fill(f.bound), f.bound, reps, mode, opts);
        const inside = f.bound - f.effect * f.sd;
        const mixed = await familyRates([...Array(f.count / 2).fill(inside), ...Array(f.count / 2).fill(f.bound)], f.bound, reps, mode, opts, reps);
        console.log(
          `| ${f.name}, true by ${f.effect} sd | ${profile} | ${method} | ${mode} | ${pct(nul.familyFalsePass)} +- ${half(nul.familyFalsePass, reps)} | ${pct(nul.falseFail)} | ${pct(mixed.familyFalsePass)} +- ${half(mixed.familyFalsePass, reps)} | ${pct(mixed.power)} | ${mixed.meanSeeds.toFixed(1)} |`,
        );
      }
    }
  }
}
console.log(`wall time ${((performance.now() - t0) / 1000).toFixed(0)} s`);
