import t from 'tap';
import { getEngine } from '../../src/engine/engine.js';
import '../../src/engine/engines.js';
import { resolveParams, type SimParamsInput } from '../../src/engine/params.js';
import type { RunResult } from '../../src/engine/result.js';

/**
 * The test that makes the exact engine trustworthy: through the Engine interface, the exact engine
 * (float64 coefficients) and the tensor engine (float32 filters in R^d) run the same SimParams and
 * must give the same training curve and test metrics.
 *
 * Tolerance: relative 1e-4. What float32 allows: the tensor engine's logits carry a relative error
 * of a few float32 ulps (~1e-7) times the accumulated growth over 200 steps; a loss near
 * log(1 + e^{-margin}) ~ e^{-margin} turns an absolute logit error delta into a relative loss error
 * ~ delta, so tiny losses (margins ~15) show the largest relative gaps, measured up to ~2.5e-5 here.
 */
const REL = 1e-4;

const base: SimParamsInput = { d: 300, nLabeled: 10, nTest: 200, m: 5, steps: 200, curvePoints: 200, snr: 0.5, sigma0: 0.05, eta: 0.5, seed: 3 };
const cases: SimParamsInput[] = [];
for (const activation of ['relu', 'relu^q', 'linear'] as const) {
  for (const labelNoise of [0, 0.2]) cases.push({ ...base, activation, q: 3, labelNoise });
}
// Isotropic noise has a component along mu: the basis is no longer orthogonal.
cases.push({ ...base, activation: 'relu', labelNoise: 0.1, noiseCovariance: 'isotropic' });

function compare(exact: RunResult, tensor: RunResult): { train: number; testLoss: number; testError: number; steps: boolean } {
  const tensorLoss = new Map(tensor.curves.train.map((p) => [p.step, p.trainLoss]));
  let train = 0;
  for (const p of exact.curves.train) {
    const other = tensorLoss.get(p.step);
    train = Math.max(train, other == null || p.trainLoss == null ? Infinity : Math.abs(p.trainLoss - other) / Math.abs(other));
  }
  const steps = exact.curves.train.map((p) => p.step).join() === tensor.curves.train.map((p) => p.step).join();
  const testLoss = Math.abs(exact.metrics.testLoss! - tensor.metrics.testLoss!) / Math.abs(tensor.metrics.testLoss!);
  const testError = Math.abs(exact.metrics.testError! - tensor.metrics.testError!);
  return { train, testLoss, testError, steps };
}

// Skipped only when the tensor engine (issue 2) is not registered in this tree: nothing to compare with.
const tensorMissing = await getEngine('tensor').then(
  () => false,
  (error: Error) => `tensor engine unavailable: ${error.message}`,
);

t.test('exact and tensor engines agree on shared supervised cases', { skip: tensorMissing }, async (t) => {
  const tensor = await getEngine('tensor');
  const exact = await getEngine('exact');
  let worst = { train: 0, testLoss: 0 };
  for (const input of cases) {
    const label = `${input.activation}, label noise ${input.labelNoise}${input.noiseCovariance ? `, ${input.noiseCovariance} noise` : ''}`;
    const params = resolveParams(input);
    const [e, f] = [await exact.run({ ...params, engine: 'exact' }), await tensor.run({ ...params, engine: 'tensor' })];
    t.equal(e.diverged, null, `${label}: exact did not diverge`);
    t.equal(f.diverged, null, `${label}: tensor did not diverge`);
    const c = compare(e, f);
    t.ok(c.steps, `${label}: same sampled steps (${e.curves.train.length})`);
    t.ok(c.train <= REL, `${label}: train loss at every sampled step, max rel diff ${c.train.toExponential(2)}`);
    t.ok(c.testLoss <= REL, `${label}: final test loss rel diff ${c.testLoss.toExponential(2)}`);
    // The same 0-1 decisions, up to float32 rounding of the reported fraction.
    t.ok(c.testError <= 1e-6, `${label}: final test error ${e.metrics.testError} vs ${f.metrics.testError}`);
    t.ok(Math.abs(e.metrics.alignment! - f.metrics.alignment!) <= REL * f.metrics.alignment!, `${label}: alignment`);
    worst = { train: Math.max(worst.train, c.train), testLoss: Math.max(worst.testLoss, c.testLoss) };
  }
  t.comment(`measured max relative differences: train loss ${worst.train.toExponential(2)}, test loss ${worst.testLoss.toExponential(2)}`);

  // Negative control: a 1% different step size must fail the same comparison.
  const params = resolveParams(cases[0]);
  const off = compare(await exact.run({ ...params, eta: params.eta * 1.01 }), await tensor.run(params));
  t.ok(off.train > REL, `1% off in eta is detected (max rel diff ${off.train.toExponential(2)})`);
});

const simclrBase: SimParamsInput = {
  regime: 'simclr',
  d: 200,
  nUnlabeled: 30,
  nLabeled: 10,
  nTest: 100,
  m: 4,
  pretrainSteps: 25,
  finetuneSteps: 200,
  curvePoints: 200,
  snr: 0.1,
  finetuneEta: 0.05,
  finetuneInitNorm: 0.1,
  seed: 1,
};
/**
 * Two cases get a looser 1e-3, for what float32 allows, not for the engines: in the paper's pipeline
 * (first case) relu^3 fine-tuning sits on a plateau (loss 0.139, steps 40-110) and then escapes it
 * within ~20 steps; the escape amplifies the tensor engine's float32 rounding, so its timing shifts
 * by a fraction of a step and the loss there differs by up to ~3e-4 (before and after the escape the
 * engines agree to ~1e-7 and ~3e-6). The cosine + relu encoder divides by small embedding norms and
 * gates with relu, measured up to ~6e-5. The other cases must meet 1e-4.
 */
const simclrCases: Array<[SimParamsInput, number]> = [
  [{ ...simclrBase }, 1e-3],
  [{ ...simclrBase, augment: 'perturb-noise', labelNoise: 0.2, finetuneInitNorm: null, pretrainSigma0: 0.01 }, REL],
  [{ ...simclrBase, augment: 'shuffle-signal', activation: 'relu' }, REL],
  [{ ...simclrBase, augment: 'identity', activation: 'linear', tau: 0.5 }, REL],
  [{ ...simclrBase, similarity: 'cosine', pretrainActivation: 'relu', pretrainSigma0: 0.05, pretrainEta: 0.5 }, 1e-3],
  // Early stopping on held-out pairs: here the held-out loss has a clear minimum (step 10), so both
  // engines stop at the same step; where two steps' held-out losses tie within float32 rounding the
  // engines may pick different best steps (a float32 tie-break, not a disagreement of the models).
  // relu fine-tuning: with relu^3 this case also escapes a plateau (steps 30-50, up to ~5e-5).
  [{ ...simclrBase, nUnlabeled: 60, pretrainEta: 0.1, snr: 0.3, pretrainSteps: 60, pretrainStop: 'val-loss', activation: 'relu' }, REL],
  // Linear probes on the frozen embedding (standardised with the unlabelled samples' moments).
  [{ ...simclrBase, finetune: 'linear-probe', finetuneEta: 0.1 }, REL],
  [{ ...simclrBase, finetune: 'linear-probe', finetuneEta: 0.1, pretrainActivation: 'relu', pretrainSigma0: 0.05, pretrainEta: 0.1 }, REL],
];

t.test('exact and tensor engines agree on SimCLR pre-training and full fine-tuning', { skip: tensorMissing }, async (t) => {
  const tensor = await getEngine('tensor');
  const exact = await getEngine('exact');
  let worst = 0;
  let loose = 0;
  for (const [input, tol] of simclrCases) {
    const label = `${input.augment ?? 'class-conditional'}, ${input.similarity ?? 'dot'}, ${input.pretrainActivation ?? 'linear'} encoder${input.pretrainStop === 'val-loss' ? ', val-loss early stop' : ''}${input.finetune === 'linear-probe' ? ', linear probe' : ''}`;
    const params = resolveParams(input);
    const [e, f] = [await exact.run({ ...params, engine: 'exact' }), await tensor.run({ ...params, engine: 'tensor' })];
    t.equal(e.diverged, null, `${label}: exact did not diverge`);
    t.equal(f.diverged, null, `${label}: tensor did not diverge`);
    const pre = new Map(f.curves.pretrain!.map((p) => [p.step, p.loss]));
    let preWorst = 0;
    for (const p of e.curves.pretrain!) preWorst = Math.max(preWorst, Math.abs(p.loss! - pre.get(p.step)!) / Math.abs(pre.get(p.step)!));
    const val = new Map(f.curves.pretrain!.map((p) => [p.step, p.valLoss]));
    for (const p of e.curves.pretrain!) {
      if (p.valLoss !== undefined) preWorst = Math.max(preWorst, Math.abs(p.valLoss! - val.get(p.step)!) / Math.abs(val.get(p.step)!));
    }
    t.same(
      e.curves.pretrain!.map((p) => p.step),
      f.curves.pretrain!.map((p) => p.step),
      `${label}: same pre-training steps`,
    );
    t.equal(e.metrics.pretrainStepsRun, f.metrics.pretrainStepsRun, `${label}: same pre-training steps used (${e.metrics.pretrainStepsRun})`);
    const c = compare(e, f);
    const align = Math.abs(e.metrics.alignmentPretrain! - f.metrics.alignmentPretrain!) / f.metrics.alignmentPretrain!;
    t.ok(c.steps, `${label}: same fine-tuning steps`);
    t.ok(preWorst <= tol, `${label}: contrastive loss, max rel diff ${preWorst.toExponential(2)}`);
    t.ok(align <= tol, `${label}: alignment after pre-training, rel diff ${align.toExponential(2)}`);
    t.ok(c.train <= tol, `${label}: fine-tuning train loss, max rel diff ${c.train.toExponential(2)}`);
    t.ok(c.testLoss <= tol, `${label}: final test loss, rel diff ${c.testLoss.toExponential(2)}`);
    t.ok(c.testError <= 1e-6, `${label}: final test error ${e.metrics.testError} vs ${f.metrics.testError}`);
    const caseWorst = Math.max(preWorst, align, c.train, c.testLoss);
    if (tol === REL) worst = Math.max(worst, caseWorst);
    else loose = Math.max(loose, caseWorst);
  }
  t.comment(`measured max relative difference: ${worst.toExponential(2)} (1e-4 cases), ${loose.toExponential(2)} (1e-3 cases)`);

  // Negative control: a 1% different pre-training step must show in the contrastive loss.
  const params = resolveParams(simclrCases[1][0]);
  const [e, f] = [await exact.run({ ...params, pretrainEta: params.pretrainEta * 1.01 }), await tensor.run(params)];
  const off = Math.max(...e.curves.pretrain!.map((p, k) => Math.abs(p.loss! - f.curves.pretrain![k].loss!) / Math.abs(f.curves.pretrain![k].loss!)));
  t.ok(off > REL, `1% off in pretrainEta is detected (max rel diff ${off.toExponential(2)})`);
});
