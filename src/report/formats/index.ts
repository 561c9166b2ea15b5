import { InputError } from '../../util/errors.js';
import type { OutputFormat } from './format.js';
import { html } from './html.js';
import { junit } from './junit.js';
import { latex } from './latex.js';
import { markdown } from './markdown.js';

/** Every output format; a new one is a new module listed here. */
export const FORMATS: readonly OutputFormat[] = [markdown, html, latex, junit];
export const FORMAT_NAMES = FORMATS.map((f) => f.name);
export const DEFAULT_FORMATS = ['md', 'html', 'tex', 'junit'];

export function resolveFormats(names: readonly string[], field = '--format'): OutputFormat[] {
  const out: OutputFormat[] = [];
  for (const raw of names) {
    const name = raw.trim().toLowerCase();
    if (name === '') continue;
    const format = FORMATS.find((f) => f.name === name || f.file === name || (name === 'latex' && f.name === 'tex') || (name === 'markdown' && f.name === 'md'));
    if (!format) throw new InputError(`${field}: unknown report format ${JSON.stringify(raw)} (known: ${FORMAT_NAMES.join(', ')})`, { field, value: raw });
    if (!out.includes(format)) out.push(format);
  }
  if (out.length === 0) throw new InputError(`${field}: no report format given (known: ${FORMAT_NAMES.join(', ')})`, { field, value: names });
  return out;
}

export type { OutputFormat } from './format.js';
