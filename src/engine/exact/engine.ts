import { optimizers } from '../../components/optimizer.js';
import { regimes } from '../../components/regime.js';
import { sampleNoise } from '../../data/synthetic.js';
import { InputError } from '../../util/errors.js';
import type { Engine, RunHooks } from '../engine.js';
import { initialFilters } from '../init.js';
import type { SimParams } from '../params.js';
import type { RunResult } from '../result.js';
import { refuseMissingBlocks, runRegime } from '../runner.js';
import { ExactBlocks, type PreparedSpaces } from './blocks.js';
import type { ExplicitData } from './explicit.js';
import { wasmSimdAvailable } from './kernel-wasm.js';
import { buildSupervisedProblem, dataModelOf, type Problem } from './problem.js';
import { pretrainProblem, simclrGram, simclrLayout } from './simclr.js';

/** Bumped whenever a change can alter the numbers a run produces (part of every cache key). */
export const EXACT_ENGINE_VERSION = '1.1.0';
/** float64 throughout; the Gram pass runs the WebAssembly SIMD kernel where available (its rounding differs from the scalar one's). */
export const EXACT_BACKEND = wasmSimdAvailable() ? 'float64-js+wasm-simd' : 'float64-js';

/**
 * The decomposition identity is measured against plain float64 GD on the d-dimensional filters
 * when that costs at most this many multiply-adds (steps * 2m * n * d, ~0.1 s); otherwise it is
 * omitted, so that the check never dominates a run (it is a plain d-dimensional simulation).
 */
export const IDENTITY_CHECK_BUDGET = 2e7;

function refuse(field: string, value: unknown, why: string): never {
  throw new InputError(`${String(field)}: the exact engine cannot represent ${JSON.stringify(value)}: ${why}. Use --engine tensor for it.`, {
    field: String(field),
    value,
  });
}

/**
 * The components the exact engine represents, and why it refuses the others: it tracks the filters
 * in span{W(0), mu, xi_1..xi_n}, which the signal-noise model's gradients never leave.
 */
export const EXACT_REPRESENTS = {
  data: { names: ['synthetic'], why: 'its signal patch is not y mu for one fixed mu, so the gradients leave span{mu, xi_1..xi_n} (real images differ from sample to sample)' },
} as const;

/** The optional blocks the exact engine can prepare a space for only when the shipped simclr regime calls them (its views' layout). */
const SIMCLR_BLOCKS: readonly string[] = ['contrastivePretrain', 'splitFilters', 'linearProbe'];

/** Whether the exact engine provides a building block (toArray and trainingSet it does not: its filters are coefficients). */
const hasExactBlock = (block: string): boolean => typeof (ExactBlocks.prototype as unknown as Record<string, unknown>)[block] === 'function';

/** Throws InputError for every configuration the exact engine would have to approximate. */
export function validateExact(params: SimParams): void {
  for (const [field, { names, why }] of Object.entries(EXACT_REPRESENTS)) {
    const value = params[field] as string;
    if (!(names as readonly string[]).includes(value)) refuse(field, value, `${field} '${value}': ${why}`);
  }
  const optimizer = optimizers.require(params.optimizer, 'optimizer');
  if (optimizer.spanPreserving !== true) {
    refuse(
      'optimizer',
      params.optimizer,
      `optimizer '${params.optimizer}' does not declare spanPreserving: the filters stay in span{W(0), mu, xi_1..xi_n} only under updates built from linear combinations of weights and gradients (ops add, sub, scale, zerosLike, dot, norm), and an entry-by-entry rule in R^d (ops mul, sqrt, addScalar) leaves it`,
    );
  }
  const regime = regimes.require(params.regime, 'regime');
  const pretraining = regime.blocks.filter((b) => SIMCLR_BLOCKS.includes(b));
  if (regime.name !== 'simclr' && pretraining.length > 0) {
    refuse('regime', regime.name, `regime '${regime.name}' calls ${pretraining.join(', ')}: the pre-training basis is derived from the simclr regime's views (its augmentations), not from another regime's`);
  }
  const absent = regime.blocks.filter((b) => !hasExactBlock(b));
  if (absent.length > 0) {
    refuse('regime', regime.name, `regime '${regime.name}' calls ${absent.join(', ')}, which the exact engine does not provide (its filters are coefficients on span{W(0), mu, xi_1..xi_n}, not arrays in R^d)`);
  }
  if (params.regime !== 'simclr') return;
  if (params.augment === 'mask') {
    refuse('augment', 'mask', 'a masked noise patch is a new random vector per sample that the streamed pass does not generate (not implemented)');
  }
  if (params.augmentResample === 'every-step' && params.augment !== 'identity') {
    refuse('augmentResample', 'every-step', 'fresh partner noise at every step adds n_0 new directions per step to the span (the basis would grow with the steps)');
  }
}

/** The d-dimensional data of a supervised run (same streams as the Gram pass), for the identity check. */
export function explicitSupervisedData(params: SimParams, problem: Problem): ExplicitData {
  const { d, m, nLabeled: n } = params;
  const mu = new Float64Array(d);
  mu[0] = problem.muNorm;
  return {
    d,
    m,
    n,
    W0: Float64Array.from(initialFilters(params.seed, 'supervised', m, d, params.sigma0)),
    mu,
    noise: Float64Array.from(sampleNoise(dataModelOf(params), params.seed, 'train', n)),
    y: problem.y,
    yTrue: problem.yTrue,
  };
}

/**
 * The Gram pass a run needs, done before its regime runs: the labelled samples' basis from
 * W(0) of stream 'supervised' (any regime without pre-training), or SimCLR's pre-training basis.
 */
async function prepare(params: SimParams): Promise<PreparedSpaces> {
  if (params.regime === 'simclr') {
    const layout = simclrLayout(params);
    const ips = await simclrGram(params, layout);
    const pre = pretrainProblem(params, layout, ips);
    return { initial: { tag: 'pretrain', sigma0: params.pretrainSigma0, space: { kind: 'pretrain', problem: pre } }, simclr: { layout, ips, pre }, explicit: null };
  }
  const { m, d, nLabeled: n } = params;
  const problem = await buildSupervisedProblem({ model: dataModelOf(params), seed: params.seed, m, sigma0: params.sigma0, n, nTest: params.nTest, initTag: 'supervised' });
  const explicit = params.steps * 2 * m * n * d <= IDENTITY_CHECK_BUDGET ? explicitSupervisedData(params, problem) : null;
  return { initial: { tag: 'supervised', sigma0: params.sigma0, space: { kind: 'labelled', problem } }, explicit };
}

class ExactEngine implements Engine {
  readonly name = 'exact' as const;
  readonly version = EXACT_ENGINE_VERSION;

  validate(params: SimParams): void {
    validateExact(params);
    refuseMissingBlocks(this.name, params, hasExactBlock);
  }

  async run(params: SimParams, hooks: RunHooks = {}): Promise<RunResult> {
    this.validate(params);
    const started = performance.now();
    const blocks = new ExactBlocks(params, await prepare(params), hooks);
    const result = runRegime(blocks, params);
    const curves = blocks.decomposition ? { ...result.curves, decomposition: blocks.decomposition } : result.curves;
    return { ...result, curves, engine: 'exact', engineVersion: EXACT_ENGINE_VERSION, backend: EXACT_BACKEND, wallSeconds: (performance.now() - started) / 1000 };
  }
}

export function createExactEngine(): Engine {
  return new ExactEngine();
}
