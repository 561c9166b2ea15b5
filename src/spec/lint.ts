import { InputError, type ProblemDetail } from '../util/errors.js';
import { explainSpec } from './explain.js';
import { ExprError } from './expr.js';
import { loadSpec, type LoadedSpec } from './load.js';
import { noopProblems } from './noop.js';

/** One lint finding as editors and CI annotations read it. */
export interface LintProblem {
  file: string;
  /** Dotted field path such as `claims[0].bound`; null when the problem is about the whole file. */
  path: string | null;
  line: number | null;
  column: number | null;
  message: string;
  severity: 'error' | 'warning';
}

export interface LintResult {
  /** The argument as given. */
  file: string;
  loaded: LoadedSpec | null;
  /** Errors: the spec cannot be used. */
  problems: string[];
  /** Worth a look, but the spec is usable: an assumption false at the defaults, a non-finite derived value. */
  warnings: string[];
  /** Problems and warnings as records (same order: problems first). */
  items: LintProblem[];
}

function formatField(path: readonly (string | number)[]): string | null {
  if (path.length === 0) return null;
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

function fromInputError(error: InputError, file: string, suffix = ''): LintProblem[] {
  if (error.details) {
    return error.details.map((d: ProblemDetail) => ({
      file: d.file ?? file,
      path: formatField(d.path),
      line: d.line ?? null,
      column: d.column ?? null,
      message: `${d.message}${suffix}`,
      severity: 'error' as const,
    }));
  }
  return error.problems.map((message) => ({ file, path: null, line: null, column: null, message: `${message}${suffix}`, severity: 'error' as const }));
}

/** `claims[0].quantity.target` -> ['claims', 0, 'quantity', 'target']. */
function pathParts(path: string): (string | number)[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]));
}

/** Numeric claim expressions that must be finite at the claim's point (a bound of NaN decides nothing). */
const MUST_BE_FINITE = /^(bound|quantity\.target|success\.threshold|slope|boundary|couple\.[A-Za-z_][A-Za-z0-9_]*)$/;

/** Validate one spec file and evaluate it at its defaults; never throws for a bad spec. */
export async function lintSpec(path: string): Promise<LintResult> {
  let loaded: LoadedSpec;
  try {
    loaded = await loadSpec(path);
  } catch (error) {
    if (error instanceof InputError) return { file: path, loaded: null, problems: error.problems, warnings: [], items: fromInputError(error, path) };
    throw error;
  }
  const file = loaded.file ?? path;
  const where = `${file}: `;
  const warnings: string[] = [];
  const items: LintProblem[] = [];
  const position = (fieldPath: string | null) => {
    const pos = fieldPath ? loaded.locate?.(pathParts(fieldPath)) : undefined;
    return { line: pos?.line ?? null, column: pos?.column ?? null };
  };
  const lineTag = (fieldPath: string | null) => {
    const { line, column } = position(fieldPath);
    return line === null ? '' : `:${line}:${column}`;
  };
  const warn = (fieldPath: string | null, message: string) => {
    warnings.push(`${file}${lineTag(fieldPath)}: ${fieldPath ? `${fieldPath}: ` : ''}${message}`);
    items.push({ file, path: fieldPath, ...position(fieldPath), message, severity: 'warning' });
  };
  let report: ReturnType<typeof explainSpec>;
  try {
    report = explainSpec(loaded);
  } catch (error) {
    // An expression that cannot be evaluated at the defaults (pow(2), nthRoot(-8, 2)) already names
    // its file and field; other problems (a coupling outside its parameter's range) do not.
    if (error instanceof ExprError) {
      return { file: path, loaded, problems: error.problems.map((p) => `${p} (at the defaults)`), warnings, items: fromInputError(error, file, ' (at the defaults)') };
    }
    if (error instanceof InputError) {
      const problems = error.problems.map((p) => `${where}at the defaults: ${p}`);
      return { file: path, loaded, problems, warnings, items: problems.map((message) => ({ file, path: null, line: null, column: null, message, severity: 'error' })) };
    }
    throw error;
  }
  const noops = noopProblems(loaded);
  if (noops.length) {
    return { file: path, loaded, problems: noops, warnings: [], items: noops.map((message) => ({ file, path: null, line: null, column: null, message, severity: 'error' as const })) };
  }
  const problems: string[] = [];
  const errorItems: LintProblem[] = [];
  report.derived.forEach((d, i) => {
    if (!Number.isFinite(d.value)) warn(`derived[${i}].expr`, `derived ${d.name} = ${d.value} at the defaults (${d.expr})`);
  });
  report.assumptions.forEach((a, i) => {
    if (!a.holds) warn(`assumptions[${i}].expr`, `assumption ${a.id} does not hold at the defaults (margin ${a.margin ?? 'n/a'}): ${a.expr}`);
  });
  report.claims.forEach((c, i) => {
    for (const w of c.coverage.warnings) warn(`claims[${i}]`, `claims ${c.id}: ${w}`);
    for (const e of c.expressions) {
      if (typeof e.value !== 'number' || Number.isFinite(e.value)) continue;
      const fieldPath = `claims[${i}].${e.path}`;
      const message = `${e.path} = ${e.value} at the claim's point (${e.expr})`;
      if (MUST_BE_FINITE.test(e.path)) {
        problems.push(`${file}${lineTag(fieldPath)}: ${fieldPath}: must be a finite number, but ${message}`);
        errorItems.push({ file, path: fieldPath, ...position(fieldPath), message: `must be a finite number, but ${message}`, severity: 'error' });
      } else warn(fieldPath, `claims ${c.id}: ${message}`);
    }
  });
  return { file: path, loaded, problems, warnings, items: [...errorItems, ...items] };
}
