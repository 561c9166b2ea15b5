import { METRIC_TEX, METRICS } from '../src/spec/schema.js';
import type { LoadedSpec } from '../src/spec/load.js';

/** A metric's TeX symbol (src/spec/schema.ts METRIC_TEX); an unknown name is set upright. */
export function metricTex(metric: string): string {
  return (METRICS as readonly string[]).includes(metric) ? METRIC_TEX[metric as (typeof METRICS)[number]] : `\\mathrm{${metric}}`;
}

/** A spec name's TeX (its `tex`), else the name upright: `nLabeled` must not read as the product n·L·a·b·e·l·e·d. */
export function nameTex(loaded: LoadedSpec, name: string): string {
  return loaded.tex.get(name) ?? `\\mathrm{${name}}`;
}

/** `{pretrainSteps: 25}` -> `T_{\mathrm{pre}} = 25`: what tells two sides of a comparison apart. */
export function settingTex(loaded: LoadedSpec, set: Record<string, unknown> | undefined): string {
  return Object.entries(set ?? {})
    .map(([k, v]) => `${nameTex(loaded, k)} = ${typeof v === 'number' ? v : `\\text{${String(v)}}`}`)
    .join(',\\ ');
}
