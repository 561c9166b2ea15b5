import type { ClaimResult, Figure, Results, Verdict } from '../../proofs-check/results.js';
import type { BaselineChanges } from './baseline.js';
import { fmt, fmtCell, fmtInterval, fmtPercent, fmtSeconds, fmtSeeds, MISSING } from './format-values.js';

/**
 * The report as plain, already-worded data: every template (Markdown, HTML, LaTeX, JUnit) renders the same
 * model, so the formats cannot disagree about what a run found.
 */
export interface ReportModel {
  title: string;
  profile: string;
  startedAt: string;
  generatedBy: string;
  spec: Results['spec'];
  counts: Array<{ verdict: Verdict; label: string; count: number; cls: string }>;
  overall: { ok: boolean; text: string };
  claims: ClaimView[];
  provenance: ProvenanceView;
  changes: ChangesView | null;
  /** Two regimes' sample complexities side by side (results.ratios). */
  ratios: RatioView[];
  /** Pictures of a few inputs, for specs on real images. */
  samples: { title: string; svg: string; svgFile: string; pdfName: string | null } | null;
}

export interface RatioView {
  title: string;
  along: string;
  numerator: { id: string; anchor: string };
  denominator: { id: string; anchor: string };
  rows: Array<{ x: string; numerator: string; denominator: string; ratio: string }>;
}

function ratioViews(results: Results): RatioView[] {
  return (results.ratios ?? []).map((r) => ({
    title: `${r.quantity} of ${r.numerator} over ${r.denominator}, against ${r.along}`,
    along: r.along,
    numerator: { id: r.numerator, anchor: anchorOf(r.numerator) },
    denominator: { id: r.denominator, anchor: anchorOf(r.denominator) },
    rows: r.rows.map((row) => ({
      x: fmt(row.x),
      numerator: row.numerator,
      denominator: row.denominator,
      ratio: row.ratio === null ? 'unknown (both censored)' : row.bound === 'lower' ? `>= ${fmt(row.ratio)}` : row.bound === 'upper' ? `<= ${fmt(row.ratio)}` : fmt(row.ratio),
    })),
  }));
}

export interface FigureView {
  id: string;
  title: string;
  /** Paths relative to the output folder. */
  svgFile: string;
  pdfFile: string | null;
  /** File name of the PDF alone: LaTeX prefixes it with \thfigdir. */
  pdfName: string | null;
  /** The SVG markup, for formats that inline it. */
  svg: string;
  notes: string[];
  number: number;
}

export interface ClaimView {
  id: string;
  anchor: string;
  number: number;
  kind: string;
  title: string;
  statement: string;
  statementTex: string | null;
  mark: string;
  ref: string;
  expected: string;
  verdict: Verdict;
  verdictLabel: string;
  verdictCls: string;
  failing: boolean;
  reason: string;
  statistic: null | { name: string; value: string; interval: string; level: string; threshold: string; method: string; short: string };
  measurements: { columns: string[]; rows: string[][]; total: number; omitted: number };
  figures: FigureView[];
  fits: Array<{ name: string; slope: string; interval: string; predicted: string; tolerance: string; within: string }>;
  counterexample: null | { params: Array<{ key: string; value: string }>; replay: string; shrinkSteps: number };
  search: null | { drawn: number; accepted: number; rate: string };
  assumptions: Array<{ name: string; expression: string; holds: boolean; holdsText: string; margin: string; at: string }>;
  /** One row per assumption over all the points used: the tightest (or first violating) point. */
  assumptionGroups: Array<{ name: string; expression: string; holds: boolean; holdsText: string; margin: string; at: string; points: number }>;
  /** True when the per-point list has more rows than the grouped table (so a full list is worth showing). */
  assumptionDetails: boolean;
  seeds: string;
  runs: number;
  cacheHits: number;
  wall: string;
  wallSeconds: number;
}

export interface ProvenanceView {
  rows: Array<{ key: string; value: string; code: boolean }>;
  perClaim: Array<{ id: string; seeds: string; runs: number; cacheHits: number; wall: string }>;
}

export interface ChangesView {
  quiet: boolean;
  hasFlipToFail: boolean;
  against: string;
  flips: Array<{ id: string; anchor: string; title: string; from: string; to: string; toFail: boolean }>;
  drifts: Array<{ id: string; anchor: string; what: string; name: string; before: string; after: string; delta: string; rule: string }>;
  added: Array<{ id: string; title: string; verdict: string }>;
  removed: Array<{ id: string; title: string; verdict: string }>;
  warnings: string[];
}

export const VERDICT_LABELS: Record<Verdict, string> = {
  pass: 'pass',
  fail: 'FAIL',
  inconclusive: 'inconclusive',
  xfail: 'xfail (failed as expected)',
  xpass: 'XPASS (held, expected to fail)',
  error: 'ERROR',
};
const FAILING: readonly Verdict[] = ['fail', 'xpass', 'error'];

export interface ModelOptions {
  /** Rows of a measurements table shown before the rest is left to results.json. */
  maxRows?: number;
  figureFile: (claim: ClaimResult, fig: Figure) => string;
  figures: Map<string, { svg: string; notes: string[]; pdfFile: string | null }>;
  /** False when no requested format shows figures (JUnit alone): none were rendered. */
  withFigures: boolean;
  samples?: ReportModel['samples'];
}

export function figureKey(claim: ClaimResult, fig: Figure): string {
  return `${claim.id}/${fig.id}`;
}

export function buildModel(results: Results, changes: BaselineChanges | null, opts: ModelOptions): ReportModel {
  let figureNumber = 0;
  const claims = results.claims.map((c, i): ClaimView => {
    const figures = (opts.withFigures ? c.figures : []).map((f): FigureView => {
      const rendered = opts.figures.get(figureKey(c, f));
      if (!rendered) throw new Error(`figure ${figureKey(c, f)} was not rendered`);
      return { id: f.id, title: f.title, svgFile: opts.figureFile(c, f), pdfFile: rendered.pdfFile, pdfName: rendered.pdfFile ? rendered.pdfFile.split('/').pop()! : null, svg: rendered.svg, notes: rendered.notes, number: ++figureNumber };
    });
    return {
      id: c.id,
      anchor: anchorOf(c.id),
      number: i + 1,
      kind: c.kind,
      title: c.title,
      statement: c.statement,
      statementTex: c.statementTex ?? null,
      mark: c.provenance.mark,
      ref: c.provenance.ref,
      expected: c.expected === 'hold' ? 'hold' : 'fail (a negative control or a known gap)',
      verdict: c.verdict,
      verdictLabel: VERDICT_LABELS[c.verdict],
      verdictCls: `verdict-${c.verdict}`,
      failing: FAILING.includes(c.verdict),
      reason: c.reason,
      statistic: c.statistic && {
        name: c.statistic.name,
        value: fmt(c.statistic.value),
        interval: fmtInterval(c.statistic.interval),
        level: fmtPercent(c.statistic.level),
        threshold: c.statistic.threshold,
        method: c.statistic.method,
        short: `${c.statistic.name} = ${fmt(c.statistic.value)}${c.statistic.interval ? ` ${fmtInterval(c.statistic.interval)}` : ''}, required ${c.statistic.threshold}`,
      },
      measurements: measurementTable(c.measurements, opts.maxRows ?? 25),
      figures,
      fits: (c.fits ?? []).map((f) => ({
        name: f.name,
        slope: fmt(f.slope),
        interval: fmtInterval(f.interval),
        predicted: fmt(f.predicted),
        tolerance: f.tolerance === null ? MISSING : `± ${fmt(f.tolerance)}`,
        within:
          f.slope === null || f.predicted === null || f.tolerance === null ? MISSING : Math.abs(f.slope - f.predicted) <= f.tolerance ? 'yes' : 'no',
      })),
      counterexample: c.counterexample
        ? {
            params: Object.entries(c.counterexample.params).map(([key, value]) => ({ key, value: typeof value === 'string' ? value : fmtCell(value) })),
            replay: c.counterexample.replay,
            shrinkSteps: c.counterexample.shrinkSteps,
          }
        : null,
      search: c.search ? { drawn: c.search.drawn, accepted: c.search.accepted, rate: fmt(c.search.acceptanceRate) } : null,
      assumptions: (c.assumptions ?? []).map((a) => ({
        name: a.name,
        expression: a.expression,
        holds: a.holds,
        holdsText: a.holds ? 'holds' : 'VIOLATED',
        margin: fmt(a.margin),
        at: a.at,
      })),
      assumptionGroups: groupAssumptions(c.assumptions ?? []),
      assumptionDetails: (c.assumptions ?? []).length > groupAssumptions(c.assumptions ?? []).length,
      seeds: fmtSeeds(c.seeds),
      runs: c.runs,
      cacheHits: c.cacheHits,
      wall: fmtSeconds(c.wallSeconds),
      wallSeconds: c.wallSeconds,
    };
  });
  const counts = (Object.keys(VERDICT_LABELS) as Verdict[])
    .map((v) => ({ verdict: v, label: VERDICT_LABELS[v], count: results.claims.filter((c) => c.verdict === v).length, cls: `verdict-${v}` }))
    .filter((c) => c.count > 0);
  const failing = claims.filter((c) => c.failing).length;
  return {
    title: `${results.spec.title}: claim check`,
    profile: results.profile,
    startedAt: results.startedAt,
    generatedBy: `${results.tool.name} ${results.tool.version}`,
    spec: results.spec,
    counts,
    overall: {
      ok: failing === 0,
      text:
        failing === 0
          ? `No claim failed: ${counts.map((c) => `${c.count} ${c.verdict}`).join(', ')} of ${claims.length}.`
          : `${failing} of ${claims.length} claims failed: ${counts.map((c) => `${c.count} ${c.verdict}`).join(', ')}.`,
    },
    claims,
    provenance: provenanceView(results),
    changes: changes && changesView(changes),
    ratios: ratioViews(results),
    samples: opts.samples ?? null,
  };
}

type Assumption = NonNullable<ClaimResult['assumptions']>[number];

function groupAssumptions(list: Assumption[]): ClaimView['assumptionGroups'] {
  const groups = new Map<string, Assumption[]>();
  for (const a of list) {
    const key = `${a.name}\u0000${a.expression}`;
    groups.set(key, [...(groups.get(key) ?? []), a]);
  }
  return [...groups.values()].map((points) => {
    const violated = points.filter((p) => !p.holds);
    // The point that says most: the first violation, else the smallest margin.
    const margins = points.filter((p) => p.margin !== null);
    const tightest = violated[0] ?? (margins.length ? margins.reduce((a, b) => (b.margin! < a.margin! ? b : a)) : points[0]);
    const n = points.length;
    return {
      name: tightest.name,
      expression: tightest.expression,
      holds: violated.length === 0,
      holdsText: violated.length === 0 ? (n === 1 ? 'holds' : `holds at all ${n} points`) : n === 1 ? 'VIOLATED' : `VIOLATED at ${violated.length} of ${n} points`,
      margin: fmt(tightest.margin),
      at: tightest.at,
      points: n,
    };
  });
}

export function anchorOf(claimId: string): string {
  return `claim-${claimId.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

function measurementTable(rows: ClaimResult['measurements'], maxRows: number): ClaimView['measurements'] {
  const columns: string[] = [];
  for (const row of rows) for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  const shown = rows.slice(0, maxRows).map((row) => columns.map((c) => fmtCell(row[c])));
  return { columns, rows: shown, total: rows.length, omitted: rows.length - shown.length };
}

function provenanceView(r: Results): ProvenanceView {
  const dirty = r.git.dirty === null ? 'unknown' : r.git.dirty ? 'yes (uncommitted changes)' : 'no';
  const rows: ProvenanceView['rows'] = [
    { key: 'Spec', value: `${r.spec.id}: ${r.spec.title}`, code: false },
    { key: 'Source', value: r.spec.source, code: false },
    { key: 'Spec file', value: r.spec.file, code: true },
    { key: 'Spec hash', value: r.spec.hash, code: true },
    { key: 'Git commit', value: r.git.commit ?? 'unknown (not a git checkout)', code: r.git.commit !== null },
    { key: 'Working tree dirty', value: dirty, code: false },
    { key: 'Tool', value: `${r.tool.name} ${r.tool.version}`, code: false },
    { key: 'Engine', value: `${r.engine.name} ${r.engine.version}`, code: false },
    { key: 'Backend', value: r.engine.backend, code: false },
    { key: 'Node.js', value: r.node, code: false },
    { key: 'Profile', value: r.profile, code: false },
    { key: 'Started', value: r.startedAt, code: false },
    { key: 'Wall time (total)', value: fmtSeconds(r.wallSeconds), code: false },
  ];
  if (r.shard) rows.push({ key: 'Shard', value: `${r.shard.index + 1} of ${r.shard.count}`, code: false });
  return {
    rows,
    perClaim: r.claims.map((c) => ({ id: c.id, seeds: fmtSeeds(c.seeds), runs: c.runs, cacheHits: c.cacheHits, wall: fmtSeconds(c.wallSeconds) })),
  };
}

function changesView(ch: BaselineChanges): ChangesView {
  return {
    quiet: ch.quiet,
    hasFlipToFail: ch.hasFlipToFail,
    against: `baseline from ${ch.baseline.startedAt} (profile ${ch.baseline.profile}, commit ${ch.baseline.gitCommit ? ch.baseline.gitCommit.slice(0, 12) : 'unknown'})`,
    flips: ch.flips.map((f) => ({ id: f.id, anchor: anchorOf(f.id), title: f.title, from: VERDICT_LABELS[f.from], to: VERDICT_LABELS[f.to], toFail: f.toFail })),
    drifts: ch.drifts.map((d) => ({
      id: d.id,
      anchor: anchorOf(d.id),
      what: d.what === 'fit' ? 'fitted slope' : 'statistic',
      name: d.name,
      before: fmt(d.before),
      after: fmt(d.after),
      delta: d.delta === null ? MISSING : `${d.delta > 0 ? '+' : ''}${fmt(d.delta)}`,
      rule: d.rule,
    })),
    added: ch.added.map((c) => ({ id: c.id, title: c.title, verdict: VERDICT_LABELS[c.verdict] })),
    removed: ch.removed.map((c) => ({ id: c.id, title: c.title, verdict: VERDICT_LABELS[c.verdict] })),
    warnings: ch.warnings,
  };
}
