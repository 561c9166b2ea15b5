import type { z } from 'zod';
import type { DataSource } from '../data/source.js';
import type { SimParams } from '../engine/params.js';
import { Registry, SHIPPED } from '../registry.js';
import type { ComponentBase } from './component.js';
import { registerComponent } from './register-component.js';

/**
 * A data model: where a run's samples come from. Every source produces the two-patch input
 * x = [signal patch, noise patch] (src/data/source.ts), so engines and regimes never know which
 * model ran.
 */
export interface DataModelComponent<Shape extends z.ZodRawShape = z.ZodRawShape> extends ComponentBase<Shape> {
  /** A fixed patch dimension (28 x 28 images: 784): `d` then defaults to it and any other value is refused. Otherwise d defaults to 1000. */
  readonly dimension?: number;
  /**
   * The source for one run. `params` holds the shared parameters (d, muNorm, sigmaP, labelNoise,
   * seed, nLabeled, nTest, ...) and this component's own, parsed. The same parameters must give the
   * same samples in every thread and on every machine (draw from src/util/rng.ts streams).
   */
  source(params: SimParams & z.output<z.ZodObject<Shape>>): DataSource;
}

export function defineDataModel<Shape extends z.ZodRawShape>(component: DataModelComponent<Shape>): DataModelComponent<Shape> {
  return component;
}

export const dataModels = new Registry<DataModelComponent>('data model');

export function registerDataModel(component: DataModelComponent, origin: string = SHIPPED, version?: string): void {
  registerComponent('data', dataModels, component, origin, version);
}
