import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import YAML from 'yaml';

/**
 * Fuzzed spec files: a shipped spec (the toy example or the starter template) with structural
 * mutations (a field deleted, replaced by a value of the wrong type, a bad number, deep nesting, a
 * huge array, unicode, a prototype name, a bad or implicitly multiplied expression, a NaN/Infinity
 * bound), then written as JSON or YAML and optionally damaged as text (truncated, random bytes, an
 * alias bomb, a duplicate key, nesting too deep for a recursive parser, a huge file). Every case is
 * labelled with the mutation kinds it contains (`kinds`), so a long run can show it covered them all.
 * Shared by the fuzz test (a few hundred cases) and `npm run bench -- fuzz` (10,000).
 */
const BASES = {
  toy: JSON.parse(readFileSync(new URL('../../spec/examples/toy.json', import.meta.url), 'utf8')) as unknown,
  starter: YAML.parse(readFileSync(new URL('../../spec/templates/starter.yaml', import.meta.url), 'utf8')) as unknown,
};
type BaseName = keyof typeof BASES;

type Json = unknown;
type Path = (string | number)[];

function paths(value: Json, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) paths(v, [...prefix, Array.isArray(value) ? Number(k) : k], out);
  }
  return out;
}
function valueAt(root: Json, path: Path): Json {
  let cur = root;
  for (const k of path) cur = (cur as Record<string | number, Json>)?.[k];
  return cur;
}
const pathsOf = (base: BaseName) => paths(BASES[base]).filter((p) => p.length > 0);
const PATHS = { toy: pathsOf('toy'), starter: pathsOf('starter') };
const where = (test: (v: Json, p: Path) => boolean) => ({
  toy: PATHS.toy.filter((p) => test(valueAt(BASES.toy, p), p)),
  starter: PATHS.starter.filter((p) => test(valueAt(BASES.starter, p), p)),
});
/** Expression fields and other strings (names, ids, descriptions). */
const STRING_PATHS = where((v) => typeof v === 'string');
const NUMBER_PATHS = where((v) => typeof v === 'number');
const NAME_PATHS = where((_, p) => p[p.length - 1] === 'name' || p[p.length - 1] === 'id');
const CONTAINER_PATHS = where((v) => v !== null && typeof v === 'object');

const nested = (depth: number): Json => {
  let v: Json = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
};

const BAD_EXPRESSIONS = [
  'pow(2)', 'sqrt(1,2)', 'nthRoot(-8,2)', 'round(1.5,0.5)', `${'sqrt('.repeat(30)}1${')'.repeat(30)}`, `${'sqrt('.repeat(1000)}1${')'.repeat(1000)}`,
  Array(3000).fill('1').join('+'), Array(300).fill('q').join('*'), Array(10000).fill('q').join('-'), 'import({}, {})', 'evaluate("1")', 'constructor',
  '__proto__', 'x.constructor', 'f(x) = x', 'a = 1', '[1,2][1]', '{a: 1}', '"s"', '1 ? 2 : 3', 'q > 2 > 1', '-'.repeat(1500) + '1', '('.repeat(5000),
  'load >= C_benign', 'snr^-q', 'max()', 'gamma(171.7)', 'exp(1000)', 'cos', 'createUnit("foo")', 'parse("1")', 'simplify("x")', 'this',
  '1 to cm', '5 cm', 'e.toString()', '[1,2]', 'q!', 'q\'', 'x => x', '$q', 'q;1', '1\n2',
];
const IMPLICIT_MULTIPLICATION = ['1e', '2e', 'sqrt(4)(2)', '2 q', '2q', '(1)(2)', 'q(2)', '2 pi', '3 E_max', 'q snr', '(q)(snr)', '0.5 d', '1e q'];
const NON_FINITE = ['NaN', 'Infinity', '-Infinity', '1/0', '0/0', '-1/0', '1e309', '-1e309', 'Infinity - Infinity', 'log(0)', 'exp(1e6)', '0 * Infinity'];
const UNICODE = ['σ', 'q\u200b', '\u202eq', '\ufeffq', 'e\u0301', '𝑥', '\u0000', 'ｑ', 'q\u00a0+\u00a01', '√q', 'π', '∞', '日本語', '\ud800', '🙂', 'Ω_0'];
const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf', '__defineGetter__'];

const unicodeString = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom(...UNICODE));
const badNumber = fc.constantFrom<Json>(NaN, Infinity, -Infinity, 1e308, -1e308, 5e-324, -0, 123456789012, 2 ** 53 + 1, -1, 0, 1.5, 1e21, 0.1 + 0.2);
const expression = fc.oneof(fc.constantFrom(...BAD_EXPRESSIONS), fc.constantFrom(...IMPLICIT_MULTIPLICATION), fc.constantFrom(...NON_FINITE));

/** A mutation of the parsed spec, named by its kind. */
interface Edit {
  kind: string;
  apply(spec: Json): void;
}

const hostileValue: fc.Arbitrary<{ kind: string; value: Json }> = fc.oneof(
  fc.anything({ maxDepth: 3 }).map((value) => ({ kind: 'wrong-type', value })),
  badNumber.map((value) => ({ kind: 'bad-number', value })),
  fc.constantFrom<Json>('', ' ', null, true, [], {}, '1', 'true').map((value) => ({ kind: 'wrong-type', value })),
  expression.map((value) => ({ kind: 'expression', value })),
  unicodeString.map((value) => ({ kind: 'unicode', value })),
  fc.constantFrom(...PROTOTYPE_NAMES).map((value) => ({ kind: 'prototype-name', value })),
  fc.integer({ min: 1, max: 200 }).map((n) => ({ kind: 'deep-nesting', value: nested(n) })),
  fc.integer({ min: 1000, max: 50000 }).map((n) => ({ kind: 'huge-array', value: Array.from({ length: n }, (_, i) => i + 1) })),
  fc.integer({ min: 10000, max: 200000 }).map((n) => ({ kind: 'long-string', value: 'x'.repeat(n) })),
);

function parentOf(root: Json, path: Path): [Record<string | number, Json>, string | number] | null {
  let cur = root as Record<string | number, Json>;
  for (const k of path.slice(0, -1)) {
    const next = cur?.[k];
    if (next === null || typeof next !== 'object') return null;
    cur = next as Record<string | number, Json>;
  }
  return [cur, path[path.length - 1]];
}
const setAt = (spec: Json, p: Path, v: Json) => {
  const at = parentOf(spec, p);
  if (at) at[0][at[1]] = v;
};

/** Edits for one base spec (paths differ between bases). */
function edits(base: BaseName): fc.Arbitrary<Edit> {
  const pick = (list: Record<BaseName, Path[]>) => fc.constantFrom(...list[base]);
  return fc.oneof(
    pick(PATHS).map((p): Edit => ({
      kind: 'deletion',
      apply: (s) => {
        const at = parentOf(s, p);
        if (at) Array.isArray(at[0]) ? at[0].splice(Number(at[1]), 1) : delete at[0][at[1]];
      },
    })),
    fc.tuple(pick(PATHS), hostileValue).map(([p, v]): Edit => ({ kind: v.kind, apply: (s) => setAt(s, p, v.value) })),
    // Expression fields (and the other strings) replaced by a bad, implicitly multiplied or non-finite expression.
    fc.tuple(pick(STRING_PATHS), expression).map(([p, e]): Edit => ({ kind: IMPLICIT_MULTIPLICATION.includes(e) ? 'implicit-multiplication' : NON_FINITE.includes(e) ? 'non-finite' : 'expression', apply: (s) => setAt(s, p, e) })),
    fc.tuple(pick(STRING_PATHS), unicodeString).map(([p, u]): Edit => ({ kind: 'unicode', apply: (s) => setAt(s, p, `${valueAt(s, p) ?? ''}${u}`) })),
    fc.tuple(pick(NUMBER_PATHS), badNumber).map(([p, v]): Edit => ({ kind: 'bad-number', apply: (s) => setAt(s, p, v) })),
    // A parameter, constant, derived or claim named like a prototype, in unicode, or like another one.
    fc.tuple(pick(NAME_PATHS), fc.oneof(fc.constantFrom(...PROTOTYPE_NAMES), unicodeString, fc.constantFrom('d', 'q', 'snr', 'nLabeled', 'load'))).map(([p, name]): Edit => ({
      kind: PROTOTYPE_NAMES.includes(name) ? 'prototype-name' : 'name',
      apply: (s) => setAt(s, p, name),
    })),
    fc.tuple(pick(CONTAINER_PATHS), fc.constantFrom(...PROTOTYPE_NAMES, 'hypotesis', 'boundd', 'x', 'σ'), hostileValue).map(([p, key, v]): Edit => ({
      kind: PROTOTYPE_NAMES.includes(key) ? 'prototype-key' : 'unknown-key',
      apply: (s) => {
        const at = valueAt(s, p);
        if (at !== null && typeof at === 'object' && !Array.isArray(at)) Object.defineProperty(at, key, { value: v.value, enumerable: true, writable: true, configurable: true });
      },
    })),
  );
}

export interface FuzzCase {
  ext: '.json' | '.yaml';
  /** The file's bytes. */
  text: string | Buffer;
  /** What was done, for reports. */
  label: string;
  /** The mutation kinds in this case (structural edits and file damage), for coverage counts. */
  kinds: string[];
}

type Damage =
  | { kind: 'none' | 'alias-bomb' }
  | { kind: 'truncate'; f: number }
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'random-file'; seed: number; size: number }
  | { kind: 'duplicate-key'; key: number }
  | { kind: 'deep-text'; depth: number; open: '[' | '{' }
  | { kind: 'huge-file'; bytes: number; shape: 'list' | 'comment' | 'string' }
  | { kind: 'unicode-text'; at: number; text: string };

const fileDamage: fc.Arbitrary<Damage> = fc.oneof(
  { arbitrary: fc.constant({ kind: 'none' as const }), weight: 4 },
  fc.double({ min: 0, max: 1, noNaN: true }).map((f) => ({ kind: 'truncate' as const, f })),
  fc.uint8Array({ minLength: 1, maxLength: 2000 }).map((bytes) => ({ kind: 'bytes' as const, bytes })),
  fc.record({ seed: fc.integer(), size: fc.constantFrom(1, 100, 10_000, 200_000, 999_999) }).map((r) => ({ kind: 'random-file' as const, ...r })),
  fc.constant({ kind: 'alias-bomb' as const }),
  fc.nat().map((key) => ({ kind: 'duplicate-key' as const, key })),
  fc.record({ depth: fc.constantFrom(33, 1000, 10_000, 100_000), open: fc.constantFrom('[' as const, '{' as const) }).map((r) => ({ kind: 'deep-text' as const, ...r })),
  // Around the 1,000,000-byte file limit: just under it (rejected for its content) and over it.
  fc.record({ bytes: fc.constantFrom(500_000, 999_000, 1_000_001, 3_000_000), shape: fc.constantFrom('list' as const, 'comment' as const, 'string' as const) }).map((r) => ({ kind: 'huge-file' as const, ...r })),
  fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), text: unicodeString }).map((r) => ({ kind: 'unicode-text' as const, ...r })),
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

/** Deterministic pseudo-random bytes (xorshift32), cheaper than fast-check for a megabyte. */
function randomBytes(seed: number, size: number): Buffer {
  const out = Buffer.alloc(size);
  let x = seed | 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** A top-level field holding a value nested `depth` deep, written as text (no serializer can recurse that far). */
function deepField(ext: '.json' | '.yaml', depth: number, open: '[' | '{'): string {
  const inner = open === '[' ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  return ext === '.json' ? `"deep":${inner},` : `deep: ${inner}\n`;
}

function hugeField(ext: '.json' | '.yaml', bytes: number, shape: 'list' | 'comment' | 'string'): string {
  if (shape === 'comment') return ext === '.yaml' ? `#${'x'.repeat(bytes)}\n` : `"pad":"${' '.repeat(bytes)}",`;
  if (shape === 'string') return ext === '.json' ? `"pad":"${'x'.repeat(bytes)}",` : `pad: ${'x'.repeat(bytes)}\n`;
  const items = `${'1,'.repeat(Math.floor(bytes / 2))}1`;
  return ext === '.json' ? `"pad":[${items}],` : `pad: [${items}]\n`;
}

/** Insert a top-level field: after the opening brace of a JSON object, or first in a YAML file. */
function withField(ext: '.json' | '.yaml', text: string, field: string): string {
  if (ext === '.yaml') return `${field}${text}`;
  return text.startsWith('{') ? `{${field}${text.slice(1)}` : text;
}

function damaged(ext: '.json' | '.yaml', text: string, damage: Damage): string | Buffer {
  switch (damage.kind) {
    case 'none':
      return text;
    case 'truncate':
      return text.slice(0, Math.floor(text.length * damage.f));
    case 'bytes':
      return Buffer.concat([Buffer.from(text.slice(0, text.length / 2)), Buffer.from(damage.bytes), Buffer.from(text.slice(text.length / 2))]);
    case 'random-file':
      return randomBytes(damage.seed, damage.size);
    case 'alias-bomb':
      return ext === '.yaml' ? `${aliasBomb()}${text}` : text;
    case 'duplicate-key': {
      // Repeat one of the file's keys inside its own object: JSON.parse keeps the last silently.
      const keys = [...text.matchAll(ext === '.json' ? /"([A-Za-z_][A-Za-z0-9_]*)":/g : /^( *)([A-Za-z_][A-Za-z0-9_]*):/gm)];
      if (keys.length === 0) return text;
      const m = keys[damage.key % keys.length];
      const at = m.index!;
      if (ext === '.json') return `${text.slice(0, at)}"${m[1]}":0,${text.slice(at)}`;
      return `${text.slice(0, at)}${m[1]}${m[2]}: 0\n${text.slice(at)}`;
    }
    case 'deep-text':
      return withField(ext, text, deepField(ext, damage.depth, damage.open));
    case 'huge-file':
      return withField(ext, text, hugeField(ext, damage.bytes, damage.shape));
    case 'unicode-text': {
      const at = Math.floor(text.length * damage.at);
      return `${text.slice(0, at)}${damage.text}${text.slice(at)}`;
    }
  }
}

export const fuzzCase: fc.Arbitrary<FuzzCase> = fc
  .constantFrom<BaseName>('toy', 'toy', 'starter')
  .chain((base) => fc.tuple(fc.constant(base), fc.array(edits(base), { minLength: 0, maxLength: 3 }), fc.constantFrom('.json' as const, '.yaml' as const), fileDamage))
  .map(([base, edits, ext, damage]) => {
    const spec = structuredClone(BASES[base]);
    for (const e of edits) e.apply(spec);
    let text: string;
    try {
      text = ext === '.json' ? JSON.stringify(spec) : YAML.stringify(spec, { aliasDuplicateObjects: false });
    } catch {
      text = JSON.stringify(BASES[base]); // a value neither writer can express (e.g. too deep for JSON.stringify)
    }
    const kinds = [...new Set([...edits.map((e) => e.kind), ...(damage.kind === 'none' ? [] : [damage.kind])])];
    if (kinds.length === 0) kinds.push('unchanged');
    return { ext, text: damaged(ext, text, damage), label: `${base}: ${edits.map((e) => e.kind).join(', ') || 'no edit'}; ${ext}, ${damage.kind}`, kinds };
  });

/** Whether a problem line names its file and a field or file-level cause, and shows the value or limit. */
export function namesFileFieldValue(file: string, problem: string): boolean {
  if (!problem.includes(file)) return false;
  const fileLevel = /not valid (YAML|JSON)|more (YAML|JSON) errors|not a usable YAML document|bytes \(limit|cannot read|nested more than|more than \d+ values in the spec|punctuation tokens in the file \(limit \d+\)/.test(problem);
  const field = new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(:\\d+:\\d+)?: [A-Za-z_(]`).test(problem);
  const value = /\(got |\(in |'[^']*'|"[^"]*"|limit \d+|= (NaN|-?Infinity)|at the defaults/.test(problem);
  return fileLevel || (field && value);
}

/** The same test for a `spec lint --json` record: its file, its field path (or a file-level cause) and the value. */
export function itemNamesFileFieldValue(file: string, item: { file: string; path: string | null; message: string }): boolean {
  if (item.file !== file) return false;
  const line = item.path !== null ? `${item.file}: ${item.path}: ${item.message}` : item.message.includes(item.file) ? item.message : `${item.file}: ${item.message}`;
  return namesFileFieldValue(file, line);
}
