// What the point rules' verdicts are worth: false pass, false fail and power of bound, comparison
// and monotone claims, measured by feeding the real checkers (checkClaim) planted truths at the
// shipped budgets. `npm run bench -- verdict-points`; VERDICT_REPLICATES=n changes the replicates
// (default 1000; paper-budget rows of searched regions use half, they cost ~0.13 s each; the whole
// table takes about half an hour on two cores). VERDICT_CLAIMS=id,id runs only those shipped claims'
// rows of section 2 (and skips sections 1 and 3); the id toy-loss-monotone selects section 3's loss rows.
import type { Profile } from '../proofs-check/budget.js';
import { loadSpec, type LoadedSpec } from '../src/spec/load.js';
import { DIP_MEANS, RISING_MEANS, seedsOf, tally, TOY_CLAIMS, toySpec, zeroSpreadError, type Tally, type Trial } from '../test/helpers/verdict-scenarios.js';

const replicates = Number(process.env.VERDICT_REPLICATES ?? 1000);
const onlyClaims = process.env.VERDICT_CLAIMS?.split(',');
const PROFILES: Profile[] = ['quick', 'standard', 'paper'];
const pct = (k: number, n: number) => `${((100 * k) / n).toFixed(1)}%`;

/** What a truth makes each verdict: at the threshold both pass and fail are errors; off it, one is power. */
type Kind = 'at threshold' | 'holds' | 'false';
let rows = 0;

async function measure(claim: string, truthLabel: string, kind: Kind, trial: Trial, reps = replicates) {
  const t = await tally(trial, reps);
  rows++;
  const budget = trial.budget?.seeds ? `seeds ${trial.budget.seeds}` : trial.profile;
  const p = pct(t.pass, reps);
  const f = pct(t.fail, reps);
  const reads =
    kind === 'at threshold' ? `false fail ${f}, false pass ${p}` : kind === 'holds' ? `power ${p}, false fail ${f}` : `power to refute ${f}, false pass ${p}`;
  console.log(`${claim.padEnd(34)} ${truthLabel.padEnd(26)} ${budget.padEnd(9)} ${String(seedsOf(trial)).padStart(3)} ${String(reps).padStart(5)}  ${reads.padEnd(40)} (inconclusive ${pct(t.inconclusive, reps)}${t.error ? `, error ${t.error}` : ''})`);
}

const index = (loaded: LoadedSpec, id: string) => {
  const i = loaded.spec.claims.findIndex((c) => c.id === id);
  if (i < 0) throw new Error(`${loaded.spec.id} has no claim ${id}`);
  return i;
};

const started = performance.now();
console.log(`${'claim'.padEnd(34)} ${'truth'.padEnd(26)} ${'budget'.padEnd(9)} seeds  reps  rates`);

// 1. The issue's zero-spread error: 0 w.p. 0.8 else U[0.2, 0.4], true mean 0.06 > 0.05.
const toy = toySpec([TOY_CLAIMS.zeroSpread, TOY_CLAIMS.monotone, TOY_CLAIMS.monotoneLoss]);
if (!onlyClaims) {
  for (const seeds of [2, 3, 6]) await measure('testError <= 0.05 (toy)', 'zero-spread, mean 0.06', 'false', { loaded: toy, claimIndex: 0, profile: 'quick', budget: { seeds }, truth: zeroSpreadError });
  for (const profile of PROFILES) await measure('testError <= 0.05 (toy)', 'zero-spread, mean 0.06', 'false', { loaded: toy, claimIndex: 0, profile, truth: zeroSpreadError });
  for (const seeds of [10, 30, 100]) await measure('testError <= 0.05 (toy)', 'always 0 (holds by 0.05)', 'holds', { loaded: toy, claimIndex: 0, profile: 'quick', budget: { seeds }, truth: () => 0 });
}

// 2. Bound and comparison claims of the shipped specs, at their thresholds (sd 0.05) and off them.
const cao = await loadSpec('spec/cao-2022-benign.ts');
const simclr = await loadSpec('spec/zhang-cao-2024-simclr.ts');
const pointClaims: [LoadedSpec, string][] = [
  [cao, 'harmful-test-loss'],
  [simclr, 'thm-4-2-test-loss-bound'],
  [simclr, 'pretrain-alignment'],
  [simclr, 'thm-4-2-simclr-beats-supervised'],
  [simclr, 'pretrain-alignment-peaks'],
];
for (const [loaded, id] of pointClaims.filter(([, id]) => !onlyClaims || onlyClaims.includes(id))) {
  const claimIndex = index(loaded, id);
  for (const profile of PROFILES) {
    const searched = loaded === cao && profile === 'paper';
    const reps = searched ? Math.ceil(replicates / 2) : replicates;
    const trial = (shift: number): Trial => ({ loaded, claimIndex, profile, truth: { shift, sd: 0.05 } });
    await measure(id, 'at threshold, sd 0.05', 'at threshold', trial(0), reps);
    await measure(id, 'holds by 0.1 (2 sd)', 'holds', trial(0.1), reps);
    await measure(id, 'false by 0.1 (2 sd)', 'false', trial(-0.1), reps);
  }
  // Bounded metrics: how many seeds the bounded-support rule needs (what adaptive seeds would add).
  if (loaded === simclr && id !== 'thm-4-2-test-loss-bound') {
    for (const seeds of [30, 60]) {
      const trial = (shift: number): Trial => ({ loaded, claimIndex, profile: 'standard', budget: { seeds }, truth: { shift, sd: 0.05 } });
      await measure(id, 'holds by 0.1 (2 sd)', 'holds', trial(0.1), Math.ceil(replicates / 4));
      await measure(id, 'false by 0.1 (2 sd)', 'false', trial(-0.1), Math.ceil(replicates / 4));
    }
  }
}

// 3. Monotone: the issue's dip (0.3, 0.7, 0.5, 0.9 "increasing") and a truly rising curve, on a
// bounded metric (betting rule) and on a loss (t rule), sd 0.05 per seed and value.
const lossMonotoneRows = !onlyClaims || onlyClaims.includes('toy-loss-monotone');
if (!onlyClaims || lossMonotoneRows) {
  const mono = (claimIndex: number, means: readonly number[], budget?: Trial['budget'], profile: Profile = 'quick'): Trial => ({ loaded: toy, claimIndex, profile, budget, truth: { shift: 0, sd: 0.05, means } });
  if (!onlyClaims) {
    await measure('alignment increasing (toy)', 'dip 0.3 0.7 0.5 0.9', 'false', mono(1, DIP_MEANS, { seeds: 2 }));
    for (const profile of PROFILES) await measure('alignment increasing (toy)', 'dip 0.3 0.7 0.5 0.9', 'false', mono(1, DIP_MEANS, undefined, profile));
    for (const profile of PROFILES) await measure('alignment increasing (toy)', 'rising 0.3 0.5 0.7 0.9', 'holds', mono(1, RISING_MEANS, undefined, profile));
    for (const seeds of [20, 40]) await measure('alignment increasing (toy)', 'dip 0.3 0.7 0.5 0.9', 'false', mono(1, DIP_MEANS, { seeds }));
    for (const seeds of [20, 40]) await measure('alignment increasing (toy)', 'rising 0.3 0.5 0.7 0.9', 'holds', mono(1, RISING_MEANS, { seeds }));
  }
  const lossDip = [0.9, 0.5, 0.7, 0.3];
  const lossFall = [0.9, 0.7, 0.5, 0.3];
  await measure('testLoss decreasing (toy, arm-wise skew-robust t)', 'dip 0.9 0.5 0.7 0.3', 'false', mono(2, lossDip, { seeds: 2 }));
  for (const profile of PROFILES) await measure('testLoss decreasing (toy, arm-wise skew-robust t)', 'dip 0.9 0.5 0.7 0.3', 'false', mono(2, lossDip, undefined, profile));
  for (const profile of PROFILES) await measure('testLoss decreasing (toy, arm-wise skew-robust t)', 'falling 0.9 0.7 0.5 0.3', 'holds', mono(2, lossFall, undefined, profile));
}

console.log(`\n${rows} rows, ${((performance.now() - started) / 1000).toFixed(0)} s. Budgets: quick/standard/paper are the profiles with each claim's own seeds; "seeds k" overrides them.`);
