import { dirname, extname } from 'node:path';
import { checkers } from '../../proofs-check/registry.js';
import { combinedHash, localModuleGraph, type ModuleFile } from '../plugins/graph.js';
import { loadPlugins } from '../plugins/load.js';
import { describeZodError, InputError } from '../util/errors.js';
import { CLAIM_KINDS, isBuiltinKind, type Spec } from './schema.js';

const CODE_EXTENSIONS = new Set(['.ts', '.mts', '.js', '.mjs']);

/** What a spec is made of besides its own data: the user's modules it imports and its plug-ins. */
export interface SpecModules {
  /** Every file, spec first, then its imports, then each plug-in and its imports (deduplicated). */
  modules: ModuleFile[];
  /** File URLs of the plug-in modules, for the worker threads to load. */
  plugins: string[];
  /** The spec hash: of the spec file alone when it loads nothing else, of every module otherwise. */
  hash: string;
}

/**
 * Load the plug-ins a spec's raw input names (before the spec is validated, so their claim kinds are
 * known) and hash every module the spec is made of.
 */
export async function loadSpecModules(input: unknown, file: string, fileHash: string): Promise<SpecModules> {
  const raw = input !== null && typeof input === 'object' ? (input as { plugins?: unknown }).plugins : undefined;
  if (raw !== undefined && !Array.isArray(raw)) throw new InputError(`${file}: plugins: expected a list of module paths (got ${JSON.stringify(raw)})`, { file, field: 'plugins', value: raw });
  let loaded;
  try {
    loaded = await loadPlugins((raw ?? []) as string[], dirname(file));
  } catch (error) {
    if (error instanceof InputError) throw new InputError(error.problems.map((p) => `${file}: ${p}`), { file, ...error.where });
    throw error;
  }
  const own = CODE_EXTENSIONS.has(extname(file).toLowerCase()) ? await localModuleGraph(file) : [{ path: file, hash: fileHash }];
  const seen = new Set<string>();
  const modules: ModuleFile[] = [];
  for (const m of [...own, ...loaded.flatMap((p) => p.modules)]) {
    if (seen.has(m.path)) continue;
    seen.add(m.path);
    modules.push(m);
  }
  const hash = modules.length === 1 && modules[0].path === file ? fileHash : combinedHash(modules, dirname(file));
  return { modules, plugins: loaded.map((p) => p.url), hash };
}

/**
 * Claims of plug-in kinds: the kind must be registered, and the checker's schema (if any) validates
 * the claim; its output replaces the claim. Returns the spec with those claims, or throws every problem.
 */
export function checkPluginClaims(spec: Spec, file: string | null): Spec {
  const where = file ? `${file}: ` : '';
  const problems: string[] = [];
  const claims = spec.claims.map((claim, i) => {
    if (isBuiltinKind(claim.kind)) return claim;
    const checker = checkers.get(claim.kind);
    if (!checker) {
      const extra = checkers.names().filter((k) => !isBuiltinKind(k));
      problems.push(
        `${where}claims[${i}].kind: unknown claim kind ${JSON.stringify(claim.kind)} (built-in: ${CLAIM_KINDS.join(', ')}${extra.length ? `; from plug-ins: ${extra.join(', ')}` : ''}; a plug-in listed in \`plugins\` can add one)`,
      );
      return claim;
    }
    const schema = (checker as { schema?: { safeParse(v: unknown): { success: boolean; data?: unknown; error?: unknown } } }).schema;
    if (!schema) return claim;
    const parsed = schema.safeParse(claim);
    if (parsed.success) return parsed.data as typeof claim;
    const lines = describeZodError(parsed.error as never, claim);
    problems.push(...lines.map((line) => `${where}claims[${i}].${line}`));
    return claim;
  });
  if (problems.length > 0) throw new InputError(problems, { file: file ?? undefined });
  return { ...spec, claims };
}
