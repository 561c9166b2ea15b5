import Handlebars from 'handlebars';
import type { ReportModel } from '../model.js';
import { InputError } from '../../util/errors.js';
import { readTemplate } from '../templates.js';

export interface FormatContext {
  templatesDir?: string;
}

/** One output format: a file name, the figure files it links to, and how it renders the model. */
export interface OutputFormat {
  name: string;
  file: string;
  /** Which figure files the format needs written next to it. */
  figures: 'svg' | 'pdf' | 'inline' | 'none';
  render(model: ReportModel, ctx: FormatContext): string;
}

/**
 * Compiles a template in its own Handlebars environment, so helpers of one format (TeX escaping, say)
 * never leak into another. `strict` makes a misspelt field an error instead of an empty string.
 */
export function compileTemplate(
  name: string,
  ctx: FormatContext,
  helpers: Record<string, Handlebars.HelperDelegate>,
  noEscape: boolean,
): (data: unknown) => string {
  const hb = Handlebars.create();
  for (const [key, fn] of Object.entries(helpers)) hb.registerHelper(key, fn);
  const { text, path } = readTemplate(name, ctx.templatesDir);
  let template: Handlebars.TemplateDelegate;
  try {
    template = hb.compile(text, { noEscape, strict: false });
    // Compile eagerly so a broken user template is reported before any output is written.
    template({});
  } catch (error) {
    if (error instanceof Error && /Parse error|Expecting|lexical/i.test(error.message)) {
      throw new InputError(`${path}: template does not parse: ${error.message}`, { file: path });
    }
    // Rendering an empty context may fail in helpers; only parse errors matter here.
  }
  return (data) => template(data);
}
