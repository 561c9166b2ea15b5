import t from 'tap';
import '../src/engine/engines.js';
import { getEngine } from '../src/engine/engine.js';
import { resolveParams } from '../src/engine/params.js';

const engine = await getEngine('tensor');

// Cao et al. 2022 / Kou et al. 2023: benign overfitting at high SNR, harmful at low SNR.
t.test('supervised, high SNR (d=400, ||mu||=8, relu): benign, test error < 0.05', async (t) => {
  const r = await engine.run(resolveParams({ regime: 'supervised', d: 400, muNorm: 8, activation: 'relu', nLabeled: 10, steps: 500, curvePoints: 5 }));
  t.comment(`train loss ${r.metrics.trainLoss}, test error ${r.metrics.testError}, SNR ${r.snr.toFixed(3)}`);
  t.ok(r.metrics.testError! < 0.05);
  t.ok(r.metrics.trainError === 0);
});

t.test('supervised, low SNR (d=1000, SNR=0.1, relu^3): harmful, fits the labels yet test error > 0.3', async (t) => {
  for (const nLabeled of [10, 100]) {
    const r = await engine.run(resolveParams({ regime: 'supervised', nLabeled, steps: 1000, curvePoints: 5 }));
    t.comment(`nLabeled ${nLabeled}: train loss ${r.metrics.trainLoss?.toExponential(2)}, test error ${r.metrics.testError}`);
    t.ok(r.metrics.trainLoss! < 0.05, `nLabeled ${nLabeled}: training loss < 0.05`);
    t.ok(r.metrics.testError! > 0.3, `nLabeled ${nLabeled}: test error > 0.3`);
  }
});

t.test('a loss that turns NaN or infinite is a result, not a crash', async (t) => {
  const r = await engine.run(resolveParams({ regime: 'supervised', d: 100, activation: 'relu^q', q: 3, sigma0: 1, eta: 1e6, steps: 50, nTest: 50, curvePoints: 5 }));
  t.ok(r.diverged, `diverged: ${JSON.stringify(r.diverged)}`);
  t.equal(r.diverged?.phase, 'train');
  t.ok(r.diverged!.step < 50);
  t.doesNotThrow(() => JSON.parse(JSON.stringify(r)));
  const ok = await engine.run(resolveParams({ regime: 'supervised', d: 100, steps: 50, nTest: 50, curvePoints: 5 }));
  t.equal(ok.diverged, null, 'the default step size does not diverge (control)');
});

t.test('a diverging pre-training is reported with its phase and step, and fine-tuning is skipped', async (t) => {
  const r = await engine.run(
    resolveParams({ regime: 'simclr', d: 100, nUnlabeled: 50, nTest: 50, pretrainEta: 1e8, pretrainSteps: 30, finetuneSteps: 10, curvePoints: 5 }),
  );
  t.comment(`diverged: ${JSON.stringify(r.diverged)}, alignment of the last finite filters ${r.metrics.alignmentPretrain}`);
  t.equal(r.diverged?.phase, 'pretrain');
  t.equal(r.diverged?.quantity, 'contrastiveLoss');
  t.equal(r.metrics.testError, null);
  t.equal(r.curves.train.length, 0);
});
