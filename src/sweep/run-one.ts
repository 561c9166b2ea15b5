import { getEngine } from '../engine/engine.js';
import { checkRunFits } from '../engine/limits.js';
import type { SimParams } from '../engine/params.js';
import type { RunResult } from '../engine/result.js';
import { loadModule } from '../plugins/load.js';
import { InputError } from '../util/errors.js';

/** An error that crossed a thread boundary as plain data. */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  problems?: string[];
}

export function serializeError(e: unknown): SerializedError {
  if (e instanceof InputError) return { name: e.name, message: e.message, stack: e.stack, problems: e.problems };
  if (e instanceof Error) return { name: e.name, message: e.message, stack: e.stack };
  return { name: 'Error', message: String(e) };
}

export function deserializeError(s: SerializedError): Error {
  const e = s.name === 'InputError' ? new InputError(s.problems ?? [s.message]) : new Error(s.message);
  if (s.name !== 'InputError') e.name = s.name;
  if (s.stack) e.stack = s.stack;
  return e;
}

/**
 * Import the modules that register engines and the spec's plug-ins (once per thread); a plug-in's
 * default export (definePlugin) is registered here, so workers know the same components as the main thread.
 */
export async function loadModules(specifiers: readonly string[]): Promise<void> {
  for (const s of specifiers) await loadModule(s);
}

/** Run one simulation in this thread with the registered engine. */
export async function runOne(params: SimParams): Promise<RunResult> {
  const engine = await getEngine(params.engine);
  engine.validate(params);
  checkRunFits(params);
  return engine.run(params);
}
