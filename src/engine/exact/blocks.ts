import type { Optimizer } from '../../components/optimizer.js';
import type { EngineBlocks, FitOutcome, PretrainOutcome, ProbeOutcome } from '../../components/regime.js';
import { InputError } from '../../util/errors.js';
import { curveSteps } from '../curve-steps.js';
import type { RunHooks } from '../engine.js';
import type { SimParams } from '../params.js';
import type { CurvePoint, DecompositionPoint, PretrainPoint } from '../result.js';
import { finite, optimizerOf } from '../runner.js';
import { decompose, summarize } from './decomposition.js';
import { ExplicitGd, type ExplicitData } from './explicit.js';
import { identityResidual } from './invariants.js';
import { probeData, runProbe } from './probe.js';
import type { Problem } from './problem.js';
import { finetuneProblem, pretrainAlignment, runPretrain, type InnerProducts, type PretrainProblem, type SimclrLayout } from './simclr.js';
import { evaluateTest, evaluateTrain, fitLabelled, meanAlignment, project } from './train.js';

/** A space the filters live in: the labelled samples' basis {mu, xi_1..xi_n}, or SimCLR's pre-training basis. */
export type ExactSpace = { kind: 'labelled'; problem: Problem } | { kind: 'pretrain'; problem: PretrainProblem };

/** The exact engine's filters: u U + C V on a space (U: the space's starting filters). */
export interface ExactWeights {
  space: ExactSpace;
  u: number;
  C: Float64Array;
}

/** What a run streamed before its regime runs (every Gram pass is done up front). */
export interface PreparedSpaces {
  /** The starting filters each space was built from: init.ts stream tag and scale. */
  initial: { tag: string; sigma0: number; space: ExactSpace };
  /** SimCLR runs: what splitFilters and linearProbe need to move to the labelled samples. */
  simclr?: { layout: SimclrLayout; ips: InnerProducts; pre: PretrainProblem };
  /** d-dimensional data for the decomposition identity check of a supervised run (small runs only). */
  explicit: ExplicitData | null;
}

/**
 * The exact engine's building blocks for one run, on coefficients (float64): every block trains
 * with the run's optimizer through the one loop of descent.ts. The decomposition of the last
 * fit (Cao et al.'s gamma and rho) is kept for the run's result.
 */
export class ExactBlocks implements Required<Omit<EngineBlocks<ExactWeights>, 'toArray' | 'trainingSet'>> {
  readonly engine = 'exact';
  /** The decomposition curve of the last fit, or null when the regime fitted nothing. */
  decomposition: DecompositionPoint[] | null = null;

  constructor(
    private readonly params: SimParams,
    private readonly prepared: PreparedSpaces,
    private readonly hooks: RunHooks,
  ) {}

  private optimizer(): Optimizer {
    return optimizerOf(this.params);
  }

  private progress(phase: 'pretrain' | 'train' | 'finetune') {
    const { onProgress } = this.hooks;
    return onProgress ? (done: number, total: number) => onProgress(phase, done, total) : undefined;
  }

  private labelled(W: ExactWeights): Problem {
    if (W.space.kind !== 'labelled') throw new Error('exact engine: these filters are on the pre-training basis; splitFilters moves them to the labelled samples');
    return W.space.problem;
  }

  private simclr() {
    if (!this.prepared.simclr) throw new Error('exact engine: no SimCLR pre-training space was prepared for this regime');
    return this.prepared.simclr;
  }

  initialise(tag: string, sigma0: number): ExactWeights {
    const { initial } = this.prepared;
    if (tag !== initial.tag || sigma0 !== initial.sigma0) {
      throw new InputError(
        `regime: the exact engine streamed W(0) of stream '${initial.tag}' at sigma0 ${initial.sigma0} before the run, but regime '${this.params.regime}' asked for stream '${tag}' at sigma0 ${sigma0}. Use --engine tensor for it.`,
        { field: 'regime', value: this.params.regime },
      );
    }
    const space = initial.space;
    const size = space.kind === 'labelled' ? 2 * space.problem.m * (space.problem.n + 1) : 2 * space.problem.m * space.problem.basis.length;
    return { space, u: 1, C: new Float64Array(size) };
  }

  fit(W0: ExactWeights, o: { phase: 'train' | 'finetune'; eta: number; steps: number; activation: SimParams['activation'] }): FitOutcome<ExactWeights> {
    const problem = this.labelled(W0);
    const { params } = this;
    const sampled = new Set(curveSteps(o.steps, params.curvePoints));
    // The identity residual compares with plain float64 GD in R^d from W(0): measured for supervised GD from the initialisation only.
    const fromStart = W0.u === 1 && W0.C.every((c) => c === 0);
    const explicit = o.phase === 'train' && params.optimizer === 'gd' && fromStart ? this.prepared.explicit : null;
    const shadow = explicit ? new ExplicitGd(explicit, { activation: o.activation, q: params.q, eta: o.eta, steps: o.steps }) : null;
    const curve: CurvePoint[] = [];
    const decomposition: DecompositionPoint[] = [];
    const progress = this.progress(o.phase);
    const progressEvery = Math.max(1, Math.floor(o.steps / 100));
    const outcome = fitLabelled(
      problem,
      W0,
      { activation: o.activation, q: params.q, eta: o.eta, steps: o.steps, optimizer: this.optimizer(), optimizerName: params.optimizer, phase: o.phase, seed: params.seed },
      (step, W, view) => {
        if (sampled.has(step) || step === o.steps) {
          // Cao et al.'s coordinates need the starting filters with weight 1 (an update that rescales them, like weight decay, has none).
          if (W.u === 1) {
            const dec = decompose(problem, W.C);
            const point = summarize(step, dec, problem.y);
            if (shadow && explicit) point.identityResidual = identityResidual(shadow.w, dec, explicit.W0, explicit.mu, explicit.noise, explicit.d);
            decomposition.push(point);
          }
          const te = evaluateTest(problem, W.C, view.proj, o.activation, params.q, W.u);
          curve.push({
            step,
            trainLoss: finite(view.train.loss),
            testError: finite(te.error),
            testLoss: finite(te.loss),
            alignment: finite(meanAlignment(problem, W.C, view.proj, W.u)),
          });
        }
        if (shadow && step < o.steps) shadow.advance();
        if (progress && step > 0 && (step % progressEvery === 0 || step === o.steps)) progress(step, o.steps);
      },
    );
    this.decomposition = decomposition;
    const W = { space: W0.space, u: outcome.W.u, C: outcome.W.C };
    return { W, curve, diverged: outcome.divergedAt === null ? null : { phase: o.phase, step: outcome.divergedAt, quantity: 'trainLoss' } };
  }

  evaluate(W: ExactWeights, activation: SimParams['activation']) {
    const problem = this.labelled(W);
    const { q } = this.params;
    const proj = new Float64Array(2 * problem.m * (problem.n + 1));
    project(problem.P0, W.C, problem.K, 2 * problem.m, problem.n + 1, proj, W.u);
    const tr = evaluateTrain(problem, proj, activation, q);
    const te = evaluateTest(problem, W.C, proj, activation, q, W.u);
    return { trainLoss: finite(tr.loss), trainError: finite(tr.error), testLoss: finite(te.loss), testError: finite(te.error), alignment: finite(meanAlignment(problem, W.C, proj, W.u)) };
  }

  alignment(W: ExactWeights): number | null {
    if (W.space.kind === 'pretrain') return finite(pretrainAlignment(W.space.problem, W));
    const problem = W.space.problem;
    const proj = new Float64Array(2 * problem.m * (problem.n + 1));
    project(problem.P0, W.C, problem.K, 2 * problem.m, problem.n + 1, proj, W.u);
    return finite(meanAlignment(problem, W.C, proj, W.u));
  }

  contrastivePretrain(W0: ExactWeights): PretrainOutcome<ExactWeights> {
    const { pre } = this.simclr();
    if (W0.space.kind !== 'pretrain') throw new Error('exact engine: pre-training starts from the pre-training initialisation');
    const { params } = this;
    const sampled = new Set(curveSteps(params.pretrainSteps, params.curvePoints));
    const curve: PretrainPoint[] = [];
    const progress = this.progress('pretrain');
    const outcome = runPretrain(
      pre,
      {
        activation: params.pretrainActivation,
        q: params.q,
        eta: params.pretrainEta,
        steps: params.pretrainSteps,
        tau: params.tau,
        similarity: params.similarity,
        optimizer: this.optimizer(),
        optimizerName: params.optimizer,
        seed: params.seed,
      },
      (view) => {
        if (sampled.has(view.step) || view.last) {
          const point: PretrainPoint = { step: view.step, loss: finite(view.loss), alignment: finite(view.alignment) };
          if (view.valLoss !== undefined) point.valLoss = finite(view.valLoss);
          curve.push(point);
        }
        if (progress && view.step > 0) progress(view.step, params.pretrainSteps);
      },
    );
    return {
      W: { space: W0.space, u: outcome.W.u, C: outcome.W.C },
      curve,
      stepsUsed: outcome.stepsUsed,
      diverged: outcome.divergedAt === null ? null : { phase: 'pretrain', step: outcome.divergedAt, quantity: 'contrastiveLoss' },
    };
  }

  splitFilters(W: ExactWeights, initNorm: number | null): ExactWeights {
    const { layout, ips, pre } = this.simclr();
    const problem = finetuneProblem(this.params, layout, ips, pre, W, initNorm);
    return { space: { kind: 'labelled', problem }, u: 1, C: new Float64Array(2 * problem.m * (problem.n + 1)) };
  }

  linearProbe(W: ExactWeights, alignment: number | null): ProbeOutcome {
    const { layout, ips, pre } = this.simclr();
    const { params } = this;
    const probe = runProbe(probeData(params, layout, ips, pre, W), {
      eta: params.finetuneEta,
      steps: params.finetuneSteps,
      curvePoints: params.curvePoints,
      alignment,
      optimizer: this.optimizer(),
      optimizerName: params.optimizer,
      seed: params.seed,
      onProgress: this.progress('finetune'),
    });
    return {
      metrics: { trainLoss: finite(probe.train.loss), trainError: finite(probe.train.error), testLoss: finite(probe.test.loss), testError: finite(probe.test.error) },
      curve: probe.curve,
      diverged: probe.divergedAt === null ? null : { phase: 'finetune', step: probe.divergedAt, quantity: 'probeLoss' },
    };
  }
}
