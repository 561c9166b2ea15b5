// A plug-in metric with no range (`range: null`: the values may lie anywhere) is decided by Student t,
// both for a bound on it and for paired differences of it; the skew-robust rules are for one-sided
// supports (losses) only. Planted normal seeds through checkClaim: the level holds, and Student t's
// power is what the arm-wise loss rule would give away.
import t from 'tap';
import { defineMetric } from '../src/index.js';
import { registerMetric } from '../src/components/metric.js';
import { meanBounds, meanPValue } from '../src/stats/mean-bound.js';
import { clopperPearson } from '../src/stats/binomial.js';
import { Rng } from '../src/util/rng.js';
import { checkClaim, makeContext } from '../proofs-check/check-claim.js';
import { PlantedRuns, tally, toySpec } from './helpers/verdict-scenarios.js';

registerMetric(defineMetric({ name: 'testLogRatio', description: 'a log-ratio: any real number', preference: 'higher', range: null }), 'test/verdict-null-range.test.ts');
registerMetric(defineMetric({ name: 'testNegLoss', description: 'minus a loss: at most 0', preference: 'higher', range: [-Infinity, 0] }), 'test/verdict-null-range.test.ts');

const toy = toySpec([
  { id: 'ratio-at-least-1', kind: 'bound', regime: 'supervised', metric: 'testLogRatio', direction: 'at-least', bound: '1', region: {} },
  { id: 'simclr-ratio-above', kind: 'comparison', metric: 'testLogRatio', better: { regime: 'simclr' }, worse: { regime: 'supervised' }, margin: 0, region: {} },
]);
const REPS = 400;
const FIVE = { seeds: 5, maxSeeds: 5 };
const atMost5pc = (k: number) => clopperPearson(k, REPS, 0.98).lower <= 0.05;

t.test('a bound on a metric with no range: Student t, at its level on normal seeds', async (t) => {
  const base = makeContext(toy, 0, { profile: 'quick', runs: { run: async () => [] }, baseSeed: 1, budget: FIVE });
  const one = await checkClaim({ ...base, runs: new PlantedRuns(1, 'testLogRatio', (_p, rng) => 1.5 + 0.3 * rng.normal()) });
  t.match(one.statistic?.method, /^Student t over 5 seeds/, String(one.statistic?.method));
  const atThreshold = await tally({ loaded: toy, claimIndex: 0, profile: 'quick', budget: FIVE, truth: { shift: 0, sd: 0.3 } }, REPS);
  t.ok(atMost5pc(atThreshold.pass), `at the threshold: ${atThreshold.pass} of ${REPS} pass`);
  // Negative control: a claim true by one sd passes far more often than 5% (the rule is not inert).
  const inside = await tally({ loaded: toy, claimIndex: 0, profile: 'quick', budget: FIVE, truth: { shift: 0.3, sd: 0.3 } }, REPS);
  t.ok(inside.pass > 0.5 * REPS, `true by one sd: ${inside.pass} of ${REPS} pass`);
});

t.test('a comparison on a metric with no range: Student t on the differences, at its level', async (t) => {
  const atMargin = await tally({ loaded: toy, claimIndex: 1, profile: 'quick', budget: FIVE, truth: { shift: 0, sd: 0.3 } }, REPS);
  t.ok(atMost5pc(atMargin.pass), `at the margin: ${atMargin.pass} of ${REPS} pass`);
  const ahead = await tally({ loaded: toy, claimIndex: 1, profile: 'quick', budget: FIVE, truth: { shift: 0.3, sd: 0.3 } }, REPS);
  t.ok(ahead.pass > 0.5 * REPS, `ahead by one sd: ${ahead.pass} of ${REPS} pass`);
});

t.test('the rule follows the support: no range, a loss, and the arm-wise rule only for one-sided arms', async (t) => {
  const rng = new Rng(7, 'null-range');
  let student = 0;
  let pairedLoss = 0;
  for (let r = 0; r < REPS; r++) {
    const d = Array.from({ length: 5 }, () => 0.3 + 0.3 * rng.normal());
    // Arms 1 + d and 1 around a shared seed effect; as losses they would go to the arm-wise rule.
    const seedEffect = Array.from({ length: 5 }, () => 2 + 0.3 * rng.normal());
    const arms: [number[], number[]] = [seedEffect.map((v, i) => v + d[i]), seedEffect];
    if (meanPValue(d, 0, 'greater', [-Infinity, Infinity], 0.95, { arms, support: [-Infinity, Infinity] }) <= 0.05) student++;
    if (meanPValue(d, 0, 'greater', [-Infinity, Infinity], 0.95, { arms, support: [0, Infinity] }) <= 0.05) pairedLoss++;
  }
  // The loss rule cannot use the pairing (a shared seed effect widens each arm) and assumes skew: valid but wide.
  t.ok(student > pairedLoss + 0.1 * REPS, `one sd ahead, 5 seeds: Student t passes ${student}, the arm-wise loss rule ${pairedLoss}`);
  t.match(meanBounds([0.1, 0.4, 0.2], 0.95).method, /^Student t/);
  t.match(meanBounds([0.1, 0.4, 0.2], 0.95, [0, Infinity]).method, /^skew-robust t/);
  t.match(meanBounds([0.1, -0.4, 0.2], 0.95, [-Infinity, Infinity], { arms: [[1, 2, 1.5], [0.9, 2.4, 1.3]], support: [0, Infinity] }).method, /^arm-wise skew-robust t/);
  t.match(meanBounds([0.1, -0.4, 0.2], 0.95, [-Infinity, Infinity], { arms: [[1, 2, 1.5], [0.9, 2.4, 1.3]], support: [-Infinity, Infinity] }).method, /^Student t/);
});

t.test('a metric bounded above only is a loss mirrored', async (t) => {
  const values = [-0.31, -0.35, -0.52, -0.4];
  const mirrored = values.map((v) => -v);
  const b = meanBounds(values, 0.95, [-Infinity, 0]);
  const m = meanBounds(mirrored, 0.95, [0, Infinity]);
  t.ok(Math.abs(b.lower + m.upper) < 1e-12 && Math.abs(b.upper + m.lower) < 1e-12, `[${b.lower}, ${b.upper}] mirrors [${m.lower}, ${m.upper}]`);
  t.match(b.method, /^skew-robust t .*, of 0 - value$/);
  t.equal(meanPValue(values, -0.2, 'less', [-Infinity, 0]), meanPValue(mirrored, 0.2, 'greater', [0, Infinity]));
  t.equal(meanPValue(values, 0.1, 'less', [-Infinity, 0]), 0, 'a threshold above the support is undercut without data');
  // Through a claim: seeds of minus a log-normal loss, judged by the mirrored rule.
  const spec = toySpec([{ id: 'neg-loss-at-least', kind: 'bound', regime: 'supervised', metric: 'testNegLoss', direction: 'at-least', bound: '-1', region: {} }]);
  const base = makeContext(spec, 0, { profile: 'quick', runs: { run: async () => [] }, baseSeed: 3, budget: { seeds: 8, maxSeeds: 8 } });
  const res = await checkClaim({ ...base, runs: new PlantedRuns(3, 'testNegLoss', (_p, rng) => -0.2 * Math.exp(0.1 * rng.normal())) });
  t.equal(res.verdict, 'pass');
  t.match(res.statistic?.method, /skew-robust t over 8 seeds/);
});
