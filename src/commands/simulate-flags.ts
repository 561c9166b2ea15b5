import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { resolveParams, SimParamsInput, type SimParams } from '../engine/params.js';
import { InputError, parseOrThrow } from '../util/errors.js';

/** One line of help per parameter (defaults are appended from params.ts). */
const HELP: Record<keyof SimParamsInput, string> = {
  regime: 'supervised | simclr',
  engine: 'tensor | exact | auto (exact where exact and cheaper)',
  seed: 'seed of every random stream',
  data: 'synthetic | mnist | fashion-mnist (signal patch from real images)',
  classes: "real images: the two classes as 'a,b', the first labelled +1",
  imageShift: 'real images: partner image shifted by up to this many pixels',
  d: 'patch dimension (1000 for synthetic data, 784 for images)',
  muNorm: '||mu|| (give this or --snr)',
  snr: 'SNR = ||mu|| / (sigma_p sqrt(d)) (give this or --mu-norm; default 0.1)',
  sigmaP: 'noise scale sigma_p',
  labelNoise: 'label-flip probability p in [0, 0.5)',
  noiseCovariance: 'projected | isotropic',
  nLabeled: 'labelled training samples n_L',
  nUnlabeled: 'unlabelled pre-training samples n_0',
  nTest: 'test samples',
  m: 'filters per class',
  activation: 'linear | relu | relu^q (supervised training and full fine-tuning)',
  q: 'exponent of relu^q',
  sigma0: 'init scale of supervised training',
  eta: 'GD step of supervised training',
  steps: 'GD steps of supervised training',
  tau: 'contrastive temperature',
  similarity: 'dot | cosine',
  pretrainActivation: 'encoder activation in pre-training: linear | relu | relu^q',
  pretrainSigma0: 'init scale of pre-training',
  pretrainEta: 'GD step of pre-training',
  pretrainSteps: 'pre-training steps',
  pretrainStop: 'none | val-loss (early stop on held-out unlabelled pairs)',
  augment: 'class-conditional | perturb-noise | mask | identity | shuffle-signal',
  augmentResample: 'once | every-step',
  alpha: 'perturb-noise mixing weight',
  maskProb: 'mask probability per noise coordinate',
  finetune: 'full | linear-probe',
  finetuneInitNorm: "norm of each pre-trained filter before fine-tuning, or 'none' to keep it",
  finetuneEta: 'GD step of fine-tuning',
  finetuneSteps: 'fine-tuning steps',
  curvePoints: 'points sampled on each curve',
};

export const PARAM_KEYS = Object.keys(SimParamsInput.shape) as Array<keyof SimParamsInput>;

/** camelCase parameter name to its kebab-case flag: nLabeled -> --n-labeled, sigma0 -> --sigma0. */
export function flagOf(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

const DEFAULTS = resolveParams({});

type Kind = 'number' | 'nullable-number' | 'raw';
/** Numbers are parsed here so that a non-number names its flag; everything else goes to zod as given. */
function kindOf(key: keyof SimParamsInput): Kind {
  const value = DEFAULTS[key as keyof SimParams];
  if (typeof value !== 'number') return 'raw';
  return SimParamsInput.shape[key].safeParse(null).success ? 'nullable-number' : 'number';
}

/** Adds one `--kebab-name <value>` option per SimParams field. */
export function addParamFlags(command: Command): Command {
  for (const key of PARAM_KEYS) {
    const shown = key === 'muNorm' || key === 'snr' ? '' : ` (default ${JSON.stringify(DEFAULTS[key as keyof SimParams])})`;
    command.option(`${flagOf(key)} <value>`, `${HELP[key]}${shown}`);
  }
  return command;
}

/** A flag's string value as the type its parameter expects; a non-number names the flag and the value. */
function flagValue(key: keyof SimParamsInput, raw: string): unknown {
  const kind = kindOf(key);
  if (kind === 'raw') return raw;
  if (kind === 'nullable-number' && (raw === 'none' || raw === 'null')) return null;
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  if (!Number.isFinite(value)) {
    throw new InputError(`${flagOf(key)}: expected a number (got ${JSON.stringify(raw)})`, { field: key, value: raw });
  }
  return value;
}

function readConfig(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`${file}: cannot read the config file (${(error as Error).message})`, { file });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file}: not valid JSON (${(error as Error).message})`, { file });
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new InputError(`${file}: expected a JSON object of simulation parameters (got ${JSON.stringify(data)?.slice(0, 40)})`, { file });
  }
  // Unknown fields and bad values are reported against the file before any flag is merged in.
  parseOrThrow(SimParamsInput, data, file);
  return data as Record<string, unknown>;
}

/**
 * SimParams from parsed commander options (keys are the camelCase parameter names) and an
 * optional JSON config file; flags override the file. Throws InputError naming field and value.
 */
export function paramsFromOptions(options: Record<string, unknown>, configFile?: string): SimParams {
  const fromFile = configFile ? readConfig(configFile) : {};
  const fromFlags: Record<string, unknown> = {};
  for (const key of PARAM_KEYS) {
    const raw = options[key];
    if (typeof raw === 'string') fromFlags[key] = flagValue(key, raw);
  }
  // --snr and --mu-norm are alternatives: either flag replaces both fields of the file.
  if ('muNorm' in fromFlags || 'snr' in fromFlags) {
    delete fromFile.muNorm;
    delete fromFile.snr;
  }
  return resolveParams({ ...fromFile, ...fromFlags });
}

function shellWord(value: string): string {
  return /^[A-Za-z0-9._+,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The `theorem-harness simulate ...` command that replays a run: only the values that differ from the defaults. */
export function replayCommand(params: SimParams): string {
  const words = ['theorem-harness', 'simulate'];
  const given: Record<string, unknown> = {};
  // Defaults that depend on the data source (d) are those of the run's source; `data` itself is
  // compared with the global default, so a real-image run replays with --data.
  const defaults: SimParams = { ...resolveParams({ data: params.data }), data: DEFAULTS.data };
  for (const key of PARAM_KEYS) {
    if (key === 'muNorm' || key === 'snr') continue;
    const value = params[key as keyof SimParams];
    if (JSON.stringify(value) !== JSON.stringify(defaults[key as keyof SimParams])) {
      given[key] = value;
      const text = value === null ? 'none' : Array.isArray(value) ? value.join(',') : String(value);
      words.push(flagOf(key), shellWord(text));
    }
  }
  // The signal strength: nothing when the default SNR gives the same ||mu||, else --snr when it
  // reproduces ||mu|| exactly, else --mu-norm.
  if (resolveParams(given).muNorm !== params.muNorm) {
    if (resolveParams({ ...given, snr: params.snr }).muNorm === params.muNorm) words.push('--snr', String(params.snr));
    else words.push('--mu-norm', String(params.muNorm));
  }
  return words.join(' ');
}
