import type { LoadedSpec } from '../src/spec/load.js';

/** A metric's TeX symbol (its registered `tex`, src/components/metric.ts); an unknown name is set upright. */
export { metricTex } from '../src/components/metric.js';

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
