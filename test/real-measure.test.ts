import t from 'tap';
import '../src/engine/engines.js';
import { getEngine } from '../src/engine/engine.js';
import { resolveParams, type SimParamsInput } from '../src/engine/params.js';

// Both regimes on real digits, 0 vs 1 (mnist package), 10 labels, d = 784, sigmaP = 1, relu^3, m = 10.
// Supervised GD uses eta = 0.01 (eta = 1, tuned for the toy model, diverges at SNR 1 on images).
// SimCLR: linear encoder, dot similarity, class-conditional pairs, 500 unlabelled images, 25 steps,
// then a linear probe; pretrainEta is scaled like 1 / muNorm^2 (0.02 at SNR 0.3) so the power-method
// growth per step is the same at both SNRs.
const engine = await getEngine('tensor');
const SEEDS = [0, 1, 2];
const base: SimParamsInput = { data: 'mnist', classes: [0, 1], nLabeled: 10, nUnlabeled: 500, nTest: 400, eta: 0.01, finetune: 'linear-probe', curvePoints: 2 };

async function errors(snr: number, regime: 'supervised' | 'simclr'): Promise<number[]> {
  const out: number[] = [];
  for (const seed of SEEDS) {
    const pretrainEta = (0.02 * 0.3 ** 2) / snr ** 2;
    const r = await engine.run(resolveParams({ ...base, snr, regime, seed, pretrainEta }));
    if (r.diverged) throw new Error(`${regime} at SNR ${snr}, seed ${seed} diverged: ${JSON.stringify(r.diverged)}`);
    out.push(r.metrics.testError!);
  }
  return out;
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const show = (xs: number[]): string => `${xs.map((x) => x.toFixed(3)).join(', ')} (mean ${mean(xs).toFixed(3)})`;

t.test('digits 0 vs 1, high SNR 1: supervised training with 10 labels reaches test error < 0.05', async (t) => {
  const sup = await errors(1, 'supervised');
  const simclr = await errors(1, 'simclr');
  t.comment(`SNR 1, test errors over seeds ${SEEDS.join(',')}: supervised ${show(sup)}; SimCLR + linear probe ${show(simclr)}`);
  t.ok(mean(sup) < 0.05, `supervised mean test error ${mean(sup).toFixed(3)} < 0.05`);
  t.ok(mean(simclr) < 0.05, `SimCLR + probe mean test error ${mean(simclr).toFixed(3)} < 0.05`);
});

t.test('digits 0 vs 1, low SNR 0.3: supervised with 10 labels stays above 0.2, SimCLR + linear probe is at least 0.1 lower', async (t) => {
  const sup = await errors(0.3, 'supervised');
  const simclr = await errors(0.3, 'simclr');
  t.comment(`SNR 0.3, test errors over seeds ${SEEDS.join(',')}: supervised ${show(sup)}; SimCLR + linear probe ${show(simclr)}`);
  t.ok(mean(sup) > 0.2, `supervised mean test error ${mean(sup).toFixed(3)} > 0.2`);
  t.ok(mean(simclr) <= mean(sup) - 0.1, `SimCLR + probe ${mean(simclr).toFixed(3)} <= supervised ${mean(sup).toFixed(3)} - 0.1`);
});
