import type { z } from 'zod';

/** The sorts of setting component; each has its own registry and its own selector run parameter. */
export const COMPONENT_SORTS = ['data', 'optimizer', 'regime'] as const;
export type ComponentSort = (typeof COMPONENT_SORTS)[number];

/**
 * What every component declares: its name (the value of its selector parameter: `data: 'xor'`,
 * `optimizer: 'sam'`, `regime: 'simclr'`) and a zod object of its own run parameters, each with a
 * default (and range, and `.describe()` text, which becomes the `simulate` flag's help).
 *
 * Run parameters share one flat namespace (flags, spec targets, cache keys): a field two components
 * declare must be the very same zod schema (e.g. the two real-image sources share `classes`);
 * anything else is an error at registration.
 */
export interface ComponentBase<Shape extends z.ZodRawShape = z.ZodRawShape> {
  readonly name: string;
  /** One line for help and docs. */
  readonly description: string;
  readonly params: z.ZodObject<Shape>;
}

/** A component's own parameters, parsed (defaults filled in). */
export type ParamsOf<C extends ComponentBase> = z.output<C['params']>;
