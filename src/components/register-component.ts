import type { Registry } from '../registry.js';
import type { ComponentBase, ComponentSort } from './component.js';
import { prepareParams } from './params.js';

/**
 * Register a setting component under its name: its parameters are checked against the flat
 * run-parameter namespace first and added only once the name is accepted (a component refused
 * for its name or a parameter adds nothing).
 */
export function registerComponent<C extends ComponentBase>(sort: ComponentSort, registry: Registry<C>, component: C, origin: string, version?: string): void {
  const addParams = prepareParams(sort, component, origin);
  registry.register(component.name, component, origin, version);
  addParams();
}
