import type { OutputFormat } from './format.js';
import { compileTemplate } from './format.js';
import { readTemplate } from '../templates.js';

export const html: OutputFormat = {
  name: 'html',
  file: 'report.html',
  figures: 'inline',
  render(model, ctx) {
    const css = readTemplate('report.css', ctx.templatesDir).text;
    return compileTemplate('report.html.hbs', ctx, {}, false)({ ...model, css });
  },
};
