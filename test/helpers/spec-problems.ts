import { validateSpec } from '../../src/spec/load.js';
import { InputError } from '../../src/util/errors.js';

/** The problems validateSpec reports for an input (as if read from bad.yaml), or [] when it is valid. */
export function problemsOf(input: unknown): string[] {
  try {
    validateSpec(input, 'bad.yaml');
  } catch (error) {
    if (error instanceof InputError) return error.problems;
    throw error;
  }
  return [];
}
