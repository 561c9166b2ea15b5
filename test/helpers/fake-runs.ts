import type { SimParams } from '../../src/engine/params.js';
import type { RunResult } from '../../src/engine/result.js';
import { Rng } from '../../src/util/rng.js';
import type { RunSource } from '../../proofs-check/context.js';

/** Metrics as plain formulas of the parameters: planted truths for checker tests, no simulation. */
type Decomposition = RunResult['curves']['decomposition'];
export type Planted = (p: SimParams, noise: () => number) => { decomposition?: Decomposition; [metric: string]: number | null | undefined | Decomposition };

/**
 * The run-parameter keys in the order runs had them before data models, optimizers and regimes
 * became components: the planted noise is keyed by the parameters in this form (and `optimizer`
 * only when it is not the default 'gd'), so every planted scenario keeps the draws its tests were
 * written against.
 */
const NOISE_KEY_ORDER = ["regime", "engine", "seed", "data", "classes", "imageShift", "sigmaP", "labelNoise", "noiseCovariance", "nLabeled", "nUnlabeled", "nTest", "m", "activation", "q", "sigma0", "eta", "steps", "tau", "similarity", "pretrainActivation", "pretrainSigma0", "pretrainEta", "pretrainSteps", "pretrainStop", "augment", "augmentResample", "alpha", "maskProb", "finetune", "finetuneInitNorm", "finetuneEta", "finetuneSteps", "curvePoints", "d", "muNorm", "snr"];

function noiseKey(p: SimParams): string {
  const rest = Object.keys(p).filter((k) => !NOISE_KEY_ORDER.includes(k) && !(k === 'optimizer' && p.optimizer === 'gd'));
  const out: Record<string, unknown> = {};
  for (const k of [...NOISE_KEY_ORDER, ...rest]) if (k in p) out[k] = p[k];
  return JSON.stringify(out);
}

/** A run source whose "runs" are planted formulas, with seeded noise, counting what it was asked. */
export class FakeRuns implements RunSource {
  requested: SimParams[] = [];
  constructor(private readonly planted: Planted) {}
  async run(list: readonly SimParams[]): Promise<RunResult[]> {
    this.requested.push(...list);
    return list.map((p) => {
      const rng = new Rng(p.seed, 'fake', noiseKey(p));
      const m = this.planted(p, () => rng.normal());
      const { decomposition, ...metrics } = m;
      return {
        regime: p.regime,
        params: p as unknown as Record<string, unknown>,
        metrics: { trainLoss: 0, trainError: 0, testLoss: 0, testError: 0, alignment: 0, ...(metrics as Record<string, number | null>) },
        curves: { train: [{ step: 0, trainLoss: 1 }, { step: 10, trainLoss: 0.1 }], ...(decomposition ? { decomposition } : {}) },
        snr: p.snr,
        engine: p.engine,
        engineVersion: 'fake',
        backend: 'formula',
        wallSeconds: 0,
        diverged: null,
      };
    });
  }
}
