import t from 'tap';
import { validateSpec } from '../src/spec/load.js';
import type { SpecInput } from '../src/spec/schema.js';
import { checkClaim, makeContext, planClaim } from '../proofs-check/check-claim.js';
import { FakeRuns, type Planted } from './helpers/fake-runs.js';

// A toy "paper": test error falls from 0.5 to ~0 once nLabeled exceeds n* = 2 snr^-3.
const nStar = (snr: number) => 2 * Math.pow(snr, -3);
const planted: Planted = (p, noise) => {
  const n = p.nLabeled;
  const err = 0.5 / (1 + Math.pow(n / nStar(p.snr), 4)) + 0.005 * Math.abs(noise());
  const better = p.regime === 'simclr' ? 0.02 + 0.005 * Math.abs(noise()) : err;
  return { testError: better, testLoss: better, alignmentPretrain: Math.min(1, 0.2 + 0.1 * Math.log(p.nUnlabeled) + 0.01 * noise()) };
};

function spec(claims: unknown[]): SpecInput {
  return {
    id: 'toy',
    title: 'Toy paper',
    source: { citation: 'nobody' },
    parameters: [
      { name: 'nLabeled', type: 'int', default: 10, range: [1, 100000], description: 'labels' },
      { name: 'snr', type: 'real', default: 0.3, range: [0.01, 2], description: 'SNR' },
      { name: 'nUnlabeled', type: 'int', default: 100, range: [2, 100000], description: 'unlabelled' },
      { name: 'q', type: 'real', default: 3, range: [1, 10], description: 'power' },
    ],
    constants: [{ name: 'C', default: 2, range: [0.1, 100], description: 'boundary constant', provenance: { mark: 'choice', ref: 'test' } }],
    assumptions: [{ id: 'q-big', expr: 'q > 2', description: 'q above 2', provenance: { mark: 'paper', ref: 'test' } }],
    claims: claims as SpecInput['claims'],
  } as SpecInput;
}

const prov = { mark: 'choice', ref: 'test' };
async function check(claim: Record<string, unknown>, budget: Record<string, number> = {}) {
  const loaded = validateSpec(spec([{ title: 't', statement: 's', provenance: prov, ...claim }]));
  const runs = new FakeRuns(planted);
  const ctx = makeContext(loaded, 0, { profile: 'quick', runs, budget });
  const plan = planClaim(ctx);
  const result = await checkClaim(ctx);
  return { result, plan, runs };
}

const scaling = (slope: string, tolerance = 0.5) => ({
  id: 'slope',
  kind: 'scaling',
  quantity: { kind: 'threshold', param: 'nLabeled', regime: 'supervised', metric: 'testError', direction: 'at-most', target: '0.25', range: [2, 2000] },
  along: { param: 'snr', values: [0.2, 0.3, 0.45] },
  slope,
  tolerance,
});

t.test('scaling: the planted exponent passes, a wrong exponent fails', async (t) => {
  const right = await check(scaling('-q'), { seeds: 3, points: 16 });
  t.equal(right.result.verdict, 'pass', right.result.reason);
  t.ok(Math.abs((right.result.fits![0].slope ?? 0) + 3) < 0.3, `fitted ${right.result.fits![0].slope}`);
  const wrong = await check(scaling('-1'), { seeds: 3, points: 16 });
  t.equal(wrong.result.verdict, 'fail', wrong.result.reason);
});

t.test('scaling: a censored threshold is a bound, never a value', async (t) => {
  const claim = scaling('-q');
  (claim.quantity as { range: number[] }).range = [2, 100]; // n*(0.2) = 250 is beyond the grid
  const r = await check(claim, { seeds: 3, points: 10 });
  const row = r.result.measurements.find((m) => m.snr === 0.2)!;
  t.equal(row.censored, 'lower bound (>)');
  t.match(r.result.reason, /censored/);
});

t.test('scaling: one seed at two values cannot give an interval, so the verdict is inconclusive', async (t) => {
  const claim = scaling('-q');
  claim.along.values = [0.3, 0.45];
  const r = await check(claim, { seeds: 1, points: 16 });
  t.equal(r.result.verdict, 'inconclusive', r.result.reason);
});

// testLoss (unbounded: the t rule) so that three seeds can decide; bounded metrics need more
// seeds by design (test/verdict-points-mc.test.ts).
const bound = (expr: string) => ({
  id: 'bound',
  kind: 'bound',
  regime: 'supervised',
  metric: 'testLoss',
  direction: 'at-most',
  bound: expr,
  hypothesis: 'nLabeled * snr^q >= 4 * C',
  region: { nLabeled: { range: [2, 2000], scale: 'log' }, snr: { range: [0.2, 0.5], scale: 'log' } },
});

t.test('bound: a true bound passes; a bound set too tight fails with a shrunk counterexample', async (t) => {
  const ok = await check(bound('0.1'), { seeds: 3, points: 8 });
  t.equal(ok.result.verdict, 'pass', ok.result.reason);
  t.ok(ok.result.search!.acceptanceRate < 1, 'points outside the hypothesis are rejected');
  const tight = await check(bound('0.001'), { seeds: 10, points: 8, maxShrinks: 40 });
  t.equal(tight.result.verdict, 'fail', tight.result.reason);
  const cx = tight.result.counterexample!;
  t.ok(cx, 'a counterexample');
  const first = tight.result.measurements.find((m) => m.outcome === 'fail' && m.shrinkCandidate === false)!;
  t.ok(cx.shrinkSteps > 0, `shrunk ${cx.shrinkSteps} times`);
  const size = (n: number, s: number) => Math.log(n) + Math.log(s);
  t.ok(
    size(Number(cx.params.nLabeled), Number(cx.params.snr)) < size(Number(first.nLabeled), Number(first.snr)),
    `counterexample n=${cx.params.nLabeled}, snr=${cx.params.snr} is smaller than the first failure n=${first.nLabeled}, snr=${first.snr}`,
  );
});

t.test('bound: runs are planned before they are decided', async (t) => {
  const r = await check(bound('0.1'), { seeds: 2, points: 5 });
  const planned = new Set(r.plan.map((p) => JSON.stringify(p)));
  t.ok(r.runs.requested.every((p) => planned.has(JSON.stringify(p))), 'a passing claim asks for no run outside its plan');
});

const comparison = (better: string, worse: string, margin: number) => ({
  id: 'cmp',
  kind: 'comparison',
  metric: 'testLoss',
  better: { regime: better },
  worse: { regime: worse },
  margin,
  set: { nLabeled: 10, snr: 0.3 },
});

t.test('comparison: the planted advantage passes, the reversed comparison fails', async (t) => {
  const ok = await check(comparison('simclr', 'supervised', 0.3));
  t.equal(ok.result.verdict, 'pass', ok.result.reason);
  const reversed = await check(comparison('supervised', 'simclr', 0));
  t.equal(reversed.result.verdict, 'fail', reversed.result.reason);
});

t.test('a negative control that fails is xfail; one that holds is xpass', async (t) => {
  const xfail = await check({ ...comparison('supervised', 'simclr', 0), expect: 'fail' });
  t.equal(xfail.result.verdict, 'xfail');
  const xpass = await check({ ...comparison('simclr', 'supervised', 0.3), expect: 'fail' });
  t.equal(xpass.result.verdict, 'xpass');
});

const phase = (boundary: string) => ({
  id: 'phase',
  kind: 'phase-transition',
  regime: 'supervised',
  metric: 'testError',
  success: { direction: 'at-most', threshold: '0.25' },
  // Fine enough for a sharp (noise-free) boundary to pin its exponent within the default tolerance.
  x: { param: 'nLabeled', values: [5, 10, 20, 40, 80, 160, 320, 640, 1280] },
  y: { param: 'snr', values: [0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6] },
  boundary,
  minAgreement: 0.8,
});

t.test('phase-transition: the planted boundary passes, a wrong one fails', async (t) => {
  const ok = await check(phase('nLabeled * snr^q - C'), { seeds: 3 });
  t.equal(ok.result.verdict, 'pass', ok.result.reason);
  const wrong = await check(phase('50 * C - nLabeled'), { seeds: 3 }); // reversed: success predicted for few labels
  t.equal(wrong.result.verdict, 'fail', wrong.result.reason);
});

const monotone = (direction: string) => ({
  id: 'mono',
  kind: 'monotone',
  regime: 'supervised',
  metric: 'testLoss',
  param: 'nLabeled',
  values: [10, 40, 160, 640],
  direction,
  set: { snr: 0.3 },
});

t.test('monotone: the true direction passes, the opposite fails', async (t) => {
  // Losses: each step's arms are bounded separately (the arm-wise rule), and the last value's
  // losses (about 0.004, half-normal noise: cv 0.76) need more than quick's 3 seeds for a bound.
  const ok = await check(monotone('decreasing'), { seeds: 10 });
  t.equal(ok.result.verdict, 'pass', ok.result.reason);
  const few = await check(monotone('decreasing'));
  t.equal(few.result.verdict, 'inconclusive', few.result.reason);
  const wrong = await check(monotone('increasing'));
  t.equal(wrong.result.verdict, 'fail', wrong.result.reason);
});

t.test('invariant: a property of every recorded step holds, and a planted violation is caught', async (t) => {
  const trajectory = (violateAt: number | null) => (p: { nLabeled: number }) =>
    Array.from({ length: 20 }, (_, step) => {
      const g = Math.log1p(step) * p.nLabeled;
      return { step, gammaMax: g, gammaMean: g, gammaMin: violateAt !== null && step === violateAt ? g - 100 : g, rhoBarMax: 1, rhoBarMean: 1, rhoUnderMin: -1, rhoUnderMean: -1 };
    });
  const claim = {
    id: 'inv',
    kind: 'invariant',
    regime: 'supervised',
    predicate: 'gammaMin >= prev_gammaMin - 1e-9',
    region: { nLabeled: { range: [2, 200], scale: 'log' } },
  };
  for (const [violateAt, expected] of [[null, 'pass'], [7, 'fail']] as const) {
    const loaded = validateSpec(spec([{ title: 't', statement: 's', provenance: prov, ...claim }]));
    const runs = new FakeRuns((p) => ({ decomposition: trajectory(violateAt)(p) }));
    const result = await checkClaim(makeContext(loaded, 0, { profile: 'quick', runs, budget: { seeds: 2, points: 5 } }));
    t.equal(result.verdict, expected, result.reason);
    t.ok(runs.requested.every((r) => r.engine === 'exact'), 'invariants run on the exact engine');
    if (expected === 'fail') {
      t.match(result.reason, /step 7/);
      t.equal(result.counterexample!.params.nLabeled, 2, 'shrunk to the smallest nLabeled');
    }
  }
});

t.test('comparison: an advantage smaller than the noise is inconclusive with few seeds', async (t) => {
  const loaded = validateSpec(spec([{ title: 't', statement: 's', provenance: prov, ...comparison('simclr', 'supervised', 0) }]));
  // Both regimes equal on average; seed noise decides nothing.
  const runs = new FakeRuns((_p, noise) => ({ testError: 0.3 + 0.05 * noise() }));
  const result = await checkClaim(makeContext(loaded, 0, { profile: 'quick', runs, budget: { seeds: 3 } }));
  t.equal(result.verdict, 'inconclusive', result.reason);
});

t.test('phase-transition: a fitted constant tests the boundary shape; a wrong shape still fails', async (t) => {
  // Planted boundary: nLabeled snr^3 = 2, but the spec's default C is 10.
  const shape = { ...phase('nLabeled * snr^q - C'), fit: ['C'] };
  const loadedDefault = await check({ ...phase('nLabeled * snr^q - 5 * C') }, { seeds: 3 });
  t.not(loadedDefault.result.verdict, 'pass', 'a wrong constant lowers agreement');
  const fitted = await check({ ...shape, boundary: 'nLabeled * snr^q - 5 * C' }, { seeds: 3 });
  t.equal(fitted.result.verdict, 'pass', fitted.result.reason);
  t.match(fitted.result.reason, /fitted within the declared range: C = /);
  // Fitting a constant cannot rescue a boundary whose sides are the wrong way round.
  const wrongShape = await check({ ...shape, boundary: '5 * C - nLabeled * snr^q' }, { seeds: 3 });
  t.equal(wrongShape.result.verdict, 'fail', wrongShape.result.reason);
});

t.test('ratios of two regimes\' label complexities keep censoring honest', async (t) => {
  const { scalingRatios } = await import('../proofs-check/ratios.js');
  const claim = (id: string, regime: string, points: { x: number; value: number; censored: 'none' | 'above' | 'below' }[]) =>
    ({ id, scaling: { quantity: 'nLabeled*', regime, along: 'snr', points } }) as never;
  const [r] = scalingRatios([
    claim('sup', 'supervised', [{ x: 0.2, value: 320, censored: 'above' }, { x: 0.3, value: 40, censored: 'none' }, { x: 0.4, value: 5, censored: 'below' }]),
    claim('ssl', 'simclr', [{ x: 0.2, value: 2, censored: 'none' }, { x: 0.3, value: 2, censored: 'below' }, { x: 0.4, value: 2, censored: 'below' }]),
  ]);
  t.same(r.rows.map((x) => [x.x, x.ratio, x.bound]), [[0.2, 160, 'lower'], [0.3, 20, 'lower'], [0.4, null, 'unknown']]);
});

t.test('comparison: the curves are drawn at the point the statistic reports', async (t) => {
  // Better by far at n = 10, worse at n = 400 (the supervised error has vanished there): the
  // statistic is the counterexample at 400, and so must be the figures' setting.
  const r = await check({ ...comparison('simclr', 'supervised', 0), set: { snr: 0.3 }, region: { nLabeled: { values: [10, 400] } } }, { seeds: 6 });
  t.equal(r.result.verdict, 'fail', r.result.reason);
  const at = r.result.statistic!.name.replace(/^.* at /, '');
  t.match(at, /400/, 'the statistic is at n = 400');
  t.ok(r.result.figures!.length > 0, 'a figure is drawn');
  for (const f of r.result.figures!) t.ok(f.title.includes(at), `figure "${f.title}" is at ${at}`);
});
