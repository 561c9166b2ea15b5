import { InputError } from '../../util/errors.js';
import type { OutputFormat } from './format.js';
import { html } from './html.js';
import { junit } from './junit.js';
import { latex } from './latex.js';
import { markdown } from './markdown.js';
import { formats, registerFormat } from './registry.js';

export { formats, registerFormat } from './registry.js';

for (const format of [markdown, html, latex, junit]) registerFormat(format);

/** The shipped formats' names (what --help lists); plug-in formats are known only once a spec loads them. */
export const FORMAT_NAMES = formats.names();
export const DEFAULT_FORMATS = ['md', 'html', 'tex', 'junit'];

/** Long names accepted for shipped formats. */
const ALIASES: Readonly<Record<string, string>> = { latex: 'tex', markdown: 'md' };

export function resolveFormats(names: readonly string[], field = '--format'): OutputFormat[] {
  const out: OutputFormat[] = [];
  const known = () => formats.names().join(', ');
  for (const raw of names) {
    const name = raw.trim().toLowerCase();
    if (name === '') continue;
    const format = formats.get(ALIASES[name] ?? name) ?? formats.values().find((f) => f.file === name);
    if (!format) throw new InputError(`${field}: unknown report format ${JSON.stringify(raw)} (known: ${known()})`, { field, value: raw });
    if (!out.includes(format)) out.push(format);
  }
  if (out.length === 0) throw new InputError(`${field}: no report format given (known: ${known()})`, { field, value: names });
  return out;
}

export type { OutputFormat } from './format.js';
