// The number-only build: half the import time of the full one, and sqrt/log of negatives give NaN.
import { all, create, type MathNode } from 'mathjs/number';
import { InputError } from '../util/errors.js';
import { LIMITS } from './limits.js';
import { ALLOWED_CONSTANTS, ALLOWED_FUNCTIONS } from './names.js';

/**
 * Spec expressions: mathjs strings, parsed once, checked against an allow-list of node types,
 * operators and functions, and a scope of names. Nothing else is reachable from a spec.
 *
 * Defence in depth: (1) the parse tree is walked and anything outside the allow-list (property
 * access, assignment, function definition, strings, matrices, objects, units, unknown symbols) is
 * rejected before it can run; (2) the instance that compiles and evaluates it has the documented
 * dangerous functions (import, createUnit, evaluate, parse, compile, simplify, derivative, ...)
 * replaced by throwing stubs, the "more secure eval" pattern of the mathjs docs.
 */

const math = create(all, { predictable: true });
const parse = math.parse;
function disabled(name: string) {
  return () => {
    throw new Error(`function ${name} is disabled in spec expressions`);
  };
}
math.import(
  Object.fromEntries(
    ['import', 'createUnit', 'reviver', 'evaluate', 'parse', 'compile', 'simplify', 'simplifyConstant', 'simplifyCore', 'derivative', 'resolve', 'rationalize', 'chain', 'help', 'parser'].map(
      (n) => [n, disabled(n)],
    ),
  ),
  { override: true },
);

export { ALLOWED_CONSTANTS, ALLOWED_FUNCTIONS };

const ARITHMETIC = new Set(['add', 'subtract', 'multiply', 'divide', 'pow', 'unaryMinus', 'unaryPlus', 'mod']);
const COMPARISON = new Set(['larger', 'largerEq', 'smaller', 'smallerEq', 'equal', 'unequal']);
const LOGIC = new Set(['and', 'or', 'not']);

export type ExprType = 'number' | 'boolean';
export type Scope = Readonly<Record<string, number>>;

/**
 * A syntax, scope or evaluation problem in one expression. The loader adds file and JSON path to
 * compile-time ones; evaluation failures carry the expression's `label` (file and path). It is bad
 * input, so the CLI reports it like any InputError.
 */
export class ExprError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = 'ExprError';
  }
}

export interface CompiledExpr {
  readonly source: string;
  readonly type: ExprType;
  /** Scope names the expression uses, in order of first use. */
  readonly symbols: readonly string[];
  /** LaTeX rendering, for reports (computed on first read). */
  readonly tex: string;
  /** The value: a number for numeric expressions, a boolean for predicates. Throws ExprError on a missing name. */
  evaluate(scope: Scope): number | boolean;
  /** Numeric value (booleans as 1/0). */
  number(scope: Scope): number;
  /** Truth value (numbers: non-zero and not NaN). */
  holds(scope: Scope): boolean;
  /**
   * How far a predicate is from flipping, signed so that positive means it holds:
   * a >= b and a > b give a - b, a <= b and a < b give b - a, `and` the min, `or` the max,
   * `not` the negation. NaN for anything else (equalities, conditionals, numbers).
   */
  margin(scope: Scope): number;
}

export interface CompileOptions {
  /** Names the expression may use. */
  scope: ReadonlySet<string>;
  /** Required result type. */
  type: ExprType;
  /** LaTeX for scope names (default: derived from the name). */
  tex?: ReadonlyMap<string, string>;
  /** Extra advice for a symbol outside the scope, e.g. "enum parameters cannot appear in expressions". */
  explainUnknown?: (name: string) => string | undefined;
  /** Where the expression comes from (e.g. `spec.yaml: claims[0].bound`), prefixed to evaluation errors. */
  label?: string;
}

interface Checked {
  type: ExprType;
}

function typeName(t: ExprType): string {
  return t === 'number' ? 'a number' : 'a true/false predicate';
}

function nodeText(node: MathNode): string {
  try {
    return node.toString();
  } catch {
    return node.type;
  }
}

/** Walk the tree, reject anything outside the allow-list, and infer the result type. */
function check(node: MathNode, opts: CompileOptions, symbols: string[]): Checked {
  const n = node as MathNode & Record<string, unknown>;
  switch (node.type) {
    case 'ConstantNode': {
      if (typeof n.value === 'number') {
        if (!Number.isFinite(n.value)) throw new ExprError(`only finite numbers are allowed (got ${n.value})`);
        return { type: 'number' };
      }
      if (typeof n.value === 'boolean') return { type: 'boolean' };
      throw new ExprError(`only numbers are allowed as constants (got ${nodeText(node)})`);
    }
    case 'SymbolNode': {
      const name = n.name as string;
      if (ALLOWED_CONSTANTS.has(name)) return { type: 'number' };
      if (!opts.scope.has(name)) {
        if (ALLOWED_FUNCTIONS.has(name)) throw new ExprError(`'${name}' is a function; call it, e.g. ${name}(x)`);
        const hint = opts.explainUnknown?.(name);
        const known = [...opts.scope].sort().join(', ');
        throw new ExprError(`unknown symbol '${name}'${hint ? ` (${hint})` : ''}; known here: ${known || 'none'}`);
      }
      if (!symbols.includes(name)) symbols.push(name);
      return { type: 'number' };
    }
    case 'ParenthesisNode':
      return check(n.content as MathNode, opts, symbols);
    case 'OperatorNode': {
      const fn = n.fn as string;
      const args = n.args as MathNode[];
      if (n.implicit === true) throw new ExprError("implicit multiplication is not allowed; write '*' between the factors");
      const types = args.map((a) => check(a, opts, symbols).type);
      if (ARITHMETIC.has(fn)) {
        if (types.some((t) => t !== 'number')) throw new ExprError(`'${n.op}' needs numbers, not predicates, in ${nodeText(node)}`);
        return { type: 'number' };
      }
      if (COMPARISON.has(fn)) {
        if (types.some((t) => t !== 'number')) throw new ExprError(`'${n.op}' compares numbers, not predicates, in ${nodeText(node)}`);
        return { type: 'boolean' };
      }
      if (LOGIC.has(fn)) {
        if (types.some((t) => t !== 'boolean')) throw new ExprError(`'${n.op}' needs predicates (comparisons) on both sides, in ${nodeText(node)}`);
        return { type: 'boolean' };
      }
      throw new ExprError(`operator '${n.op}' is not allowed (in ${nodeText(node)})`);
    }
    case 'FunctionNode': {
      const fnNode = n.fn as MathNode & { name?: string };
      if (fnNode.type !== 'SymbolNode' || !fnNode.name) {
        throw new ExprError(`only calls of named functions are allowed (got ${nodeText(node)})`);
      }
      const name = fnNode.name;
      if (!ALLOWED_FUNCTIONS.has(name)) {
        throw new ExprError(`function '${name}' is not allowed; allowed: ${[...ALLOWED_FUNCTIONS].join(', ')}`);
      }
      const args = n.args as MathNode[];
      if (args.length === 0) throw new ExprError(`${name}() needs an argument`);
      for (const a of args) {
        if (check(a, opts, symbols).type !== 'number') throw new ExprError(`${name}() takes numbers, not predicates, in ${nodeText(node)}`);
      }
      return { type: 'number' };
    }
    case 'ConditionalNode': {
      if (check(n.condition as MathNode, opts, symbols).type !== 'boolean') {
        throw new ExprError(`the condition of '? :' must be a predicate, in ${nodeText(node)}`);
      }
      const a = check(n.trueExpr as MathNode, opts, symbols).type;
      const b = check(n.falseExpr as MathNode, opts, symbols).type;
      if (a !== b) throw new ExprError(`both branches of '? :' must have the same type, in ${nodeText(node)}`);
      return { type: a };
    }
    case 'AssignmentNode':
    case 'FunctionAssignmentNode':
      throw new ExprError('assignment and function definitions are not allowed');
    case 'AccessorNode':
    case 'IndexNode':
      throw new ExprError(`property and index access are not allowed (in ${nodeText(node)})`);
    case 'BlockNode':
      throw new ExprError('only one expression is allowed (no ";" or line breaks)');
    case 'RelationalNode':
      throw new ExprError(`chained comparisons are not allowed; write (a < b) and (b < c) (in ${nodeText(node)})`);
    default:
      throw new ExprError(`${node.type.replace(/Node$/, '').toLowerCase()} syntax is not allowed (in ${nodeText(node)})`);
  }
}

/** Depth of a parse tree, measured without recursion. */
function treeDepth(root: MathNode): number {
  let deepest = 0;
  const stack: [MathNode, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    deepest = Math.max(deepest, depth);
    if (deepest > LIMITS.exprTreeDepth) return deepest;
    node.forEach((child) => stack.push([child, depth + 1]));
  }
  return deepest;
}

/** Deepest nesting of brackets in the source text (calls and parentheses), before parsing it. */
function bracketNesting(source: string): number {
  let depth = 0;
  let deepest = 0;
  for (const ch of source) {
    if (ch === '(' || ch === '[' || ch === '{') deepest = Math.max(deepest, ++depth);
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
  }
  return deepest;
}

/** LaTeX for a name: C_pre -> C_{\mathrm{pre}}, muNorm -> \mathit{muNorm}, d -> d. */
export function defaultTex(name: string): string {
  const sub = /^([A-Za-z])_([A-Za-z0-9]+)$/.exec(name);
  if (sub) return `${sub[1]}_{${sub[2].length > 1 ? `\\mathrm{${sub[2]}}` : sub[2]}}`;
  if (name.length === 1) return name;
  return `\\mathit{${name.replace(/_/g, '\\_')}}`;
}

function toTex(node: MathNode, tex?: ReadonlyMap<string, string>): string {
  return node.toTex({
    implicit: 'show',
    handler: (n: MathNode) => {
      if (n.type !== 'SymbolNode') return undefined;
      const name = (n as MathNode & { name: string }).name;
      if (ALLOWED_CONSTANTS.has(name) || ALLOWED_FUNCTIONS.has(name)) return undefined;
      // Leading space: mathjs glues the symbol to a preceding command such as \geq.
      return ` ${tex?.get(name) ?? defaultTex(name)}`;
    },
  });
}

type Evaluator = (scope: Scope) => unknown;

function evaluator(node: MathNode, source: string, scopeNames: ReadonlySet<string>, label?: string): Evaluator {
  const code = node.compile();
  return (scope) => {
    // A Map scope: mathjs reads symbols with Map.get, so nothing on Object.prototype is reachable.
    const map = new Map<string, number>();
    for (const name of scopeNames) {
      const v = Object.prototype.hasOwnProperty.call(scope, name) ? scope[name] : undefined;
      if (v !== undefined) map.set(name, v);
    }
    try {
      return code.evaluate(map);
    } catch (error) {
      throw new ExprError(`${label ? `${label}: ` : ''}cannot evaluate '${source}': ${error instanceof Error ? error.message : String(error)}`);
    }
  };
}

function asNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return NaN; // e.g. a Complex slipping through: never a silent wrong number
}

type MarginFn = (scope: Scope) => number;

function marginOf(node: MathNode, source: string, scopeNames: ReadonlySet<string>, label?: string): MarginFn {
  const n = node as MathNode & Record<string, unknown>;
  if (node.type === 'ParenthesisNode') return marginOf(n.content as MathNode, source, scopeNames, label);
  if (node.type !== 'OperatorNode') return () => NaN;
  const fn = n.fn as string;
  const args = n.args as MathNode[];
  if (LOGIC.has(fn)) {
    const parts = args.map((a) => marginOf(a, source, scopeNames, label));
    if (fn === 'not') return (s) => -parts[0](s);
    if (fn === 'and') return (s) => Math.min(...parts.map((p) => p(s)));
    return (s) => Math.max(...parts.map((p) => p(s)));
  }
  if (!COMPARISON.has(fn)) return () => NaN;
  const [a, b] = args.map((x) => evaluator(x, source, scopeNames, label));
  const diff = (s: Scope) => asNumber(a(s)) - asNumber(b(s));
  switch (fn) {
    case 'larger':
    case 'largerEq':
      return diff;
    case 'smaller':
    case 'smallerEq':
      return (s) => -diff(s);
    case 'equal':
      return (s) => -Math.abs(diff(s));
    default:
      return (s) => Math.abs(diff(s));
  }
}

/** Parse, check and compile one expression. Throws ExprError with a message naming the offending text. */
export function compileExpr(source: string, opts: CompileOptions): CompiledExpr {
  if (typeof source !== 'string') throw new ExprError('an expression must be a string');
  if (source.length > LIMITS.exprLength) throw new ExprError(`an expression of ${source.length} characters (limit ${LIMITS.exprLength})`);
  const nesting = bracketNesting(source);
  if (nesting > LIMITS.exprNesting) throw new ExprError(`brackets and calls nested ${nesting} deep (limit ${LIMITS.exprNesting})`);
  let node: MathNode;
  try {
    node = parse(source);
  } catch (error) {
    throw new ExprError(`syntax error: ${error instanceof Error ? error.message : String(error)}`);
  }
  const depth = treeDepth(node);
  if (depth > LIMITS.exprTreeDepth) throw new ExprError(`more than ${LIMITS.exprTreeDepth} nested operations (limit ${LIMITS.exprTreeDepth}); split it into derived values`);
  const symbols: string[] = [];
  const { type } = check(node, opts, symbols);
  if (type !== opts.type) {
    throw new ExprError(
      `must be ${typeName(opts.type)}, but this is ${typeName(type)}` +
        (opts.type === 'boolean' ? ' (write a comparison such as a >= b)' : ''),
    );
  }
  const scopeNames = new Set(symbols);
  const run = evaluator(node, source, scopeNames, opts.label);
  const margin = marginOf(node, source, scopeNames, opts.label);
  const evaluate = (scope: Scope): number | boolean => {
    for (const name of symbols) {
      if (typeof scope[name] !== 'number' || !Object.prototype.hasOwnProperty.call(scope, name)) {
        throw new ExprError(`${opts.label ? `${opts.label}: ` : ''}cannot evaluate '${source}': no numeric value for '${name}'`);
      }
    }
    const v = run(scope);
    if (type === 'boolean') return v === true;
    return asNumber(v);
  };
  let tex: string | undefined;
  return {
    source,
    type,
    symbols,
    // Rendered on first use (reports only): mathjs toTex is slow on nested calls.
    get tex() {
      return (tex ??= toTex(node, opts.tex));
    },
    evaluate,
    number: (s) => asNumber(evaluate(s)),
    holds: (s) => {
      const v = evaluate(s);
      return typeof v === 'boolean' ? v : v !== 0 && !Number.isNaN(v);
    },
    margin: (s) => {
      evaluate(s); // the same missing-name checks
      return margin(s);
    },
  };
}
