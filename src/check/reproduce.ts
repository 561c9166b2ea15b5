import type { Results } from '../../proofs-check/results.js';
import type { LoadedSpec } from '../spec/load.js';

/** What the reproduction command needs to know about a check. */
export interface ReproduceInput {
  specFile: string;
  profile: string;
  seed?: number;
  seeds?: number;
  maxSeeds?: number;
  engine?: string;
  set?: Record<string, number | string>;
  only?: string[];
}

/** The spec's parameters and constants at the values this check used (defaults after --set): a referee's first table. */
export function hyperparameters(loaded: LoadedSpec): NonNullable<Results['hyperparameters']> {
  const { parameters, constants } = loaded.spec;
  return [...parameters, ...constants].map((p) => ({
    name: p.name,
    ...(p.tex ? { tex: p.tex } : {}),
    value: p.default,
    ...(p.description ? { description: p.description } : {}),
  }));
}

const shellQuote = (s: string) => (/^[A-Za-z0-9_./:=,@+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** The `check` command line that reproduces a results file: every choice that changes its numbers, nothing else. */
export function reproduceCommand(r: ReproduceInput): string {
  const args = ['npx', 'theorem-harness', 'check', r.specFile, '--profile', r.profile, '--seed', String(r.seed ?? 0)];
  if (r.seeds !== undefined) args.push('--seeds', String(r.seeds));
  if (r.maxSeeds !== undefined) args.push('--max-seeds', String(r.maxSeeds));
  if (r.engine) args.push('--engine', r.engine);
  for (const [k, v] of Object.entries(r.set ?? {})) args.push('--set', `${k}=${v}`);
  if (r.only && r.only.length) args.push('--only', r.only.join(','));
  return args.map(shellQuote).join(' ');
}
