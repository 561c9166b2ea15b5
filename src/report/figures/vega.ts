import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { latinModernWidth } from './text-width.js';

// Vega's hook for a text-width function when there is no canvas (vega-scenegraph's textMetrics; not in its typings).
interface TextItem { text?: unknown; fontSize?: number | string }
(vega as unknown as { textMetrics: { width: (item: TextItem, text?: unknown) => number } }).textMetrics.width = (item, text) =>
  latinModernWidth(String(text ?? item.text ?? '').trim(), item.fontSize != null ? Number(item.fontSize) || 0 : 11);

/**
 * Vega-Lite compiles a declarative spec to Vega; Vega's headless View (renderer 'none') lays out axes,
 * ticks, log scales and legends and serialises SVG without a DOM or a browser.
 */
export async function vegaLiteToSvg(spec: TopLevelSpec, idPrefix: string): Promise<string> {
  const { spec: vgSpec } = compile(spec);
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none', logLevel: vega.Error });
  try {
    return namespaceIds(await view.toSVG(), idPrefix);
  } finally {
    view.finalize();
  }
}

/** Several SVGs inlined in one HTML page share one id space: clip paths and gradients must not collide. */
export function namespaceIds(svg: string, prefix: string): string {
  const safe = prefix.replace(/[^A-Za-z0-9_-]/g, '_');
  return svg
    .replace(/\bid="([^"]+)"/g, (_m, id: string) => `id="${safe}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_m, id: string) => `url(#${safe}-${id})`)
    .replace(/href="#([^"]+)"/g, (_m, id: string) => `href="#${safe}-${id}"`);
}
