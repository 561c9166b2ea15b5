import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import YAML from 'yaml';

/**
 * Fuzzed spec files: the toy spec with structural mutations (a field deleted, replaced by a hostile
 * value, a prototype key or a typo added, an expression swapped for a payload), then written as
 * JSON or YAML and optionally damaged as text (truncated, random bytes, an alias bomb, a huge list).
 * Shared by the fuzz test (a few hundred cases) and `npm run bench -- fuzz` (10,000).
 */
const TOY = JSON.parse(readFileSync(new URL('../../spec/examples/toy.json', import.meta.url), 'utf8')) as unknown;

type Json = unknown;
type Path = (string | number)[];

function paths(value: Json, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) paths(v, [...prefix, Array.isArray(value) ? Number(k) : k], out);
  }
  return out;
}
const TOY_PATHS = paths(TOY).filter((p) => p.length > 0);

const nested = (depth: number): Json => {
  let v: Json = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
};

const EXPRESSIONS = [
  'pow(2)', 'sqrt(1,2)', 'nthRoot(-8,2)', 'round(1.5,0.5)', '1e', 'sqrt(4)(2)', 'NaN', 'Infinity', '1/0', '0/0',
  `${'sqrt('.repeat(30)}1${')'.repeat(30)}`, Array(3000).fill('1').join('+'), Array(300).fill('q').join('*'), 'import({}, {})',
  'evaluate("1")', 'constructor', '__proto__', 'x.constructor', 'f(x) = x', 'a = 1', '[1,2][1]', '{a: 1}', '"s"', '1 ? 2 : 3',
  'q > 2 > 1', '-'.repeat(1500) + '1', '('.repeat(5000), 'load >= C_benign', 'snr^-q', 'max()', 'gamma(171.7)', 'exp(1000)',
];

const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.constantFrom<Json>(NaN as unknown, 1e308, -1e308, 123456789012, -1, 0, 1.5, '', ' ', '__proto__', 'constructor', null, true, [], {}),
  fc.constantFrom(...EXPRESSIONS),
  fc.integer({ min: 1, max: 200 }).map((n) => nested(n)),
  fc.integer({ min: 1000, max: 50000 }).map((n) => Array.from({ length: n }, (_, i) => i + 1)),
  fc.integer({ min: 10000, max: 200000 }).map((n) => 'x'.repeat(n)),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

type Edit = (spec: Record<string, Json>) => void;

function parentOf(root: Json, path: Path): [Record<string | number, Json>, string | number] | null {
  let cur = root as Record<string | number, Json>;
  for (const k of path.slice(0, -1)) {
    const next = cur?.[k];
    if (next === null || typeof next !== 'object') return null;
    cur = next as Record<string | number, Json>;
  }
  return [cur, path[path.length - 1]];
}

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.constantFrom(...TOY_PATHS).map((p): Edit => (s) => {
    const at = parentOf(s, p);
    if (at) Array.isArray(at[0]) ? at[0].splice(Number(at[1]), 1) : delete at[0][at[1]];
  }),
  fc.tuple(fc.constantFrom(...TOY_PATHS), hostileValue).map(([p, v]): Edit => (s) => {
    const at = parentOf(s, p);
    if (at) at[0][at[1]] = v;
  }),
  fc.tuple(fc.constantFrom(...TOY_PATHS), fc.constantFrom('__proto__', 'constructor', 'prototype', 'hypotesis', 'boundd', 'x'), hostileValue).map(
    ([p, key, v]): Edit => (s) => {
      const at = parentOf(s, [...p, key]);
      if (at && !Array.isArray(at[0]) && typeof at[0] === 'object') Object.defineProperty(at[0], key, { value: v, enumerable: true, writable: true, configurable: true });
    },
  ),
);

export interface FuzzCase {
  ext: '.json' | '.yaml';
  /** The file's bytes. */
  text: string | Buffer;
  /** What was done, for reports. */
  label: string;
}

const fileDamage = fc.oneof(
  fc.constant({ kind: 'none' as const }),
  fc.double({ min: 0, max: 1, noNaN: true }).map((f) => ({ kind: 'truncate' as const, f })),
  fc.uint8Array({ minLength: 1, maxLength: 2000 }).map((bytes) => ({ kind: 'bytes' as const, bytes })),
  fc.constant({ kind: 'alias-bomb' as const }),
  fc.constant({ kind: 'duplicate-key' as const }),
);

function aliasBomb(): string {
  let text = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n';
  let prev = 'a';
  for (let i = 0; i < 9; i++) {
    text += `b${i}: &b${i} [${Array(9).fill(`*${prev}`).join(',')}]\n`;
    prev = `b${i}`;
  }
  return text;
}

export const fuzzCase: fc.Arbitrary<FuzzCase> = fc
  .tuple(fc.array(edit, { minLength: 1, maxLength: 3 }), fc.constantFrom('.json' as const, '.yaml' as const), fileDamage)
  .map(([edits, ext, damage]) => {
    const spec = structuredClone(TOY) as Record<string, Json>;
    for (const e of edits) e(spec);
    let text: string | Buffer;
    try {
      text = ext === '.json' ? JSON.stringify(spec) : YAML.stringify(spec, { aliasDuplicateObjects: false });
    } catch {
      text = JSON.stringify(TOY); // a value neither writer can express (e.g. too deep for JSON.stringify)
    }
    if (damage.kind === 'truncate') text = text.slice(0, Math.floor(text.length * damage.f));
    if (damage.kind === 'bytes') text = Buffer.concat([Buffer.from(text.slice(0, text.length / 2)), Buffer.from(damage.bytes), Buffer.from(text.slice(text.length / 2))]);
    if (damage.kind === 'alias-bomb') text = ext === '.yaml' ? `${aliasBomb()}${text}` : text;
    if (damage.kind === 'duplicate-key') text = ext === '.json' ? String(text).replace('{"id":', '{"id":"dup","id":') : `id: dup\n${text}`;
    return { ext, text, label: `${edits.length} edit(s), ${ext}, ${damage.kind}` };
  });

/** Whether a problem line names its file and a field or file-level cause, and shows the value or limit. */
export function namesFileFieldValue(file: string, problem: string): boolean {
  if (!problem.includes(file)) return false;
  const fileLevel = /not valid (YAML|JSON)|more (YAML|JSON) errors|not a usable YAML document|bytes \(limit|cannot read|nested more than|more than \d+ values in the spec/.test(problem);
  const field = new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(:\\d+:\\d+)?: [A-Za-z_(]`).test(problem);
  const value = /\(got |\(in |'[^']*'|"[^"]*"|limit \d+|= (NaN|-?Infinity)|at the defaults/.test(problem);
  return fileLevel || (field && value);
}
