export type ActivationName = 'linear' | 'relu' | 'relu^q';

/** sigma and sigma' in float64; relu'(0) = 0, as in the tensor engine. relu^q is max(z, 0)^q (Cao et al.). */
export interface ScalarActivation {
  value(z: number): number;
  derivative(z: number): number;
}

export function scalarActivation(name: ActivationName, q: number): ScalarActivation {
  switch (name) {
    case 'linear':
      return { value: (z) => z, derivative: () => 1 };
    case 'relu':
      return { value: (z) => (z > 0 ? z : 0), derivative: (z) => (z > 0 ? 1 : 0) };
    case 'relu^q':
      if (q === 1) return scalarActivation('relu', 1);
      return { value: (z) => (z > 0 ? z ** q : 0), derivative: (z) => (z > 0 ? q * z ** (q - 1) : 0) };
  }
}

/** log(1 + exp(-x)) without overflow. */
export function softplusNeg(x: number): number {
  return x > 0 ? Math.log1p(Math.exp(-x)) : -x + Math.log1p(Math.exp(x));
}

/** 1 / (1 + exp(x)) without overflow. */
export function sigmoidNeg(x: number): number {
  if (x >= 0) {
    const e = Math.exp(-x);
    return e / (1 + e);
  }
  return 1 / (1 + Math.exp(x));
}
