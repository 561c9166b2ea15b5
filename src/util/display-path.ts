import { isAbsolute, relative, resolve } from 'node:path';

/**
 * How the CLI prints a path: relative to the working directory when it lies inside it, absolute otherwise (a
 * `../../../tmp/x` helps nobody), so the same file is always shown the same way.
 */
export function displayPath(path: string, cwd: string = process.cwd()): string {
  const rel = relative(cwd, resolve(cwd, path));
  if (rel === '') return '.';
  return rel.startsWith('..') || isAbsolute(rel) ? resolve(cwd, path) : rel;
}
