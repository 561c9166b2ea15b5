import { Registry, SHIPPED } from '../registry.js';
import { InputError } from '../util/errors.js';
import type { SimParams } from './params.js';
import type { RunResult } from './result.js';

export interface RunHooks {
  /** Called now and then with the phase and its progress; for progress bars only. */
  onProgress?(phase: 'pretrain' | 'train' | 'finetune' | 'evaluate', done: number, total: number): void;
}

/**
 * One simulation engine. Nothing above this interface knows which engine ran
 * except through the `engine`, `engineVersion` and `backend` fields it reports.
 * A run is a pure function of its parameters (including the seed) and the engine version.
 */
export interface Engine {
  readonly name: string;
  /** Bumped whenever a change can alter numbers; part of every cache key. */
  readonly version: string;
  /** Throws InputError when the engine cannot represent a configuration exactly. */
  validate(params: SimParams): void;
  run(params: SimParams, hooks?: RunHooks): Promise<RunResult>;
}

export type EngineFactory = () => Promise<Engine>;

/** Every engine by name; the shipped ones register in src/engine/engines.ts, plug-ins through definePlugin. */
export const engines = new Registry<EngineFactory>('engine');

/** Register an engine; a name registered twice is an InputError naming both origins. */
export function registerEngine(name: string, factory: EngineFactory, origin: string = SHIPPED): void {
  engines.register(name, factory, origin);
}

/**
 * An engine named on the command line (`check --engine`), checked once the spec's plug-ins, which
 * may register engines, have loaded: an InputError listing the known ones otherwise.
 */
export function requireEngineFlag(name: string | undefined, flag = '--engine'): void {
  if (name !== undefined && !engines.has(name)) {
    throw new InputError(`${flag}: expected one of ${engines.names().join(', ')} (got ${JSON.stringify(name)}; an engine of a plug-in is known once the spec that lists the plug-in loads)`, { field: flag, value: name });
  }
}

const loaded = new Map<string, Promise<Engine>>();

/** The engine registered under `name` (created once per thread); an InputError listing the known ones otherwise. */
export async function getEngine(name: string): Promise<Engine> {
  const factory = engines.require(name, 'engine');
  let engine = loaded.get(name);
  if (!engine) {
    engine = factory();
    loaded.set(name, engine);
  }
  return engine;
}
