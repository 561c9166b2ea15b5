import type * as TfModule from '@tensorflow/tfjs';

/** The TensorFlow.js namespace (tfjs-node exports the same API as the union package). */
export type Tf = typeof TfModule;

export interface LoadedTf {
  tf: Tf;
  /** `tensorflow` (tfjs-node), `wasm` or `cpu`: every result names it. */
  backend: string;
}

let loading: Promise<LoadedTf> | null = null;

/**
 * Picks the fastest backend that loads here, once per process: tfjs-node when its native library
 * installed, else the WebAssembly backend, else plain JS (architecture.md).
 * THEOREM_HARNESS_TF_BACKEND=wasm|cpu forces a backend (benchmarks, debugging).
 */
export function loadTf(): Promise<LoadedTf> {
  loading ??= pick(process.env.THEOREM_HARNESS_TF_BACKEND);
  return loading;
}

async function pick(forced: string | undefined): Promise<LoadedTf> {
  if (!forced || forced === 'tensorflow') {
    try {
      // A variable specifier keeps tsc from requiring the optional package at build time.
      const nodeName = '@tensorflow/tfjs-node';
      const tf = (await import(nodeName)) as Tf;
      await tf.ready();
      return { tf, backend: tf.getBackend() };
    } catch {
      // tfjs-node absent (its install needs a download these machines cannot make): fall through.
    }
  }
  // The union package registers the gradients and the cpu backend; wasm registers itself on import.
  const tf = (await import('@tensorflow/tfjs')) as Tf;
  if (!forced || forced === 'wasm' || forced === 'tensorflow') {
    try {
      await import('@tensorflow/tfjs-backend-wasm');
      if (await tf.setBackend('wasm')) {
        await tf.ready();
        return { tf, backend: 'wasm' };
      }
    } catch {
      // wasm binary missing or not instantiable: fall back to cpu.
    }
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return { tf, backend: 'cpu' };
}
