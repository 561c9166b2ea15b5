import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { InputError } from '../util/errors.js';
import { isPlugin } from './define.js';
import { combinedHash, localModuleGraph, type ModuleFile } from './graph.js';
import { useOneHarnessCopy } from './one-copy.js';
import { registerPlugin } from './register.js';

const TS_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.tsx']);

let tsxRegistered = false;

/**
 * Import a module by URL. A TypeScript file that this thread cannot load yet (the compiled CLI, a
 * worker from dist/) gets tsx registered thread-wide first: unlike tsImport's private namespace, a
 * plug-in then shares the harness modules it imports with the harness itself.
 */
export async function importModule(url: string): Promise<{ default?: unknown }> {
  useOneHarnessCopy();
  try {
    return (await import(url)) as { default?: unknown };
  } catch (error) {
    const unknownExtension = (error as { code?: string }).code === 'ERR_UNKNOWN_FILE_EXTENSION';
    if (!unknownExtension || !url.startsWith('file:') || !TS_EXTENSIONS.has(extname(fileURLToPath(url)).toLowerCase())) throw error;
  }
  if (!tsxRegistered) {
    const { register } = await import('tsx/esm/api');
    register();
    tsxRegistered = true;
  }
  // Node remembers the failed import of this URL; a query gives the module a fresh one.
  return (await import(`${url}${url.includes('?') ? '&' : '?'}tsx`)) as { default?: unknown };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export interface LoadedPlugin {
  /** Absolute path of the plug-in module. */
  file: string;
  url: string;
  /** The plug-in module and the user's own modules it imports, with content hashes. */
  modules: ModuleFile[];
  /** One hash over `modules`. */
  hash: string;
}

const loaded = new Map<string, Promise<LoadedPlugin | null>>();

/**
 * Import a module once per thread; when its default export is a plug-in (definePlugin), register
 * its components. `requirePlugin`: anything else is an InputError (a spec's `plugins` entry).
 * Returns null for a module that is not a plug-in (an engine-registering module, say).
 */
export function loadModule(url: string, requirePlugin = false, field = 'plugins'): Promise<LoadedPlugin | null> {
  let pending = loaded.get(url);
  if (!pending) {
    pending = (async () => {
      const file = url.startsWith('file:') ? fileURLToPath(url) : url;
      let mod: { default?: unknown };
      try {
        mod = await importModule(url);
      } catch (error) {
        if (!url.startsWith('file:')) throw error;
        throw new InputError(`${file}: cannot load the plug-in module: ${message(error)}`, { file, field });
      }
      if (!isPlugin(mod.default)) {
        if (!requirePlugin) return null;
        throw new InputError(`${file}: not a plug-in (write \`export default definePlugin({ name, checkers, formats, engines })\`, definePlugin from 'theorem-harness')`, { file, field });
      }
      const modules = url.startsWith('file:') ? await localModuleGraph(file) : [];
      const hash = combinedHash(modules, file);
      registerPlugin(mod.default, file, hash);
      return { file, url, modules, hash };
    })();
    loaded.set(url, pending);
    // A failed load may be retried after the user fixes the file.
    pending.catch(() => loaded.delete(url));
  }
  return pending.then((p) => {
    if (p === null && requirePlugin) throw new InputError(`${url}: not a plug-in`, { field });
    return p;
  });
}

/** Load a spec's `plugins` (paths relative to the spec's folder), in order. */
export async function loadPlugins(paths: readonly string[], specDir: string): Promise<LoadedPlugin[]> {
  const out: LoadedPlugin[] = [];
  for (const [i, path] of paths.entries()) {
    if (typeof path !== 'string' || path.trim() === '') throw new InputError(`plugins[${i}]: expected a module path (got ${JSON.stringify(path)})`, { field: `plugins[${i}]`, value: path });
    const file = resolve(specDir, path);
    if (!existsSync(file)) throw new InputError(`plugins[${i}]: no module ${JSON.stringify(path)} (looked for ${file})`, { field: `plugins[${i}]`, value: path });
    const url = pathToFileURL(file).href;
    out.push((await loadModule(url, true, `plugins[${i}]`))!);
  }
  return out;
}
