import { claimAssumptions, claimPoint, evaluatePoint, hypothesisAt, type Overrides, type Value } from './evaluate.js';
import { claimCoverage, type ClaimCoverage } from './coverage.js';
import { claimExprs, type LoadedSpec } from './load.js';

/** What `spec explain` shows: a spec evaluated at one point, as plain JSON-ready data. */
export interface ExplainReport {
  spec: { id: string; title: string; citation: string; file: string | null; hash: string };
  /** The values given with --set. */
  set: Record<string, Value>;
  parameters: { name: string; type: string; value: Value; default: Value; changed: boolean; range: [number, number] | null; values: string[] | null; unit: string | null; sim: string | null; description: string }[];
  constants: { name: string; value: number; default: number; range: [number, number] | null; mark: string; ref: string; description: string }[];
  derived: { name: string; value: number; expr: string; tex: string; description: string }[];
  assumptions: { id: string; holds: boolean; margin: number | null; expr: string; tex: string; mark: string; ref: string; description: string }[];
  claims: {
    id: string;
    kind: string;
    title: string;
    expect: 'hold' | 'fail';
    mark: string;
    ref: string;
    /** Parameters the claim fixes (its `set`), which the claim's own point uses. */
    claimSet: Record<string, Value>;
    /** Assumptions the claim relies on that fail at its point. */
    failingAssumptions: string[];
    hypothesis: { holds: boolean; margin: number | null; expr: string } | null;
    /** Assumptions and hypothesis all hold at the claim's point. */
    applies: boolean;
    /** Numeric expressions of the claim at its point (predicates over trajectories have value null). */
    expressions: { path: string; expr: string; tex: string; value: number | boolean | null }[];
    /** How many of the points its checker may visit the claim applies at (with --set applied). */
    coverage: ClaimCoverage;
  }[];
}

const finiteOrNull = (x: number) => (Number.isNaN(x) ? null : x);

export function explainSpec(loaded: LoadedSpec, set: Overrides = {}): ExplainReport {
  const { spec } = loaded;
  const point = evaluatePoint(loaded, set);
  return {
    spec: { id: spec.id, title: spec.title, citation: spec.source.citation, file: loaded.file, hash: loaded.hash },
    set: { ...set },
    parameters: spec.parameters.map((p) => ({
      name: p.name,
      type: p.type,
      value: point.values[p.name],
      default: p.default,
      changed: point.values[p.name] !== p.default,
      range: p.type === 'enum' ? null : (p.range ?? null),
      values: p.type === 'enum' ? p.values : null,
      unit: p.unit ?? null,
      sim: p.sim,
      description: p.description,
    })),
    constants: spec.constants.map((c) => ({
      name: c.name,
      value: point.values[c.name] as number,
      default: c.default,
      range: c.range ?? null,
      mark: c.provenance.mark,
      ref: c.provenance.ref,
      description: c.description,
    })),
    derived: spec.derived.map((d, i) => ({
      name: d.name,
      value: point.values[d.name] as number,
      expr: d.expr,
      tex: loaded.exprs.get(`derived[${i}].expr`)!.tex,
      description: d.description,
    })),
    assumptions: spec.assumptions.map((a, i) => ({
      id: a.id,
      holds: point.assumptions[i].holds,
      margin: finiteOrNull(point.assumptions[i].margin),
      expr: a.expr,
      tex: loaded.exprs.get(`assumptions[${i}].expr`)!.tex,
      mark: a.provenance.mark,
      ref: a.provenance.ref,
      description: a.description,
    })),
    claims: spec.claims.map((c, i) => {
      const at = claimPoint(loaded, i, set);
      const ids = new Set(claimAssumptions(loaded, c));
      const failing = at.assumptions.filter((a) => ids.has(a.id) && !a.holds).map((a) => a.id);
      const hyp = hypothesisAt(loaded, i, at);
      const expressions = [...claimExprs(loaded, i)].map(([path, e]) => ({
        path,
        expr: e.source,
        tex: e.tex,
        value: e.symbols.some((s) => !(s in at.scope)) ? null : e.evaluate(at.scope),
      }));
      return {
        id: c.id,
        kind: c.kind,
        title: c.title,
        expect: c.expect,
        mark: c.provenance.mark,
        ref: c.provenance.ref,
        claimSet: { ...(c.set ?? {}) },
        failingAssumptions: failing,
        hypothesis: hyp && { holds: hyp.holds, margin: finiteOrNull(hyp.margin), expr: loaded.exprs.get(`claims[${i}].hypothesis`)!.source },
        applies: failing.length === 0 && (hyp?.holds ?? true),
        expressions,
        coverage: claimCoverage(loaded, i, set),
      };
    }),
  };
}

export function formatNumber(x: number | null | undefined): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '-';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (Number.isInteger(x) && Math.abs(x) < 1e7) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e7) ? x.toExponential(3) : String(Number(x.toPrecision(4)));
}

function show(v: Value | boolean | null): string {
  if (typeof v === 'number') return formatNumber(v);
  if (v === null) return '-';
  return String(v);
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const line = (cells: string[]) => cells.map((c, j) => (j === cells.length - 1 ? c : c.padEnd(widths[j]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The report as text tables, for people. */
export function formatExplain(r: ExplainReport): string {
  const out: string[] = [];
  out.push(`${r.spec.title} (${r.spec.id})`, r.spec.citation, `file ${r.spec.file ?? '(in memory)'}  sha256 ${r.spec.hash.slice(0, 12)}`);
  if (Object.keys(r.set).length > 0) out.push(`set: ${Object.entries(r.set).map(([k, v]) => `${k}=${v}`).join(' ')}`);
  out.push('', 'Parameters');
  out.push(
    table(
      ['name', 'value', 'default', 'allowed', 'unit', 'sets', 'description'],
      r.parameters.map((p) => [
        p.name,
        show(p.value) + (p.changed ? ' *' : ''),
        show(p.default),
        p.range ? `[${formatNumber(p.range[0])}, ${formatNumber(p.range[1])}]` : p.values ? p.values.join('|') : 'any',
        p.unit ?? '',
        p.sim ?? '(spec only)',
        p.description,
      ]),
    ),
  );
  if (r.constants.length > 0) {
    out.push('', 'Constants (unspecified in the theorems; edit or bracket them)');
    out.push(
      table(
        ['name', 'value', 'range', 'mark', 'from', 'description'],
        r.constants.map((c) => [c.name, show(c.value), c.range ? `[${formatNumber(c.range[0])}, ${formatNumber(c.range[1])}]` : 'any', c.mark, c.ref, c.description]),
      ),
    );
  }
  if (r.derived.length > 0) {
    out.push('', 'Derived');
    out.push(table(['name', 'value', 'expression'], r.derived.map((d) => [d.name, show(d.value), d.expr])));
  }
  if (r.assumptions.length > 0) {
    out.push('', 'Assumptions (margin > 0: holds, by that much)');
    out.push(
      table(
        ['id', 'holds', 'margin', 'mark', 'from', 'expression'],
        r.assumptions.map((a) => [a.id, a.holds ? 'yes' : 'NO', show(a.margin), a.mark, a.ref, a.expr]),
      ),
    );
  }
  out.push('', 'Claims (each at its own point: the values above plus the claim\'s set; points: where its checker may run / considered)');
  out.push(
    table(
      ['id', 'kind', 'expect', 'mark', 'applies', 'hypothesis', 'points', 'why not / values'],
      r.claims.map((c) => {
        const notes: string[] = [];
        if (c.failingAssumptions.length > 0) notes.push(`fails ${c.failingAssumptions.join(', ')}`);
        for (const e of c.expressions) if (e.path !== 'hypothesis' && e.value !== null) notes.push(`${e.path}=${show(e.value)}`);
        return [
          c.id,
          c.kind,
          c.expect,
          c.mark,
          c.applies ? 'yes' : 'no',
          c.hypothesis ? `${c.hypothesis.holds ? 'holds' : 'fails'} (${show(c.hypothesis.margin)})` : '-',
          `${c.coverage.applicable}/${c.coverage.total}`,
          notes.join('; '),
        ];
      }),
    ),
  );
  return out.join('\n');
}
