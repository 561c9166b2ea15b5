import { register } from 'node:module';

/**
 * One copy of the harness per process. A plug-in or spec in a checkout of this repository imports
 * the harness from its sources (`../../src/index.js`, through tsx) while the CLI runs the compiled
 * copy in dist/; two copies mean two sets of registries, and a plug-in engine that asks its copy's
 * `getEngine('exact')` finds none. When this module runs from dist/, a resolve hook
 * (./one-copy-hooks.ts) sends imports of the package's own src/ and proofs-check/ files to their
 * compiled twins in dist/. From the sources there is one copy already and nothing is registered.
 */
let registered = false;

export function useOneHarnessCopy(): void {
  if (registered) return;
  registered = true;
  const here = new URL('.', import.meta.url).href; // <root>/dist/src/plugins/ or <root>/src/plugins/
  if (!here.endsWith('/dist/src/plugins/')) return;
  const dist = new URL('../../', here).href;
  const root = new URL('../', dist).href;
  register('./one-copy-hooks.js', import.meta.url, { data: { root, dist } });
}
