import t from 'tap';
import fc from 'fast-check';
import { resolveParams, type SimParams } from '../../src/engine/params.js';
import { decompose, type Decomposition } from '../../src/engine/exact/decomposition.js';
import { explicitSupervisedData } from '../../src/engine/exact/engine.js';
import { ExplicitGd, type ExplicitData } from '../../src/engine/exact/explicit.js';
import { identityResidual, rhoSignViolations, summaryViolations, trajectoryViolations } from '../../src/engine/exact/invariants.js';
import { buildSupervisedProblem, dataModelOf, type Problem } from '../../src/engine/exact/problem.js';
import { fitLabelled } from '../../src/engine/exact/train.js';
import { gd as gdOptimizer } from '../../src/components/optimizers/gd.js';
import { getEngine } from '../../src/engine/engine.js';
import '../../src/engine/engines.js';

/** Small random configurations of the supervised regime. */
const config = fc.record({
  seed: fc.nat(10_000),
  d: fc.integer({ min: 3, max: 40 }),
  nLabeled: fc.integer({ min: 1, max: 6 }),
  nTest: fc.integer({ min: 1, max: 5 }),
  m: fc.integer({ min: 1, max: 3 }),
  activation: fc.constantFrom('linear', 'relu', 'relu^q'),
  q: fc.constantFrom(1, 1.5, 2, 3, 4),
  labelNoise: fc.constantFrom(0, 0.3),
  noiseCovariance: fc.constantFrom('projected', 'isotropic'),
  snr: fc.double({ min: 0.05, max: 2, noNaN: true }),
  sigma0: fc.double({ min: 0.01, max: 0.5, noNaN: true }),
  eta: fc.double({ min: 0.05, max: 1.5, noNaN: true }),
  steps: fc.integer({ min: 1, max: 25 }),
});

interface Traced {
  params: SimParams;
  problem: Problem;
  explicit: ExplicitData;
  snapshots: Array<{ step: number; dec: Decomposition; w: Float64Array }>;
  clean: boolean;
}

async function trace(input: object): Promise<Traced> {
  const params = resolveParams(input);
  const problem = await buildSupervisedProblem(
    { model: dataModelOf(params), seed: params.seed, m: params.m, sigma0: params.sigma0, n: params.nLabeled, nTest: params.nTest, initTag: 'supervised' },
    { workers: 1 },
  );
  const explicit = explicitSupervisedData(params, problem);
  const gd = { activation: params.activation, q: params.q, eta: params.eta, steps: params.steps };
  const shadow = new ExplicitGd(explicit, gd);
  const snapshots: Traced['snapshots'] = [];
  const W0 = { u: 1, C: new Float64Array(2 * params.m * (params.nLabeled + 1)) };
  fitLabelled(problem, W0, { ...gd, optimizer: gdOptimizer.create({}), optimizerName: 'gd', phase: 'train', seed: params.seed }, (step, W) => {
    snapshots.push({ step, dec: decompose(problem, W.C), w: Float64Array.from(shadow.w) });
    shadow.advance();
  });
  const clean = problem.y.every((v, i) => v === problem.yTrue[i]);
  return { params, problem, explicit, snapshots, clean };
}

const residual = (x: Traced, s: Traced['snapshots'][number], dec = s.dec): number =>
  identityResidual(s.w, dec, x.explicit.W0, x.explicit.mu, x.explicit.noise, x.params.d);

t.test('the invariants hold along random small runs, and the identity matches plain float64 GD in R^d', async (t) => {
  let checked = 0;
  await fc.assert(
    fc.asyncProperty(config, async (c) => {
      const x = await trace(c);
      for (const s of x.snapshots) {
        const r = residual(x, s);
        if (!(r < 1e-9)) throw new Error(`identity residual ${r} at step ${s.step}`);
      }
      const v = trajectoryViolations(x.snapshots, x.problem.y, { cleanLabels: x.clean });
      if (v.length > 0) throw new Error(`violations: ${JSON.stringify(v.slice(0, 3))}`);
      checked++;
    }),
    { numRuns: 60, seed: 20261129 },
  );
  t.equal(checked, 60);
});

/** A run where something moved, so a planted violation has a coefficient to perturb. */
const moving = config.map((c) => ({ ...c, activation: 'linear', steps: Math.max(c.steps, 3) }));

t.test('a planted violation (one perturbed coefficient) is caught', async (t) => {
  await fc.assert(
    fc.asyncProperty(moving, fc.nat(), async (c, pick) => {
      const x = await trace(c);
      const k = 1 + (pick % (x.snapshots.length - 1));
      const s = x.snapshots[k];
      const { m, n } = s.dec;
      // Sign: move a rho to the wrong side of 0.
      const flipped: Decomposition = { ...s.dec, rho: Float64Array.from(s.dec.rho) };
      const e = pick % (2 * m * n);
      const j = Math.floor(e / n) < m ? 1 : -1;
      flipped.rho[e] = -j * x.problem.y[e % n] * (Math.abs(flipped.rho[e]) + 1e-6);
      if (rhoSignViolations(s.step, flipped, x.problem.y).length === 0) throw new Error('sign violation missed');
      // Identity: the perturbed coefficients no longer reconstruct w(t).
      if (!(residual(x, s, flipped) > 1e-9)) throw new Error('identity violation missed');
      // Monotonicity: gamma of one filter lowered below its previous value (clean labels only).
      const lowered: Decomposition = { ...s.dec, gamma: Float64Array.from(s.dec.gamma) };
      const f = pick % (2 * m);
      lowered.gamma[f] = x.snapshots[k - 1].dec.gamma[f] - 1e-6;
      const snaps = x.snapshots.map((p, i) => (i === k ? { ...p, dec: lowered } : p));
      const found = trajectoryViolations(snaps, x.problem.y, { cleanLabels: true }).some((v) => v.invariant === 'gamma-monotone');
      if (!found) throw new Error('gamma violation missed');
    }),
    { numRuns: 30, seed: 7 },
  );
  t.pass('every planted violation was reported');
});

t.test('summary-level checks on a RunResult: clean on a real run, a planted summary is caught', async (t) => {
  const engine = await getEngine('exact');
  const params = resolveParams({ engine: 'exact', d: 60, nLabeled: 8, nTest: 20, m: 3, steps: 60, curvePoints: 20, activation: 'relu', snr: 0.8, eta: 0.5 });
  const result = await engine.run(params);
  const points = result.curves.decomposition!;
  t.equal(points.length, 20);
  t.ok(points.every((p) => p.identityResidual !== undefined && p.identityResidual < 1e-9), 'identity measured at every point');
  t.same(summaryViolations(points, { cleanLabels: true }), []);
  t.ok(points.at(-1)!.gammaMax > 0 && points.at(-1)!.rhoBarMax > 0 && points.at(-1)!.rhoUnderMin < 0, 'the run moved');

  const plant = (k: number, patch: object) => points.map((p, i) => (i === k ? { ...p, ...patch } : p));
  const kinds = (ps: typeof points) => summaryViolations(ps, { cleanLabels: true }).map((v) => v.invariant);
  t.ok(kinds(plant(10, { rhoBarMin: -1e-9 })).includes('rho-sign'), 'negative rho-bar caught');
  t.ok(kinds(plant(10, { rhoUnderMax: 1e-9 })).includes('rho-sign'), 'positive rho-underbar caught');
  t.ok(kinds(plant(10, { gammaMin: points[9].gammaMin - 1e-9 })).includes('gamma-monotone'), 'falling gamma caught');
  t.ok(kinds(plant(10, { rhoBarMax: points[9].rhoBarMax - 1e-9 })).includes('rho-monotone'), 'falling rho-bar caught');
  t.ok(kinds(plant(10, { identityResidual: 1e-3 })).includes('identity'), 'broken identity caught');
  // With flipped labels gamma may fall, so the gamma check is off there.
  t.notOk(
    summaryViolations(plant(10, { gammaMin: points[9].gammaMin - 1 }), { cleanLabels: false }).some((v) => v.invariant === 'gamma-monotone'),
    'gamma is not required to grow with label noise',
  );
});
