import type { OutputFormat } from './format.js';
import { compileTemplate } from './format.js';

// Characters that start Markdown or HTML constructs inside a line or a table cell.
const SPECIAL = /[\\`*_[\]<>|#]/g;

export function escapeMarkdown(text: unknown): string {
  return String(text ?? '')
    .replace(SPECIAL, (c) => `\\${c}`)
    .replace(/\r?\n/g, ' ');
}

export const markdown: OutputFormat = {
  name: 'md',
  file: 'report.md',
  figures: 'svg',
  render(model, ctx) {
    return compileTemplate('report.md.hbs', ctx, { md: escapeMarkdown }, true)(model);
  },
};
