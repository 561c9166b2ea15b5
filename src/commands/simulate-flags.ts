import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { dataModels } from '../components/data-model.js';
import { optimizers } from '../components/optimizer.js';
import { regimes } from '../components/regime.js';
import { engines } from '../engine/engine.js';
import { resolveParams, runParamsSchema, type SimParams } from '../engine/params.js';
import { InputError, parseOrThrow } from '../util/errors.js';

/** Every run parameter's name: the core ones and every registered component's. */
function paramKeys(): string[] {
  return Object.keys(runParamsSchema().shape);
}

/** A parameter's help line: its schema's description (core fields and each component declare one). */
function helpOf(key: string): string {
  return runParamsSchema().shape[key]?.description ?? key;
}

/** The selectors list what is registered, so a help line never goes stale. */
function selectorHelp(key: string): string | null {
  const registry = { regime: regimes, data: dataModels, optimizer: optimizers, engine: engines }[key];
  return registry ? `${helpOf(key)}: ${registry.names().join(' | ')}` : null;
}

/** camelCase parameter name to its kebab-case flag: nLabeled -> --n-labeled, sigma0 -> --sigma0. */
export function flagOf(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

type Kind = 'number' | 'nullable-number' | 'raw';
/** Numbers are parsed here so that a non-number names its flag; everything else goes to zod as given. */
function kindOf(key: string): Kind {
  const value = resolveParams({})[key];
  if (typeof value !== 'number') return 'raw';
  return runParamsSchema().shape[key].safeParse(null).success ? 'nullable-number' : 'number';
}

/** Adds one `--kebab-name <value>` option per run parameter (of every registered component). */
export function addParamFlags(command: Command): Command {
  const defaults = resolveParams({});
  for (const key of paramKeys()) {
    const shown = key === 'muNorm' || key === 'snr' ? '' : ` (default ${JSON.stringify(defaults[key])})`;
    command.option(`${flagOf(key)} <value>`, `${selectorHelp(key) ?? helpOf(key)}${shown}`);
  }
  return command;
}

/** A flag's string value as the type its parameter expects; a non-number names the flag and the value. */
function flagValue(key: string, raw: string): unknown {
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
  parseOrThrow(runParamsSchema(), data, file);
  return data as Record<string, unknown>;
}

/**
 * SimParams from parsed commander options (keys are the camelCase parameter names) and an
 * optional JSON config file; flags override the file. Throws InputError naming field and value.
 */
export function paramsFromOptions(options: Record<string, unknown>, configFile?: string): SimParams {
  const fromFile = configFile ? readConfig(configFile) : {};
  const fromFlags: Record<string, unknown> = {};
  for (const key of paramKeys()) {
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
  const defaults: SimParams = { ...resolveParams({ data: params.data }), data: resolveParams({}).data };
  for (const key of paramKeys()) {
    if (key === 'muNorm' || key === 'snr') continue;
    const value = params[key];
    if (JSON.stringify(value) !== JSON.stringify(defaults[key])) {
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
