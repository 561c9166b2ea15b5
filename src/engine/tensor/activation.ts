import type * as TfModule from '@tensorflow/tfjs';
import type { Tf } from './backend.js';

type Tensor = TfModule.Tensor;

export type ActivationName = 'linear' | 'relu' | 'relu^q';

/** sigma(z) and sigma'(z) of the lineage's activations; relu^q is max(z, 0)^q (Cao et al. 2022). */
export interface Activation {
  readonly name: ActivationName;
  readonly linear: boolean;
  value(z: Tensor): Tensor;
  derivative(z: Tensor): Tensor;
}

export function activation(tf: Tf, name: ActivationName, q: number): Activation {
  switch (name) {
    case 'linear':
      return { name, linear: true, value: (z) => z, derivative: (z) => tf.onesLike(z) };
    case 'relu':
      // relu'(0) = 0, the subgradient both engines use.
      return { name, linear: false, value: (z) => tf.relu(z), derivative: (z) => tf.step(z, 0) };
    case 'relu^q':
      return {
        name,
        linear: false,
        value: (z) => tf.pow(tf.relu(z), q),
        // q = 1 is plain relu: pow(0, 0) = 1 would give the wrong derivative on z <= 0.
        derivative: (z) => (q === 1 ? tf.step(z, 0) : tf.mul(q, tf.pow(tf.relu(z), q - 1))),
      };
  }
}
