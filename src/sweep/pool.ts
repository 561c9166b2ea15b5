import { availableParallelism } from 'node:os';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SimParams } from '../engine/params.js';
import type { RunResult } from '../engine/result.js';
import { deserializeError, loadModules, runOne, type SerializedError } from './run-one.js';

// Sibling modules carry this file's extension: .ts under tsx (tests), .js from dist/.
const EXT = extname(fileURLToPath(import.meta.url));

/** The module that registers the real engines; what every worker imports by default. */
export const ENGINES_MODULE = new URL(`../engine/engines${EXT}`, import.meta.url).href;
const WORKER_FILE = new URL(`./worker${EXT}`, import.meta.url);

/**
 * Node 20 does not apply the parent's `--import=tsx` loader hooks inside worker threads, so from
 * TypeScript sources the worker starts as a small JavaScript stub that registers tsx in its own
 * thread and then imports worker.ts. From dist/ the worker file is plain JavaScript.
 */
function startWorker(workerData: unknown): Worker {
  const execArgv = workerExecArgv(process.execArgv);
  if (EXT !== '.ts') return new Worker(WORKER_FILE, { workerData, execArgv });
  const tsx = import.meta.resolve('tsx/esm/api');
  const stub = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_FILE.href)}); });`;
  return new Worker(stub, { eval: true, workerData, execArgv });
}

/**
 * The parent's node flags minus those that describe the parent's own entry point (`-e code`,
 * `--input-type`): a worker inheriting them fails to start.
 */
export function workerExecArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--input-type=')) continue;
    if (['--input-type', '-e', '--eval', '-p', '--print'].includes(a)) {
      i++;
      continue;
    }
    if (a.startsWith('--eval=') || a.startsWith('--print=')) continue;
    out.push(a);
  }
  return out;
}

export interface PoolOptions {
  /** Worker threads (default: os.availableParallelism()); 1 runs every job in this thread. */
  size?: number;
  /**
   * Module specifiers (absolute file URLs or package names) imported before the first run, in
   * each worker, to register engines. Default: [ENGINES_MODULE].
   */
  modules?: string[];
}

interface Job {
  id: number;
  params: SimParams;
  resolve: (r: RunResult) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
}

export function defaultPoolSize(): number {
  return availableParallelism();
}

/**
 * A pool that runs simulations on every core. Each run's error comes back as the rejection
 * of that run's promise; a worker that dies is replaced and the pool carries on.
 */
export class RunPool {
  readonly size: number;
  private readonly modules: string[];
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 0;
  private closed = false;

  static defaultSize(): number {
    return defaultPoolSize();
  }

  constructor(opts: PoolOptions = {}) {
    const size = opts.size ?? defaultPoolSize();
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`pool size must be a positive integer, got ${size}`);
    this.size = size;
    this.modules = opts.modules ?? [ENGINES_MODULE];
  }

  run(params: SimParams): Promise<RunResult> {
    if (this.closed) return Promise.reject(new Error('the pool is closed'));
    if (this.size === 1) return loadModules(this.modules).then(() => runOne(params));
    return new Promise<RunResult>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, params, resolve, reject });
      this.pump();
    });
  }

  /** Stop every worker; jobs still queued or running are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('the pool was closed before this run started'));
    await Promise.all(
      this.slots.splice(0).map((slot) => {
        slot.job?.reject(new Error('the pool was closed during this run'));
        slot.job = null;
        return slot.worker.terminate();
      }),
    );
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.job === null);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.worker.ref();
      slot.worker.postMessage({ id: job.id, params: job.params });
    }
  }

  private spawn(): Slot {
    const worker = startWorker({ modules: this.modules });
    const slot: Slot = { worker, job: null };
    this.slots.push(slot);
    worker.on('message', (msg: { id: number; ok: boolean; result?: RunResult; error?: SerializedError }) => {
      const job = slot.job;
      if (!job || job.id !== msg.id) return;
      slot.job = null;
      worker.unref();
      if (msg.ok) job.resolve(msg.result!);
      else job.reject(deserializeError(msg.error!));
      this.pump();
    });
    const fail = (error: Error): void => {
      const i = this.slots.indexOf(slot);
      if (i < 0) return;
      this.slots.splice(i, 1);
      slot.job?.reject(error);
      slot.job = null;
      if (!this.closed) this.pump();
    };
    worker.on('error', (e) => fail(new Error(`a pool worker crashed: ${e.message}`)));
    worker.on('exit', (code) => fail(new Error(`a pool worker exited with code ${code}`)));
    return slot;
  }
}
