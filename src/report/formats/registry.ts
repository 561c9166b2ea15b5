import { Registry, SHIPPED } from '../../registry.js';
import type { OutputFormat } from './format.js';

/** Every output format by name; the shipped ones register in ./index.ts, plug-ins through definePlugin. */
export const formats = new Registry<OutputFormat>('output format');

export function registerFormat(format: OutputFormat, origin: string = SHIPPED): void {
  formats.register(format.name, format, origin);
}
