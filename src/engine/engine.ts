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
  readonly name: 'tensor' | 'exact';
  /** Bumped whenever a change can alter numbers; part of every cache key. */
  readonly version: string;
  /** Throws InputError when the engine cannot represent a configuration exactly. */
  validate(params: SimParams): void;
  run(params: SimParams, hooks?: RunHooks): Promise<RunResult>;
}

type EngineFactory = () => Promise<Engine>;
const factories = new Map<string, EngineFactory>();

/** Engines register themselves (see src/engine/engines.ts), so adding one is adding a file. */
export function registerEngine(name: Engine['name'], factory: EngineFactory): void {
  factories.set(name, factory);
}

const loaded = new Map<string, Promise<Engine>>();

export async function getEngine(name: Engine['name']): Promise<Engine> {
  const factory = factories.get(name);
  if (!factory) throw new Error(`engine '${name}' is not registered (known: ${[...factories.keys()].join(', ') || 'none'})`);
  let engine = loaded.get(name);
  if (!engine) {
    engine = factory();
    loaded.set(name, engine);
  }
  return engine;
}
