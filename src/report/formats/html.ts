import Handlebars from 'handlebars';
import temml from 'temml';
import type { OutputFormat } from './format.js';
import { compileTemplate } from './format.js';
import { readTemplate } from '../templates.js';

/**
 * TeX to MathML with Temml: browsers typeset MathML natively, so the report stays one self-contained file with no
 * script or web font. A formula Temml cannot parse is shown as its TeX source (throwOnError: false).
 */
export function texToMathml(tex: unknown, display = false): string {
  return temml.renderToString(String(tex ?? ''), { displayMode: display, throwOnError: false, annotate: true });
}

const escape = (s: string) => Handlebars.Utils.escapeExpression(s);

/** Text with maths spans (between U+0000 and U+0001, from the report model): escaped text, MathML inside. */
export function mixedToHtml(text: unknown): string {
  return String(text ?? '')
    .split(/(\u0000[^\u0001]*\u0001)/)
    .map((part) => (part.startsWith('\u0000') ? texToMathml(part.slice(1, -1)) : escape(part)))
    .join('');
}

export const html: OutputFormat = {
  name: 'html',
  file: 'report.html',
  figures: 'inline',
  render(model, ctx) {
    const css = readTemplate('report.css', ctx.templatesDir).text;
    const helpers = {
      math: (tex: unknown) => new Handlebars.SafeString(texToMathml(tex)),
      displayMath: (tex: unknown) => new Handlebars.SafeString(texToMathml(tex, true)),
      mixed: (text: unknown) => new Handlebars.SafeString(mixedToHtml(text)),
    };
    return compileTemplate('report.html.hbs', ctx, helpers, false)({ ...model, css });
  },
};
