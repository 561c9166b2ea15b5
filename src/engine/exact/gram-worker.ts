import { parentPort, workerData } from 'node:worker_threads';
import { sumGroups, type GramSpec } from './gram.js';

// Runs one contiguous range of coordinate groups of a Gram pass (see gram.ts).
const { spec, g0, g1 } = workerData as { spec: GramSpec; g0: number; g1: number };
const out = sumGroups(spec, g0, g1);
parentPort!.postMessage(out, out.sums.map((s) => s.buffer as ArrayBuffer));
