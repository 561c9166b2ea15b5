import type { OutputFormat } from './format.js';
import { compileTemplate } from './format.js';

// Characters that start Markdown or HTML constructs inside a line or a table cell.
const SPECIAL = /[\\`*_[\]<>|#]/g;

export function escapeMarkdown(text: unknown): string {
  return String(text ?? '')
    .replace(SPECIAL, (c) => `\\${c}`)
    .replace(/\r?\n/g, ' ');
}

/** Inside a code span only a pipe needs care: GFM splits table cells on it even there. */
export function escapeMarkdownCode(text: unknown): string {
  return String(text ?? '').replace(/\|/g, '\\|').replace(/`/g, "'").replace(/\r?\n/g, ' ');
}

export const markdown: OutputFormat = {
  name: 'md',
  file: 'report.md',
  figures: 'svg',
  render(model, ctx) {
    return compileTemplate('report.md.hbs', ctx, { md: escapeMarkdown, mdcode: escapeMarkdownCode }, true)(model);
  },
};
