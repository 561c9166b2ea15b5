import type { ClaimResult, Figure, Results, Verdict } from '../../proofs-check/results.js';
import type { BaselineChanges } from './baseline.js';
import { briefReason, clipWords, tidyNumbers } from './brief.js';
import { fmt, fmtCell, fmtInterval, fmtPercent, fmtSeconds, fmtSeeds, MISSING } from './format-values.js';
import { supportOf } from './support.js';
import { labelTex, type SymbolTable } from './symbols.js';

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
  /** Full per-point detail (every figure, fits, assumptions, measurements) in the appendix and Markdown; HTML always has it, folded. */
  detail: boolean;
  /** The spec's parameters and constants at the values used (results.hyperparameters; empty for older results files). */
  hyperparameters: Array<{ name: string; tex: string | null; value: string; description: string }>;
  /** The hyperparameters three to a row, for the summary form's compact table. */
  hyperparameterRows: Array<ReportModel['hyperparameters']>;
  /** The command that reproduces results.json, or null when the results file predates it. */
  reproduce: string | null;
  /** Every claim's statistic against its threshold in one figure. */
  forest: SummaryFigureView | null;
  /** True when some claim has a calibration (the error-rate column says "not calibrated" for the others). */
  anyCalibrated: boolean;
  /** Summary form: every claim's primary figure, two to a row; each row is also on the claim that completes it (ClaimView.galleryRow). */
  figureRows: Array<Array<FigureView & { claimLabel: string }>>;
}

export interface SummaryFigureView {
  svg: string;
  svgFile: string;
  pdfName: string | null;
  notes: string[];
  label: string;
}

export interface RatioView {
  title: string;
  along: string;
  quantity: string;
  /** The quantity and the x parameter in the reader's symbols (statisticTex form), or null without a symbol. */
  quantityTex: string | null;
  alongTex: string | null;
  numerator: { id: string; anchor: string; label: string };
  denominator: { id: string; anchor: string; label: string };
  rows: Array<{ x: string; numerator: string; denominator: string; ratio: string }>;
}

function ratioViews(results: Results, symbols: SymbolTable | undefined): RatioView[] {
  return (results.ratios ?? []).map((r) => ({
    title: `${r.quantity} of ${r.numerator} over ${r.denominator}, against ${r.along}`,
    along: r.along,
    quantity: r.quantity,
    quantityTex: symbols ? statisticTex(r.quantity, symbols) : null,
    alongTex: symbols ? statisticTex(r.along, symbols) : null,
    numerator: { id: r.numerator, anchor: anchorOf(r.numerator), label: `thm-harness:${r.numerator}` },
    denominator: { id: r.denominator, anchor: anchorOf(r.denominator), label: `thm-harness:${r.denominator}` },
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
  /** LaTeX label, `thm-harness:fig:<claim-id>:<figure-id>`. */
  label: string;
}

export interface ClaimView {
  id: string;
  anchor: string;
  number: number;
  kind: string;
  title: string;
  statement: string;
  statementTex: string | null;
  /** LaTeX label, `thm-harness:<claim-id>`. */
  label: string;
  mark: string;
  ref: string;
  /** The source reference in at most a line, for the summary paragraph. */
  refBrief: string;
  expected: string;
  expectedFail: boolean;
  verdict: Verdict;
  verdictLabel: string;
  /** One word for a narrow table column (pass, FAIL, inconclusive, xfail, XPASS, ERROR). */
  verdictShort: string;
  /** A few words under the verdict in the claims table: the seeds the verdict used, when seeds were adaptive. */
  tableNote: string | null;
  verdictCls: string;
  failing: boolean;
  reason: string;
  /** The reason in a few lines for the appendix's summary paragraph (see brief.ts); the full one is `reason`. */
  reasonBrief: string;
  /** True when reasonBrief leaves something out (the paragraph then points to the full reason). */
  reasonShortened: boolean;
  statistic: null | {
    name: string;
    /** The name with parameters and metrics as TeX (`L_{\mathrm{test}}` at `n_L=4`), for maths-capable formats. */
    nameTex: string | null;
    value: string;
    interval: string;
    hasValue: boolean;
    hasInterval: boolean;
    /** Set when the interval was clipped to the quantity's support for display: the interval as computed. */
    rawInterval: string | null;
    level: string;
    threshold: string;
    method: string;
    /** The method in at most a line and a half, for the summary paragraph. */
    methodBrief: string;
    short: string;
  };
  /** What a verdict of this rule is worth (calibration on planted truths), in words; "not calibrated" without one. */
  errorRates: string;
  /** The three rates alone, for the summary table (the planted effect and replicates are in the claim's paragraph). */
  errorRatesShort: string;
  /** The three rates as "FP / FF / power" numbers, for a narrow column. */
  errorRatesTable: string;
  /** What the table's rates were measured on (planted effect, replicates), for the summary paragraph. */
  calibrationBrief: string;
  calibrated: boolean;
  calibrationCommand: string | null;
  /** Spec-level multiplicity adjustment, in words, or null. */
  adjusted: string | null;
  /** Adaptive seeds, in words, or null. */
  adaptive: string | null;
  /** The same, shorter, for the summary paragraph. */
  adaptiveBrief: string | null;
  /** The figure the summary shows (the first), and the rest (detail only). */
  primaryFigure: FigureView | null;
  moreFigures: FigureView[];
  /** Its primary figure is in the summary form's figure rows (a negative control that failed as expected is not). */
  inGallery: boolean;
  /** A negative control that failed as it should: the summary form gives it no figure and a paragraph without the statistic's method and calibration (in the table and the HTML report). */
  controlAsExpected: boolean;
  /** The summary form's figure row that this claim completes (set after its paragraph), or null. */
  galleryRow: Array<FigureView & { claimLabel: string }> | null;

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
  commit: string;
  dirty: boolean;
  engine: string;
  node: string;
  wall: string;
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
  detail?: boolean;
  symbols?: SymbolTable;
  forest?: SummaryFigureView | null;
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
      return { id: f.id, title: f.title, svgFile: opts.figureFile(c, f), pdfFile: rendered.pdfFile, pdfName: rendered.pdfFile ? rendered.pdfFile.split('/').pop()! : null, svg: rendered.svg, notes: rendered.notes, number: ++figureNumber, label: `thm-harness:fig:${c.id}:${f.id}` };
    });
    const support = c.statistic ? supportOf(c.statistic.name) : null;
    const shownInterval = c.statistic?.interval && support ? clipTo(c.statistic.interval, support) : (c.statistic?.interval ?? null);
    const clipped = shownInterval !== null && c.statistic?.interval != null && (shownInterval[0] !== c.statistic.interval[0] || shownInterval[1] !== c.statistic.interval[1]);
    return {
      id: c.id,
      anchor: anchorOf(c.id),
      number: i + 1,
      kind: c.kind,
      title: c.title,
      statement: c.statement,
      statementTex: c.statementTex ?? null,
      label: `thm-harness:${c.id}`,
      mark: c.provenance.mark,
      ref: c.provenance.ref,
      refBrief: clipWords(c.provenance.ref, 80),
      expected: c.expected === 'hold' ? 'hold' : 'fail (a negative control or a known gap)',
      expectedFail: c.expected !== 'hold',
      verdict: c.verdict,
      verdictLabel: VERDICT_LABELS[c.verdict],
      verdictShort: VERDICT_LABELS[c.verdict].split(' ')[0],
      tableNote: c.adaptive ? `${c.adaptive.seedsUsed} of ${c.adaptive.cap} seeds` : null,
      verdictCls: `verdict-${c.verdict}`,
      failing: FAILING.includes(c.verdict),
      reason: tidyNumbers(c.reason),
      ...reasonViews(c),
      statistic: c.statistic && {
        name: c.statistic.name,
        nameTex: opts.symbols ? statisticTex(c.statistic.name, opts.symbols) : null,
        value: fmt(c.statistic.value),
        interval: fmtInterval(shownInterval),
        hasValue: c.statistic.value !== null,
        hasInterval: shownInterval !== null,
        rawInterval: clipped ? fmtInterval(c.statistic.interval) : null,
        level: fmtPercent(c.statistic.level),
        threshold: c.statistic.threshold,
        method: c.statistic.method,
        methodBrief: clipWords(c.statistic.method, 120),
        short: `${c.statistic.name} = ${fmt(c.statistic.value)}${shownInterval ? ` ${fmtInterval(shownInterval)}${clipped ? ' (clipped to the range)' : ''}` : ''}, required ${c.statistic.threshold}`,
      },
      ...calibrationView(c),
      adjusted: c.adjusted ? adjustedText(c.adjusted) : null,
      adaptive: c.adaptive ? adaptiveText(c.adaptive, c.anytimeValid) : null,
      adaptiveBrief: c.adaptive ? `${c.adaptive.seedsUsed} of at most ${c.adaptive.cap} in ${c.adaptive.rounds} round${c.adaptive.rounds === 1 ? '' : 's'}${c.adaptive.seedsToDecide === null ? '' : `, about ${fmt(Math.ceil(c.adaptive.seedsToDecide))} would decide`}` : null,
      primaryFigure: primaryOf(c.figures, figures),
      moreFigures: figures.filter((f) => f !== primaryOf(c.figures, figures)),
      inGallery: figures.length > 0 && c.verdict !== 'xfail',
      galleryRow: null,
      controlAsExpected: c.verdict === 'xfail',
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
  const primaries = claims.filter((c) => c.inGallery).map((c) => ({ ...c.primaryFigure!, claimLabel: c.label }));
  const figureRows = primaries.flatMap((_, i) => (i % 2 === 0 ? [primaries.slice(i, i + 2)] : []));
  for (const row of figureRows) claims.find((c) => c.label === row[row.length - 1].claimLabel)!.galleryRow = row;
  const counts = (Object.keys(VERDICT_LABELS) as Verdict[])
    .map((v) => ({ verdict: v, label: VERDICT_LABELS[v], count: results.claims.filter((c) => c.verdict === v).length, cls: `verdict-${v}` }))
    .filter((c) => c.count > 0);
  const failing = claims.filter((c) => c.failing).length;
  const model: ReportModel = {
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
    ratios: ratioViews(results, opts.symbols),
    samples: opts.samples ?? null,
    detail: opts.detail ?? false,
    hyperparameters: (results.hyperparameters ?? []).map((h) => ({
      name: h.name,
      tex: h.tex ?? null,
      value: typeof h.value === 'number' ? fmt(h.value) : h.value,
      description: h.description ?? '',
    })),
    hyperparameterRows: [],
    reproduce: results.reproduce ?? null,
    forest: opts.forest ?? null,
    anyCalibrated: results.claims.some((c) => c.calibration !== undefined),
    figureRows,
  };
  model.hyperparameterRows = model.hyperparameters.flatMap((_, i, all) => (i % 3 === 0 ? [all.slice(i, i + 3)] : []));
  return model;
}

// Sentences of a reason that the paragraph's "Seeds:" part (from the structured adaptive record) says again.
const ADAPTIVE_SENTENCES = [/^Undecided at the cap of /, /about \d+ seeds( per value)? would (decide|pass) it\.$/];

function reasonViews(c: ClaimResult): Pick<ClaimView, 'reasonBrief' | 'reasonShortened'> {
  const verdictWord = c.verdict === 'xfail' || c.verdict === 'xpass' ? null : c.verdict;
  const { text, shortened } = briefReason(c.reason, { omit: c.adaptive ? ADAPTIVE_SENTENCES : [], ...(verdictWord ? { conclusion: new RegExp(`\\b${verdictWord}\\b`, 'i') } : {}) });
  return { reasonBrief: text, reasonShortened: shortened };
}

/** The figure a claim is shown by: the first that draws a curve or grid (two x values or more), else the first. */
function primaryOf(raw: readonly Figure[], views: FigureView[]): FigureView | null {
  const spread = (f: Figure) => f.kind === 'phase' || new Set(f.series.flatMap((s) => s.points.filter((p) => p.y !== null).map((p) => p.x))).size >= 2;
  const i = raw.findIndex((f, k) => k < views.length && spread(f));
  return views[i >= 0 ? i : 0] ?? null;
}

function clipTo(iv: readonly [number, number], [lo, hi]: readonly [number, number]): [number, number] {
  return [Math.min(hi, Math.max(lo, iv[0])), Math.min(hi, Math.max(lo, iv[1]))];
}

const rate = (v: number | null) => (v === null ? 'not measured' : fmt(v));

function calibrationView(c: ClaimResult): Pick<ClaimView, 'errorRates' | 'errorRatesShort' | 'errorRatesTable' | 'calibrationBrief' | 'calibrated' | 'calibrationCommand'> {
  const cal = c.calibration;
  if (!cal) return { errorRates: 'not calibrated', errorRatesShort: 'not calibrated', errorRatesTable: 'not calibrated', calibrationBrief: 'not calibrated', calibrated: false, calibrationCommand: null };
  const power = cal.power === null ? '' : `, power ${fmt(cal.power)}${cal.effect ? ` at ${cal.effect}` : ''}`;
  return {
    errorRates: `false pass ${rate(cal.falsePass)}, false fail ${rate(cal.falseFail)}${power} (${cal.replicates} replicates, profile ${cal.profile})`,
    errorRatesShort: `FP ${rate(cal.falsePass)}, FF ${rate(cal.falseFail)}, power ${rate(cal.power)}`,
    calibrationBrief: `on ${cal.replicates} planted truths${cal.effect ? `, power at ${clipWords(cal.effect, 100)}` : ''}`,
    errorRatesTable: [cal.falsePass, cal.falseFail, cal.power].map((v) => (v === null ? MISSING : fmt(v))).join(' / '),
    calibrated: true,
    calibrationCommand: cal.command,
  };
}

function adjustedText(a: NonNullable<ClaimResult['adjusted']>): string {
  if (a.pValue === null) return `no p-value from this rule (${a.method} over ${a.family} claims)`;
  return `p = ${fmt(a.pValue)}, ${a.method}-adjusted over ${a.family} claims: ${fmt(a.adjustedPValue)}`;
}

function adaptiveText(a: NonNullable<ClaimResult['adaptive']>, anytimeValid: boolean | undefined): string {
  const toDecide = a.seedsToDecide === null ? '' : `; about ${fmt(Math.ceil(a.seedsToDecide))} seeds would decide it`;
  const validity = anytimeValid === undefined ? '' : anytimeValid ? ', anytime-valid' : ', fixed-n rule (level spent over the rounds)';
  return `${a.seedsUsed} of at most ${a.cap} seeds in ${a.rounds} round${a.rounds === 1 ? '' : 's'}${validity}${toDecide}`;
}

/** `testLoss at nLabeled=4, snr=0.1` with each known name as TeX: the statistic's subject and point in the reader's symbols. */
export function statisticTex(name: string, symbols: SymbolTable): string | null {
  let any = false;
  const tex = name.replace(/[A-Za-z_][A-Za-z0-9_]*\*?/g, (word) => {
    const t = labelTex(word, symbols);
    if (!t) return word;
    any = true;
    return `\u0000${t}\u0001`;
  });
  return any ? tex : null;
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
    commit: r.git.commit ?? 'unknown',
    dirty: r.git.dirty === true,
    engine: `${r.engine.name} ${r.engine.version} (${r.engine.backend})`,
    node: r.node,
    wall: fmtSeconds(r.wallSeconds),
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
