import { parentPort, workerData } from 'node:worker_threads';
import type { SimParams } from '../engine/params.js';
import { loadModules, runOne, serializeError } from './run-one.js';

/** Pool worker: imports the engine modules named by the pool, then runs one job per message. */
const { modules } = workerData as { modules: string[] };
const port = parentPort!;
const ready = loadModules(modules);

port.on('message', async (msg: { id: number; params: SimParams }) => {
  try {
    await ready;
    const result = await runOne(msg.params);
    port.postMessage({ id: msg.id, ok: true, result });
  } catch (e) {
    port.postMessage({ id: msg.id, ok: false, error: serializeError(e) });
  }
});
