// Module resolve hook registered by ./one-copy.ts (runs on Node's hooks thread): an import that
// lands on one of the package's own compiled sources (<root>/src/**.ts or .js, <root>/proofs-check/**)
// loads the dist/ twin instead, when it exists.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let root = '';
let dist = '';
const COMPILED = ['src/', 'proofs-check/'];

export function initialize(data: { root: string; dist: string }): void {
  root = data.root;
  dist = data.dist;
}

function twin(url: string): string | null {
  if (!url.startsWith(root) || url.startsWith(dist)) return null;
  const rel = url.slice(root.length).replace(/[?#].*$/, '');
  if (!COMPILED.some((dir) => rel.startsWith(dir)) || !/\.(ts|js)$/.test(rel) || rel.endsWith('.d.ts')) return null;
  const built = `${dist}${rel.replace(/\.ts$/, '.js')}`;
  return existsSync(fileURLToPath(built)) ? built : null;
}

type Resolve = (specifier: string, context: { parentURL?: string }) => Promise<{ url: string; shortCircuit?: boolean }>;

export async function resolve(specifier: string, context: { parentURL?: string }, nextResolve: Resolve) {
  // Relative or file: specifiers are mapped before any other hook (tsx would map .js to the .ts source).
  if (context.parentURL && (specifier.startsWith('.') || specifier.startsWith('file:'))) {
    let target: string | null = null;
    try {
      target = twin(new URL(specifier, context.parentURL).href);
    } catch {
      target = null;
    }
    if (target) return { url: target, shortCircuit: true };
  }
  const resolved = await nextResolve(specifier, context);
  const target = twin(resolved.url);
  return target ? { ...resolved, url: target } : resolved;
}
