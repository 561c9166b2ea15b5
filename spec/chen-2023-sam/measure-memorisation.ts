/**
 * The paper's mechanism measured on the exact coefficients, outside the harness's engines (which do
 * not expose the filters): mini-batch SGD (tau = 0) against SAM on the float64 reference network of
 * this folder, paired by seed (same data, initialisation and batches), reading the noise
 * memorisation rho-bar (mean over j, r and i with y_i = j) and the signal gamma at an early step.
 *
 *   npx tsx spec/chen-2023-sam/measure-memorisation.ts            # defaults below
 *   SEEDS=5 TAU=2 EARLY=20 npx tsx spec/chen-2023-sam/measure-memorisation.ts
 */
import { Rng } from '../../src/util/rng.js';
import { Decomposer, summarizeNoise } from './memorisation.js';
import { errorRate, gradient, type PatchData } from './relu-cnn.js';
import { BatchSchedule, samStep } from './sam.js';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const d = env('D', 400), m = env('M', 10), n = env('N', 40), B = env('B', 10), eta = env('ETA', 0.5);
const muNorm = env('MU', 1.5), p = env('P', 0.1), tau = env('TAU', 2), early = env('EARLY', 20), steps = env('T', 100), seeds = env('SEEDS', 3);

/** x = [y mu, xi], mu = muNorm e_1, xi orthogonal to mu, labels flipped with probability p. */
function sample(seed: number, split: string, size: number): PatchData & { mu: Float64Array } {
  const rng = new Rng(seed, 'memorisation-data', split);
  const signal = new Float64Array(size * d), noise = new Float64Array(size * d), y = new Int8Array(size);
  for (let i = 0; i < size; i++) {
    const clean = rng.sign();
    y[i] = rng.bernoulli(p) ? -clean : clean;
    signal[i * d] = clean * muNorm;
    for (let k = 1; k < d; k++) noise[i * d + k] = rng.normal();
  }
  const mu = new Float64Array(d);
  mu[0] = muNorm;
  return { n: size, d, signal, noise, y, mu };
}

console.log(`d=${d} m=${m} n=${n} B=${B} eta=${eta} ||mu||=${muNorm} p=${p}; early step ${early}, test error after ${steps} steps`);
for (let seed = 0; seed < seeds; seed++) {
  const train = sample(seed, 'train', n), test = sample(seed, 'test', 1000);
  const init = new Rng(seed, 'memorisation-init');
  const W0 = Float64Array.from({ length: 2 * m * d }, () => 0.01 * init.normal());
  const decomposer = new Decomposer(d, train.mu, train.noise, n);
  const row: string[] = [];
  for (const radius of [0, tau]) {
    const W = Float64Array.from(W0);
    const schedule = new BatchSchedule(seed, n, B);
    const grad = (w: Float64Array, batch: Int32Array) => gradient({ d, m }, w, train, batch);
    let summary = summarizeNoise(decomposer.decompose(W, W0, m), train.y, m);
    for (let t = 0; t < steps; t++) {
      samStep(W, schedule.batch(t), grad, eta, radius);
      if (t + 1 === early) summary = summarizeNoise(decomposer.decompose(W, W0, m), train.y, m);
    }
    row.push(`${radius === 0 ? 'SGD' : `SAM tau=${radius}`}: rho-bar mean ${summary.rhoBarMean.toFixed(3)}, gamma ${summary.gammaMax.toFixed(3)}, test error ${errorRate({ d, m }, W, test).toFixed(3)}`);
  }
  console.log(`seed ${seed}  ${row.join('  |  ')}`);
}
