/** The network's activations (src/engine/tensor/activation.ts, src/engine/exact/activation.ts). */
export const ACTIVATIONS = ['linear', 'relu', 'relu^q'] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];
