import { z } from 'zod';
import { ACTIVATIONS } from './activations.js';
import { componentParamShape, ownersOf, paramsRevision, setCoreKeys } from '../components/params.js';
import { dataModels } from '../components/data-model.js';
import { optimizers } from '../components/optimizer.js';
import { regimes } from '../components/regime.js';
import '../components/shipped.js';
import { InputError, parseOrThrow, show } from '../util/errors.js';

/**
 * The run parameters: a core every run has (selectors, the shared data-model scales, the network,
 * the curve) plus the parameters of every registered component (src/components/), so a plug-in's
 * data model, optimizer or regime adds its own fields, flags and spec targets.
 * Marks in comments: [lineage] standard setting, [paper] Zhang & Cao, [choice] ours.
 */
export { ACTIVATIONS };

const positive = z.number().finite().positive();
const count = z.number().int().positive();

/** A selector: the name of a registered component (checked against its registry when resolving). */
const selector = (fallback: string, what: string) => z.string().min(1).default(fallback).describe(what);

const CORE = {
  regime: selector('supervised', 'training regime'),
  engine: selector('tensor', 'simulation engine'),
  seed: z.number().int().nonnegative().default(0).describe('seed of every random stream'),

  // Data model [lineage]: x = [signal patch, noise patch]; the synthetic signal is y mu, mu = muNorm e_1.
  data: selector('synthetic', 'data model (the signal patch)'),
  optimizer: selector('gd', 'optimizer of every training phase'),
  /** Default 1000, or the data model's fixed dimension (28 x 28 images: 784). */
  d: count.optional().describe('patch dimension (default 1000, or the data model\'s fixed one)'),
  /** Give either muNorm or snr; snr = muNorm / (sigmaP sqrt(d)). Default snr 0.1. */
  muNorm: positive.optional().describe('||mu|| (give this or --snr)'),
  snr: positive.optional().describe('SNR = ||mu|| / (sigma_p sqrt(d)) (give this or --mu-norm; default 0.1)'),
  sigmaP: positive.default(1).describe('noise scale sigma_p'),
  /** Label-flip probability p (Kou et al.); Bayes-optimal test error is p. */
  labelNoise: z.number().min(0).lt(0.5).default(0).describe('label-flip probability p in [0, 0.5)'),
  nLabeled: count.default(10).describe('labelled training samples n_L'),
  nUnlabeled: z.number().int().min(2).default(1000).describe('unlabelled samples n_0 (regimes that use them, e.g. SimCLR pre-training)'),
  nTest: count.default(1000).describe('test samples'),

  // Network [lineage]: f = F_{+1} - F_{-1}, m filters per class, second layer +-1/m.
  m: count.default(10).describe('filters per class'),
  activation: z.enum(ACTIVATIONS).default('relu^q').describe('linear | relu | relu^q (supervised training and full fine-tuning)'),
  q: z.number().finite().min(1).default(3).describe('exponent of relu^q'),
  sigma0: positive.default(0.01).describe('init scale of supervised training'),

  /** Number of points at which loss curves are sampled. */
  curvePoints: z.number().int().min(2).max(1000).default(50).describe('points sampled on each curve'),
};
setCoreKeys(Object.keys(CORE));

const CoreParams = z.object(CORE).strict();

/** The shipped components' parameters, for static types (a plug-in's are `unknown` here). */
type ShippedShape = typeof import('../components/shipped.js').SHIPPED_PARAMS;
type Core = z.output<typeof CoreParams>;
type ShippedOwn = { [K in keyof ShippedShape]: z.output<ShippedShape[K]> };

/** Raw run parameters as a flag set, config file or spec gives them. */
export type SimParamsInput = Partial<z.input<typeof CoreParams>> & { [K in keyof ShippedShape]?: z.input<ShippedShape[K]> } & { [key: string]: unknown };

/** Fully resolved parameters: d, muNorm and snr are numbers; a plug-in's own fields are read by name. */
export type SimParams = Omit<Core, 'muNorm' | 'snr' | 'd'> & ShippedOwn & { muNorm: number; snr: number; d: number } & { [key: string]: unknown };

let cached: { revision: number; schema: z.ZodObject<Record<string, z.ZodType>> } | null = null;

/** The zod object of every run parameter: the core and each registered component's. */
export function runParamsSchema(): z.ZodObject<Record<string, z.ZodType>> {
  if (!cached || cached.revision !== paramsRevision()) {
    cached = { revision: paramsRevision(), schema: z.object({ ...CORE, ...componentParamShape() }).strict() };
  }
  return cached.schema;
}

/** Every run parameter's name: the core ones, then the components', in registration order. */
export function paramKeys(): string[] {
  return Object.keys(runParamsSchema().shape);
}

export const DEFAULT_SNR = 0.1;
export const DEFAULT_D = 1000;

export function snrOf(p: { muNorm: number; sigmaP: number; d: number }): number {
  return p.muNorm / (p.sigmaP * Math.sqrt(p.d));
}

// The engine is checked where it is looked up (getEngine), so that threads that register their own engines need not load the shipped ones.
const SELECTORS = { regime: regimes, data: dataModels, optimizer: optimizers } as const;

/** Validate and resolve raw parameters (from flags, a config file or a spec). Throws InputError. */
export function resolveParams(input: unknown, file?: string): SimParams {
  const at = file ? `${file}: ` : '';
  const parsed = parseOrThrow(runParamsSchema(), input, file) as Record<string, unknown> & Omit<Core, 'd' | 'muNorm' | 'snr'> & { d?: number; muNorm?: number; snr?: number };
  for (const [field, registry] of Object.entries(SELECTORS)) {
    const name = parsed[field] as string;
    if (!registry.has(name)) {
      throw new InputError(`${at}${field}: unknown ${registry.what} ${show(name)} (known: ${registry.names().join(', ')}; a plug-in adds more)`, { file, field, value: name });
    }
  }
  if (parsed.muNorm !== undefined && parsed.snr !== undefined) {
    throw new InputError(`${at}muNorm and snr: give one of them, not both (got muNorm=${parsed.muNorm}, snr=${parsed.snr})`, { file, field: 'snr', value: parsed.snr });
  }
  const model = dataModels.require(parsed.data, 'data');
  if (model.dimension !== undefined && parsed.d !== undefined && parsed.d !== model.dimension) {
    throw new InputError(`${at}d: data '${parsed.data}' has patches of dimension ${model.dimension}, so d must be ${model.dimension} (got d=${parsed.d}); drop d or set it to ${model.dimension}`, { file, field: 'd', value: parsed.d });
  }
  // A data model's own parameter set away from its default while another model runs is a mistake
  // (other components' parameters are ignored quietly, as a sweep over regimes sets them all).
  const defaults = runParamsSchema().parse({}) as Record<string, unknown>;
  for (const key of Object.keys(input !== null && typeof input === 'object' ? input : {})) {
    const owners = ownersOf(key);
    if (owners.length === 0 || !owners.every((o) => o.sort === 'data') || owners.some((o) => o.name === parsed.data)) continue;
    if (JSON.stringify(parsed[key]) === JSON.stringify(defaults[key])) continue;
    const names = owners.map((o) => `'${o.name}'`).join(' or ');
    throw new InputError(`${at}${key}: a parameter of data ${names} only; set data to ${names} (got ${key}=${JSON.stringify(parsed[key])} with data '${parsed.data}')`, { file, field: key, value: parsed[key] });
  }
  const d = parsed.d ?? model.dimension ?? DEFAULT_D;
  const scale = parsed.sigmaP * Math.sqrt(d);
  const muNorm = parsed.muNorm ?? (parsed.snr ?? DEFAULT_SNR) * scale;
  const { snr: _snr, muNorm: _mu, d: _d, ...rest } = parsed;
  return { ...rest, d, muNorm, snr: muNorm / scale } as SimParams;
}

/** The parameters that determine a run's outcome, in a canonical key order (for hashing and replay). */
export function canonicalParams(p: SimParams): SimParams {
  const keys = Object.keys(p).sort();
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = p[k];
  return out as SimParams;
}
