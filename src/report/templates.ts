import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../util/package-root.js';
import { InputError } from '../util/errors.js';

/** The built-in templates live in the source tree (shipped with the package), so they work from dist/ too. */
export function builtinTemplatesDir(): string {
  return join(packageRoot(), 'src', 'report', 'templates');
}

/**
 * Reads one template: from the user's --templates folder when it has that file (so a user can copy and edit
 * just one format), else the built-in one.
 */
export function readTemplate(name: string, overrideDir?: string): { text: string; path: string } {
  if (overrideDir !== undefined) {
    if (!existsSync(overrideDir)) throw new InputError(`--templates ${overrideDir}: no such folder`, { field: '--templates', value: overrideDir });
    const own = join(overrideDir, name);
    if (existsSync(own)) return { text: readFileSync(own, 'utf8'), path: own };
  }
  const path = join(builtinTemplatesDir(), name);
  return { text: readFileSync(path, 'utf8'), path };
}
