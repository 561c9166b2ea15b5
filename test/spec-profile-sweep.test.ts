import t from 'tap';
import { readFileSync } from 'node:fs';
import { makeContext, planClaim } from '../proofs-check/check-claim.js';
import { validateSpec } from '../src/spec/load.js';
import { FakeRuns } from './helpers/fake-runs.js';
import { problemsOf } from './helpers/spec-problems.js';

// The toy spec's claim 1 is a scaling claim: nLabeled threshold in [2, 400] along snr.
const toy = JSON.parse(readFileSync('spec/examples/toy.json', 'utf8')) as Record<string, any>;
const withBudget = (claim: number, budget: unknown): Record<string, any> => {
  const s = structuredClone(toy);
  s.claims[claim].budget = budget;
  return s;
};

t.test('a profile can sweep its own values and search its own range; lint checks both', async (t) => {
  t.same(problemsOf(withBudget(1, { paper: { along: [0.1, 0.2], range: [2, 800] } })), [], 'valid on a scaling claim');
  t.match(problemsOf(withBudget(1, { paper: { along: [0.1, -0.2] } })).join('\n'), /claims\[1\]\.budget\.paper\.along.*positive values/);
  t.match(problemsOf(withBudget(1, { paper: { range: [2, 1e12] } })).join('\n'), /claims\[1\]\.budget\.paper\.range\[1\]/);
  t.match(problemsOf(withBudget(0, { paper: { along: [0.1] } })).join('\n'), /claims\[0\]\.budget\.paper\.along: budget\.paper\.along applies to scaling claims only/);
});

t.test('the plan of a profile with its own sweep runs those values and that range, the other profiles the claim\'s', async (t) => {
  const loaded = validateSpec(withBudget(1, { paper: { along: [0.1, 0.15], range: [2, 800], points: 3 }, quick: { points: 3 } }));
  const runs = new FakeRuns(() => ({ testError: 0 }) as never);
  const sweep = (profile: 'quick' | 'paper') => {
    const planned = planClaim(makeContext(loaded, 1, { profile, runs, budget: { seeds: 1 } }));
    return { snr: [...new Set(planned.map((p) => Number(p.snr.toFixed(3))))], n: [...new Set(planned.map((p) => p.nLabeled))] };
  };
  const paper = sweep('paper');
  t.same(paper.snr, [0.1, 0.15], 'paper: its own SNRs');
  t.same([Math.min(...paper.n), Math.max(...paper.n)], [2, 800], 'paper: its own range');
  const quick = sweep('quick');
  t.ok(quick.snr.every((s) => [0.2, 0.25, 0.3, 0.35, 0.45].includes(s)), 'quick: the claim\'s SNRs');
  t.same(Math.max(...quick.n), 400, 'quick: the claim\'s range');
});

t.test('the default spec sweeps unlabelled sample complexity down to SNR 0.03 in the paper profile only', async (t) => {
  const { loadSpec } = await import('../src/spec/load.js');
  const loaded = await loadSpec('spec/zhang-cao-2024-simclr.ts');
  const claim = loaded.spec.claims.find((c) => c.id === 'unlabeled-sample-complexity-slope')!;
  t.equal(Math.min(...claim.budget!.paper!.along!), 0.03);
  t.ok(claim.budget!.paper!.range![1] >= 11000 * 2, 'the search range reaches past n_0* ~ C_pre SNR^-2 = 11,000');
  t.equal(claim.budget!.quick!.along, undefined, 'quick keeps the claim\'s own sweep');
});
