import { readFileSync } from 'node:fs';
import { Results } from '../../proofs-check/results.js';
import { InputError, parseOrThrow } from '../util/errors.js';

/** Reads and validates a results.json (from `check`, or a saved baseline). Bad input -> InputError naming the file. */
export function loadResults(file: string): Results {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`${file}: cannot read results file (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { file });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file}: not JSON (${(error as Error).message})`, { file });
  }
  return parseOrThrow(Results, data, file);
}
