/**
 * Size limits of the spec format (documented in spec/README.md). They keep every check of a spec
 * bounded in time and memory: a spec beyond them is rejected before it is expanded or evaluated.
 */
export const LIMITS = {
  /** Bytes of a spec file. */
  fileBytes: 1_000_000,
  /** Nesting depth of objects and arrays. */
  depth: 32,
  /** Objects, arrays and scalars in the whole spec. */
  nodes: 100_000,
  /**
   * Keys, values and punctuation (`,` `:` `-` `?` brackets) in a YAML or JSON file, counted by the
   * lexer before the file is parsed: parsing costs time and memory per token, and each misplaced
   * one (a megabyte of commas) is a syntax error of its own.
   */
  tokens: 300_000,
  /** Characters of one string (an expression, a statement, a description). */
  stringLength: 10_000,
  /** YAML aliases (`*name`) expanded in one file. */
  aliases: 100,
  /** Characters of one expression. */
  exprLength: 2_000,
  /** Nesting of parentheses and function calls in one expression. */
  exprNesting: 8,
  /** Depth of one expression's parse tree (operator chains count one level per operator). */
  exprTreeDepth: 256,
  /** Values in one sweep list (region values, axis values, monotone values, enum values). */
  sweepValues: 1_000,
  /** Points of a claim's grid: the product of its value lists. */
  gridPoints: 10_000,
  /** `budget.<profile>.seeds`. */
  seeds: 1_000,
  /** `budget.<profile>.points`. */
  points: 1_000,
} as const;

/**
 * Whether YAML (or JSON) text has more than LIMITS.tokens keys, values and punctuation tokens. One
 * pass of the yaml lexer that stops at the limit: a fraction of the parser's cost.
 */
export function tooManyTokens(text: string, lex: (text: string) => Iterable<string>): boolean {
  let tokens = 0;
  for (const token of lex(text)) {
    // Whitespace, line breaks and comments cost the parser nothing per character; every other token
    // (the lexer marks plain and block scalars with U+001F) becomes a node, a separator or an error.
    const c = token[0];
    if (c === ' ' || c === '\n' || c === '\r' || c === '\t' || c === '#') continue;
    if (++tokens > LIMITS.tokens) return true;
  }
  return false;
}

/** Object keys that would reach or replace a prototype: never valid anywhere in a spec. */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export interface StructureProblem {
  path: (string | number)[];
  message: string;
}

/**
 * Walk parsed input without recursion and report what no spec may contain: nesting deeper than
 * LIMITS.depth, more than LIMITS.nodes values, over-long strings, prototype keys, objects that are
 * not plain data. Stops at the first problem of each kind so the report stays short.
 */
export function structureProblems(input: unknown): StructureProblem[] {
  const problems: StructureProblem[] = [];
  const seenKinds = new Set<string>();
  const add = (kind: string, path: (string | number)[], message: string) => {
    if (seenKinds.has(kind)) return;
    seenKinds.add(kind);
    problems.push({ path, message });
  };
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: input, path: [] }];
  let nodes = 0;
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (++nodes > LIMITS.nodes) {
      add('nodes', [], `more than ${LIMITS.nodes} values in the spec (limit ${LIMITS.nodes})`);
      break;
    }
    if (typeof value === 'string') {
      if (value.length > LIMITS.stringLength) add('string', path, `a string of ${value.length} characters (limit ${LIMITS.stringLength})`);
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (path.length >= LIMITS.depth) {
      add('depth', path, `nested more than ${LIMITS.depth} levels deep (limit ${LIMITS.depth})`);
      continue;
    }
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: [...path, i] });
      continue;
    }
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) {
      add('proto', path, 'not a plain object (its prototype was replaced, e.g. by a __proto__ key)');
      continue;
    }
    const keys = Object.keys(value);
    for (const key of keys) {
      if (PROTOTYPE_KEYS.has(key)) add(`key:${path.join('.')}:${key}`, [...path, key], `'${key}' is not allowed as a key (it names an object prototype)`);
    }
    for (let i = keys.length - 1; i >= 0; i--) stack.push({ value: (value as Record<string, unknown>)[keys[i]], path: [...path, keys[i]] });
  }
  return problems;
}
