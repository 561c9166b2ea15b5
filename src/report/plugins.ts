import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Results } from '../../proofs-check/results.js';
import { fileHash } from '../plugins/graph.js';
import { loadModule } from '../plugins/load.js';

/**
 * Load the plug-ins a results file lists (as `check` did), so their output formats and claim kinds
 * are there to render. A plug-in is looked for relative to the results file's folder, then the working folder.
 * Returns warnings for plug-ins that are missing or changed since the check; a plug-in that fails to
 * load is an InputError naming its file.
 */
export async function loadResultsPlugins(results: Results, resultsFile: string): Promise<string[]> {
  const warnings: string[] = [];
  for (const entry of results.spec.plugins ?? []) {
    const candidates = [...(entry.fromResults !== undefined ? [resolve(dirname(resultsFile), entry.fromResults)] : []), resolve(entry.file)];
    const file = candidates.find((f) => existsSync(f));
    if (!file) {
      warnings.push(`plug-in ${entry.file} (listed in ${resultsFile}) not found; its output formats are not available`);
      continue;
    }
    if (entry.hash && fileHash(file) !== entry.hash) warnings.push(`plug-in ${entry.file} changed since the check (its hash differs); rendering with the current file`);
    await loadModule(pathToFileURL(file).href, true, `spec.plugins (${resultsFile})`);
  }
  return warnings;
}
