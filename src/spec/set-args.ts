import { InputError } from '../util/errors.js';

/** A parameter's value as flags and specs give it: a number, or an expression or name to evaluate later. */
export type Value = number | string;

/**
 * Parse `--set name=value` arguments; values stay strings until evaluatePoint checks them against the spec.
 * Its own module, free of mathjs, so that commands reject a bad flag before loading the expression engine.
 */
export function parseSetArgs(args: readonly string[]): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq <= 0) throw new InputError(`--set ${arg}: expected name=value`, { field: '--set', value: arg });
    const name = arg.slice(0, eq).trim();
    const raw = arg.slice(eq + 1).trim();
    const num = Number(raw);
    out[name] = raw !== '' && Number.isFinite(num) ? num : raw;
  }
  return out;
}
