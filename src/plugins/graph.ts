import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputError } from '../util/errors.js';
import { packageRoot } from '../util/package-root.js';

/** One file a spec or plug-in is made of, with the sha256 (hex) of its bytes. */
export interface ModuleFile {
  /** Absolute path. */
  path: string;
  hash: string;
}

export function fileHash(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Whether a file is part of the harness itself or an installed package (not the user's own code). */
function isHarnessOrPackage(path: string): boolean {
  if (path.split(sep).includes('node_modules')) return true;
  const root = packageRoot();
  return ['src', 'proofs-check', 'dist'].some((dir) => {
    const rel = relative(join(root, dir), path);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  });
}

/**
 * The user's own modules that `entry` (a .ts/.js spec or plug-in) loads, transitively, entry first:
 * everything but the harness and installed packages. esbuild resolves the import graph the way tsx
 * loads it (TS `.js` specifiers included) without running anything.
 */
export async function localModuleGraph(entry: string): Promise<ModuleFile[]> {
  const absolute = resolve(entry);
  let inputs: string[];
  try {
    // Loaded on first use: worker threads import this module's neighbours but never build a graph.
    const { build } = await import('esbuild');
    const result = await build({
      entryPoints: [absolute],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      logLevel: 'silent',
      absWorkingDir: process.cwd(),
      // Do not walk into the harness's own sources (a repo spec imports ../src/spec/schema.js).
      plugins: [
        {
          name: 'harness-external',
          setup(b) {
            b.onResolve({ filter: /^\.{0,2}\// }, (args) => (isHarnessOrPackage(resolve(args.resolveDir, args.path)) ? { path: args.path, external: true } : undefined));
          },
        },
      ],
    });
    inputs = Object.keys(result.metafile.inputs).map((p) => resolve(process.cwd(), p));
  } catch (error) {
    const text = error && typeof error === 'object' && 'errors' in error ? (error as { errors: { text: string }[] }).errors.map((e) => e.text).join('; ') : String(error);
    throw new InputError(`${absolute}: cannot resolve its imports: ${text}`, { file: absolute });
  }
  const files = [absolute, ...inputs.filter((p) => p !== absolute && !isHarnessOrPackage(p)).sort()];
  return files.map((path) => ({ path, hash: fileHash(path) }));
}

/** One hash over a list of files: their paths relative to `base` and their content hashes. */
export function combinedHash(files: readonly ModuleFile[], base: string): string {
  const h = createHash('sha256');
  for (const f of files) h.update(`${relative(base, f.path).split(sep).join('/')}\0${f.hash}\n`);
  return h.digest('hex');
}
