import t from 'tap';
import '../src/engine/engines.js';
import { getEngine } from '../src/engine/engine.js';
import { resolveParams, type SimParamsInput } from '../src/engine/params.js';
import type { RunResult } from '../src/engine/result.js';

const engine = await getEngine('tensor');

// The prototype setting of paper-model.md: d = 1000, SNR = 0.1, n0 = 1000, m = 10, linear encoder,
// dot similarity, tau = 1, pretrainSigma0 = 1e-4, pretrainEta = 0.02, 25 pre-training steps;
// fine-tuning relu^3 from filters rescaled to norm 0.5 with eta = 1 (300 steps fit the labels).
const prototype: SimParamsInput = { regime: 'simclr', d: 1000, snr: 0.1, nUnlabeled: 1000, nLabeled: 10, pretrainSteps: 25, finetuneSteps: 300, curvePoints: 11 };
const run = (over: SimParamsInput): Promise<RunResult> => engine.run(resolveParams({ ...prototype, ...over }));
const alignmentAt = (r: RunResult, step: number): number => r.curves.pretrain!.find((p) => p.step === step)!.alignment!;

t.test('headline: SimCLR pre-training aligns the filters and fine-tuning needs only 10 labels', async (t) => {
  const simclr = await run({});
  const supervised = await run({ regime: 'supervised', steps: 300 });
  t.comment(
    `alignment after 25 pre-training steps ${simclr.metrics.alignmentPretrain?.toFixed(3)}; ` +
      `fine-tuned test error ${simclr.metrics.testError?.toFixed(3)}; supervised test error ${supervised.metrics.testError?.toFixed(3)} ` +
      `(train loss ${supervised.metrics.trainLoss?.toExponential(1)})`,
  );
  t.ok(simclr.metrics.alignmentPretrain! > 0.8, 'mean |cos(w, mu)| after pre-training > 0.8');
  t.ok(simclr.metrics.testError! < 0.05, 'fine-tuned test error < 0.05 at nLabeled = 10');
  t.ok(supervised.metrics.testError! > 0.3, 'supervised test error > 0.3 at nLabeled = 10');
  t.ok(supervised.metrics.trainLoss! < 0.05, 'supervised training still fits its 10 labels (harmful, not underfitted)');
  t.equal(simclr.curves.pretrain!.length, 11);
  t.equal(simclr.metrics.pretrainStepsRun, 25);

  const probe = await run({ finetune: 'linear-probe' });
  t.comment(`linear probe on the frozen embedding: test error ${probe.metrics.testError?.toFixed(3)}`);
  t.ok(probe.metrics.testError! < 0.05, 'a linear probe on the pre-trained embedding also reaches < 0.05');
});

t.test('early stopping matters: 110 pre-training steps lose most of the alignment', async (t) => {
  const long = await run({ pretrainSteps: 110, finetuneSteps: 0, curvePoints: 111 });
  const at25 = alignmentAt(long, 25);
  const at110 = alignmentAt(long, 110);
  t.comment(`alignment at step 25: ${at25.toFixed(3)}, at step 110: ${at110.toFixed(3)} (prototype 0.95 -> 0.30)`);
  t.ok(at25 > 0.8);
  t.ok(at110 < 0.5, 'alignment at step 110 < 0.5');
  t.ok(at25 - at110 > 0.3, 'the drop exceeds 0.3');

  // The unlabelled-only early stop: held-out pairs' contrastive loss, patience 5, best iterate kept.
  const stopped = await run({ pretrainSteps: 110, pretrainStop: 'val-loss', finetuneSteps: 0 });
  t.comment(`pretrainStop val-loss: kept step ${stopped.metrics.pretrainStepsRun}, alignment ${stopped.metrics.alignmentPretrain?.toFixed(3)}`);
  t.ok(stopped.metrics.pretrainStepsRun! < 110, 'the held-out loss stops pre-training before step 110');
  t.ok(stopped.metrics.alignmentPretrain! > at110 + 0.1, 'and keeps filters better aligned than step 110');
});

t.test('negative control: shuffle-signal views do not align and lose the advantage', async (t) => {
  const r = await run({ augment: 'shuffle-signal' });
  const peak = Math.max(...r.curves.pretrain!.map((p) => p.alignment!));
  t.comment(`shuffle-signal: alignment after pre-training ${r.metrics.alignmentPretrain?.toFixed(3)} (peak ${peak.toFixed(3)}), fine-tuned test error ${r.metrics.testError?.toFixed(3)}`);
  t.ok(peak <= 0.2, 'alignment stays <= 0.2 at every sampled step');
  t.ok(r.metrics.testError! > 0.3, 'fine-tuned test error > 0.3');
});

t.test('measured fact: identity views still align a linear encoder (PCA-like)', async (t) => {
  const r = await run({ augment: 'identity', pretrainSteps: 30, finetuneSteps: 0, curvePoints: 31 });
  const at10 = alignmentAt(r, 10);
  const at20 = alignmentAt(r, 20);
  const at30 = alignmentAt(r, 30);
  t.comment(`identity views: alignment ${at10.toFixed(3)} at step 10, ${at20.toFixed(3)} at 20, ${at30.toFixed(3)} at 30 (prototype 0.59, 0.79, then 0.17 by 110)`);
  // Only the robust part is asserted: mu's spike clears the noise bulk, so the filters align at first.
  t.ok(at20 > 0.5, 'identity views are no negative control for the linear encoder');
});
