import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import YAML, { Lexer, LineCounter, isMap, isScalar, type Document } from 'yaml';
import { describeZodIssues, formatPath, InputError, show, type ProblemDetail } from '../util/errors.js';
import { packageRoot } from '../util/package-root.js';
import { compileExpr, ExprError, type CompiledExpr, type ExprType } from './expr.js';
import type { ModuleFile } from '../plugins/graph.js';
import { checkPluginClaims, loadSpecModules } from './modules.js';
import { LIMITS, structureProblems, tooManyTokens } from './limits.js';
import { suggestKey } from './suggest.js';
import { Spec, TRAJECTORY_SCOPE } from './schema.js';
import { useOneHarnessCopy } from '../plugins/one-copy.js';

/** A validated spec with every expression parsed and compiled once. */
export interface LoadedSpec {
  readonly spec: Spec;
  /** Absolute path of the file it came from; null when validated from an in-memory object. */
  readonly file: string | null;
  /**
   * sha256 (hex) of the file's bytes; of its canonical JSON when there is no file; of every module
   * (`modules`) when the spec imports local modules or loads plug-ins.
   */
  readonly hash: string;
  /** The files the spec is made of (itself, its local imports, its plug-ins), with content hashes. */
  readonly modules?: readonly ModuleFile[];
  /** File URLs of the spec's plug-in modules, loaded in every worker thread. */
  readonly plugins?: readonly string[];
  /** Every expression, keyed by its JSON path: 'derived[0].expr', 'assumptions[1].expr', 'claims[2].bound', 'claims[3].couple.nUnlabeled'. */
  readonly exprs: ReadonlyMap<string, CompiledExpr>;
  /** LaTeX for every spec name (parameters, constants, derived). */
  readonly tex: ReadonlyMap<string, string>;
  /** Line and column of a field in the file (YAML and JSON files only). */
  readonly locate?: Locate;
}

export const SPEC_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs', '.json', '.yaml', '.yml'] as const;

/** The default spec that `check` runs: Zhang & Cao's SimCLR paper. */
export function defaultSpecPath(): string {
  return join(packageRoot(), 'spec', 'zhang-cao-2024-simclr.ts');
}

/** `spec/foo` -> the file: as given, then with each extension, then foo/index.<ext>. */
export function resolveSpecPath(arg: string): string {
  const base = resolve(arg);
  const tried: string[] = [];
  const isFile = (p: string) => {
    tried.push(p);
    return existsSync(p) && statSync(p).isFile();
  };
  if (isFile(base)) return base;
  for (const ext of SPEC_EXTENSIONS) if (isFile(base + ext)) return base + ext;
  if (existsSync(base) && statSync(base).isDirectory()) {
    for (const ext of SPEC_EXTENSIONS) if (isFile(join(base, `index${ext}`))) return join(base, `index${ext}`);
  }
  throw new InputError(`${arg}: no spec file found (tried ${tried.join(', ')})`, { file: arg });
}

const MESSAGE_CHARS = 300;
const MAX_SYNTAX_ERRORS = 10;

function message(error: unknown): string {
  // Parser messages quote the offending line: keep binary garbage out of the terminal.
  const text = (error instanceof Error ? error.message : String(error)).replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffd]/g, '?');
  return text.length > MESSAGE_CHARS ? `${text.slice(0, MESSAGE_CHARS)}...` : text;
}

/** Line and column (1-based) of a field in the source file. */
export interface Position {
  line: number;
  column: number;
}
export type Locate = (path: readonly (string | number)[]) => Position | undefined;

/** Positions from a parsed YAML (or JSON) document: the key of the deepest existing field on the path. */
function locator(doc: Document, counter: LineCounter): Locate {
  return (path) => {
    for (let n = path.length; n >= 0; n--) {
      let offset: number | undefined;
      if (n > 0) {
        const parent = n === 1 ? doc.contents : doc.getIn(path.slice(0, n - 1), true);
        if (isMap(parent)) {
          const pair = parent.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(path[n - 1]));
          offset = (pair?.key as { range?: [number, number, number] } | undefined)?.range?.[0];
        }
      }
      if (offset === undefined) {
        const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
        offset = (node as { range?: [number, number, number] } | null | undefined)?.range?.[0];
      }
      if (offset !== undefined) {
        const { line, col } = counter.linePos(offset);
        return { line, column: col };
      }
    }
    return undefined;
  };
}

function syntaxErrors(file: string, what: string, errors: readonly { message: string; pos?: [number, number] }[], counter: LineCounter): InputError {
  const lines = errors.slice(0, MAX_SYNTAX_ERRORS).map((e) => {
    const at = e.pos ? counter.linePos(e.pos[0]) : undefined;
    return `${file}${at ? `:${at.line}:${at.col}` : ''}: not valid ${what}: ${message(e)}`;
  });
  if (errors.length > MAX_SYNTAX_ERRORS) lines.push(`${file}: ... and ${errors.length - MAX_SYNTAX_ERRORS} more ${what} errors`);
  return new InputError(lines, { file });
}

/** Parse YAML text into a document (also used for JSON, to find duplicate keys and positions). */
function yamlDocument(file: string, text: string): { doc: Document; counter: LineCounter } {
  if (tooManyTokens(text, (t) => new Lexer().lex(t))) {
    throw new InputError(`${file}: more than ${LIMITS.tokens} keys, values and punctuation tokens in the file (limit ${LIMITS.tokens})`, { file });
  }
  const counter = new LineCounter();
  // Without stack traces and pretty errors: the parser makes an error object for every misplaced
  // token, and pretty errors copy each one's line (a one-line megabyte makes that quadratic). The
  // few errors reported get their line and column in syntaxErrors.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    const doc = YAML.parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter: counter });
    return { doc, counter };
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

interface ParsedInput {
  input: unknown;
  locate?: Locate;
}

async function readInput(file: string, bytes: Buffer): Promise<ParsedInput> {
  const ext = extname(file).toLowerCase();
  if (ext === '.json' || ext === '.yaml' || ext === '.yml') {
    const text = bytes.toString('utf8');
    if (ext === '.json') {
      let input: unknown;
      try {
        input = JSON.parse(text);
      } catch (error) {
        throw new InputError(`${file}: not valid JSON: ${message(error)}`, { file });
      }
      // JSON.parse keeps the last of duplicate keys silently; the YAML parser (JSON is YAML) names them.
      const { doc, counter } = yamlDocument(file, text);
      const dups = doc.errors.filter((e) => e.code === 'DUPLICATE_KEY');
      if (dups.length > 0) throw syntaxErrors(file, 'JSON', dups, counter);
      return { input, locate: doc.errors.length === 0 ? locator(doc, counter) : undefined };
    }
    const { doc, counter } = yamlDocument(file, text);
    if (doc.errors.length > 0) throw syntaxErrors(file, 'YAML', doc.errors, counter);
    try {
      return { input: doc.toJS({ maxAliasCount: LIMITS.aliases }), locate: locator(doc, counter) };
    } catch (error) {
      // e.g. an alias bomb: "Excessive alias count indicates a resource exhaustion attack"
      throw new InputError(`${file}: not a usable YAML document: ${message(error)} (limit ${LIMITS.aliases} alias expansions)`, { file });
    }
  }
  if ((SPEC_EXTENSIONS as readonly string[]).includes(ext)) {
    let mod: { default?: unknown };
    try {
      // tsx compiles TS spec modules on the fly, so the compiled CLI can load spec/*.ts as users write them.
      const { tsImport } = await import('tsx/esm/api');
      useOneHarnessCopy();
      mod = (await tsImport(pathToFileURL(file).href, import.meta.url)) as { default?: unknown };
    } catch (error) {
      throw new InputError(`${file}: cannot load the module: ${message(error)}`, { file });
    }
    if (mod.default === undefined) throw new InputError(`${file}: the module has no default export (write \`export default defineSpec({...})\`)`, { file });
    return { input: mod.default };
  }
  throw new InputError(`${file}: unknown spec file type '${ext}' (use ${SPEC_EXTENSIONS.join(', ')})`, { file });
}

/** Resolve, read, validate and compile a spec file. Throws InputError listing every problem found. */
export async function loadSpec(path: string): Promise<LoadedSpec> {
  const file = resolveSpecPath(path);
  let bytes: Buffer;
  try {
    const size = statSync(file).size;
    if (size > LIMITS.fileBytes) throw new InputError(`${file}: the file has ${size} bytes (limit ${LIMITS.fileBytes})`, { file, value: size });
    bytes = readFileSync(file);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${file}: cannot read: ${message(error)}`, { file });
  }
  const { input, locate } = await readInput(file, bytes);
  const { modules, plugins, hash } = await loadSpecModules(input, file, createHash('sha256').update(bytes).digest('hex'));
  return { ...validateSpec(input, file, hash, locate), modules, plugins };
}

interface Site {
  path: (string | number)[];
  source: string;
  type: ExprType;
  scope: ReadonlySet<string>;
}

/** Every expression of a spec with the scope it may use. Derived names are visible only after their definition. */
function expressionSites(spec: Spec): Site[] {
  const numericParams = spec.parameters.filter((p) => p.type !== 'enum').map((p) => p.name);
  const base = [...numericParams, ...spec.constants.map((c) => c.name)];
  const sites: Site[] = [];
  spec.derived.forEach((d, i) => {
    sites.push({ path: ['derived', i, 'expr'], source: d.expr, type: 'number', scope: new Set([...base, ...spec.derived.slice(0, i).map((x) => x.name)]) });
  });
  const full = new Set([...base, ...spec.derived.map((d) => d.name)]);
  spec.assumptions.forEach((a, i) => sites.push({ path: ['assumptions', i, 'expr'], source: a.expr, type: 'boolean', scope: full }));
  spec.claims.forEach((c, i) => {
    const at = (rest: (string | number)[], source: string | undefined, type: ExprType, scope: ReadonlySet<string> = full) => {
      if (source !== undefined) sites.push({ path: ['claims', i, ...rest], source, type, scope });
    };
    switch (c.kind) {
      case 'bound':
        at(['bound'], c.bound, 'number');
        at(['hypothesis'], c.hypothesis, 'boolean');
        break;
      case 'comparison':
        at(['hypothesis'], c.hypothesis, 'boolean');
        break;
      case 'scaling':
        if (c.quantity.kind === 'threshold') at(['quantity', 'target'], c.quantity.target, 'number');
        for (const [k, e] of Object.entries(c.couple ?? {})) at(['couple', k], e, 'number');
        at(['slope'], c.slope, 'number');
        at(['bound'], c.bound, 'number');
        break;
      case 'phase-transition':
        at(['success', 'threshold'], c.success.threshold, 'number');
        at(['boundary'], c.boundary, 'number');
        break;
      case 'monotone':
        break;
      case 'invariant':
        at(['predicate'], c.predicate, 'boolean', new Set([...full, ...TRAJECTORY_SCOPE]));
        break;
    }
  });
  return sites;
}

function canonicalHash(input: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(input) ?? 'undefined';
  } catch {
    text = String(input);
  }
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Validate an in-memory spec (the parsed contents of a file, or a TS module's default export) and
 * compile its expressions. Throws InputError with one line per problem, each naming file and JSON path.
 * Structural problems are reported first; expressions are checked once the structure is valid.
 */
export function validateSpec(input: unknown, file: string | null = null, hash?: string, locate?: Locate): LoadedSpec {
  const where = file ? `${file}: ` : '';
  const at = (path: readonly (string | number)[]) => {
    const pos = locate?.(path);
    return `${file ?? ''}${pos ? `:${pos.line}:${pos.column}` : ''}${file || pos ? ': ' : ''}${formatPath(path)}`;
  };
  const fail = (details: ProblemDetail[]): never => {
    throw new InputError(
      details.map((d) => `${at(d.path)}: ${d.message}`),
      { file: file ?? undefined },
      details.map((d) => ({ ...d, file: file ?? undefined, ...locate?.(d.path) })),
    );
  };
  let structure: ReturnType<typeof structureProblems>;
  try {
    structure = structureProblems(input);
  } catch (error) {
    structure = [{ path: [], message: `cannot be read as plain data: ${message(error)}` }];
  }
  if (structure.length > 0) fail(structure);
  let parsed: ReturnType<typeof Spec.safeParse>;
  try {
    parsed = Spec.safeParse(input);
  } catch (error) {
    return fail([{ path: [], message: `cannot be validated: ${message(error)}` }]);
  }
  if (!parsed.success) return fail(describeZodIssues(parsed.error, input, suggestKey));
  const spec = checkPluginClaims(parsed.data, file);
  const tex = new Map<string, string>();
  for (const item of [...spec.parameters, ...spec.constants, ...spec.derived]) if (item.tex) tex.set(item.name, item.tex);
  const enums = new Set(spec.parameters.filter((p) => p.type === 'enum').map((p) => p.name));
  const explainUnknown = (name: string) => {
    if (enums.has(name)) return 'an enum parameter; expressions use numbers only';
    const later = spec.derived.find((d) => d.name === name);
    if (later) return 'a derived name defined later; derived names may only use earlier ones';
    if (TRAJECTORY_SCOPE.includes(name)) return 'a trajectory variable, available only in invariant predicates';
    return undefined;
  };
  const exprs = new Map<string, CompiledExpr>();
  const problems: ProblemDetail[] = [];
  for (const site of expressionSites(spec)) {
    const path = formatPath(site.path);
    try {
      exprs.set(path, compileExpr(site.source, { scope: site.scope, type: site.type, tex, explainUnknown, label: `${where}${path}` }));
    } catch (error) {
      if (!(error instanceof ExprError)) throw error;
      problems.push({ path: site.path, message: `${error.message} (in ${show(site.source)})` });
    }
  }
  if (problems.length > 0) fail(problems);
  return { spec, file, hash: hash ?? canonicalHash(input), exprs, tex, ...(locate ? { locate } : {}) };
}

/** The compiled expression at a JSON path such as 'claims[2].bound'; throws if there is none. */
export function exprAt(loaded: LoadedSpec, path: string): CompiledExpr {
  const e = loaded.exprs.get(path);
  if (!e) throw new Error(`spec ${loaded.spec.id} has no expression at ${path}`);
  return e;
}

/** The compiled expressions of claim `index`, keyed by their path inside the claim ('bound', 'couple.nUnlabeled', ...). */
export function claimExprs(loaded: LoadedSpec, index: number): Map<string, CompiledExpr> {
  const prefix = `claims[${index}].`;
  const out = new Map<string, CompiledExpr>();
  for (const [path, e] of loaded.exprs) if (path.startsWith(prefix)) out.set(path.slice(prefix.length), e);
  return out;
}

/**
 * Compile an extra expression in a loaded spec's scope (numeric parameters, constants, derived names,
 * plus `extra` names such as trajectory variables). Throws InputError naming `where` on a bad expression.
 */
export function compileInSpec(loaded: LoadedSpec, source: string, type: ExprType, extra: readonly string[] = [], where = 'expression'): CompiledExpr {
  const { spec } = loaded;
  const scope = new Set([
    ...spec.parameters.filter((p) => p.type !== 'enum').map((p) => p.name),
    ...spec.constants.map((c) => c.name),
    ...spec.derived.map((d) => d.name),
    ...extra,
  ]);
  try {
    return compileExpr(source, { scope, type, tex: loaded.tex });
  } catch (error) {
    if (error instanceof ExprError) throw new InputError(`${where}: ${error.message} (in "${source}")`, { field: where, value: source });
    throw error;
  }
}
