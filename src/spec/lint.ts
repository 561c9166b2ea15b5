import { InputError } from '../util/errors.js';
import { explainSpec } from './explain.js';
import { loadSpec, type LoadedSpec } from './load.js';
import { noopProblems } from './noop.js';

export interface LintResult {
  /** The argument as given. */
  file: string;
  loaded: LoadedSpec | null;
  /** Errors: the spec cannot be used. */
  problems: string[];
  /** Worth a look, but the spec is usable: an assumption false at the defaults, a non-finite value. */
  warnings: string[];
}

/** Validate one spec file and evaluate it at its defaults; never throws for a bad spec. */
export async function lintSpec(path: string): Promise<LintResult> {
  let loaded: LoadedSpec;
  try {
    loaded = await loadSpec(path);
  } catch (error) {
    if (error instanceof InputError) return { file: path, loaded: null, problems: error.problems, warnings: [] };
    throw error;
  }
  const where = `${loaded.file}: `;
  const warnings: string[] = [];
  let report: ReturnType<typeof explainSpec>;
  try {
    report = explainSpec(loaded);
  } catch (error) {
    // e.g. a coupling that computes a value outside its parameter's range
    if (error instanceof InputError) return { file: path, loaded, problems: error.problems.map((p) => `${where}at the defaults: ${p}`), warnings };
    throw error;
  }
  const noops = noopProblems(loaded);
  if (noops.length) return { file: path, loaded, problems: noops, warnings };
  for (const d of report.derived) {
    if (!Number.isFinite(d.value)) warnings.push(`${where}derived ${d.name} = ${d.value} at the defaults (${d.expr})`);
  }
  for (const a of report.assumptions) {
    if (!a.holds) warnings.push(`${where}assumption ${a.id} does not hold at the defaults (margin ${a.margin ?? 'n/a'}): ${a.expr}`);
  }
  for (const c of report.claims) {
    for (const w of c.coverage.warnings) warnings.push(`${where}claims ${c.id}: ${w}`);
    for (const e of c.expressions) {
      if (typeof e.value === 'number' && !Number.isFinite(e.value)) {
        warnings.push(`${where}claims ${c.id}: ${e.path} = ${e.value} at the claim's point (${e.expr})`);
      }
    }
  }
  return { file: path, loaded, problems: [], warnings };
}
