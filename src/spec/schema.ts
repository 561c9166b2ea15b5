import { z } from 'zod';
import { metrics } from '../components/metric.js';
import { regimes } from '../components/regime.js';
import { paramKeys, runParamsSchema } from '../engine/params.js';
import { CurvePoint } from '../engine/result.js';
import { LIMITS, PROTOTYPE_KEYS } from './limits.js';
import { ALLOWED_CONSTANTS, ALLOWED_FUNCTIONS, KEYWORDS } from './names.js';
import { show } from '../util/errors.js';

/**
 * The spec format: a paper's parameters, assumptions and claims as plain data.
 * One zod schema is the single source of truth: TS spec modules (via defineSpec), JSON and YAML
 * files all go through it, and every type below is inferred from it.
 *
 * This file checks shape and cross-references (names exist, ids are unique, defaults lie in their
 * range). Expressions are plain strings here; src/spec/load.ts parses them once with a restricted
 * mathjs and checks their symbols against the scopes documented on each field.
 */

export const MARKS = ['paper', 'lineage', 'choice'] as const;
/** Metrics recorded at every curve point of a run (CurvePoint), so readable at its best iterate. */
export const CURVE_METRICS: readonly string[] = Object.keys(CurvePoint.shape).filter((k) => k !== 'step');

/**
 * Where a bound or comparison reads its metric on each run. `final`: at the end of training.
 * `best`: at the recorded iterate (a curve point, the final step included) where the metric itself
 * is best (lowest loss or error, highest alignment) - the reading of an existence statement such
 * as Theorem 4.2 of Zhang & Cao ("some iterate t <= T has test loss <= ..."). It is optimistic by
 * construction: it selects on the measured test metric, so the noise of nTest test points biases it
 * downwards (for losses), and it drops the theorem's accompanying training-loss condition.
 */
export const READ_AT = ['final', 'best'] as const;
const ReadAt = z.enum(READ_AT).default('final');

/** Adjustments of claim p-values across a spec (`multiplicity`). */
export const MULTIPLICITY_METHODS = ['holm', 'bh'] as const;

export const CLAIM_KINDS = ['bound', 'comparison', 'scaling', 'phase-transition', 'monotone', 'invariant'] as const;

/** Trajectory variables an invariant predicate may use (DecompositionPoint fields), plus `prev_<name>`. */
export const TRAJECTORY_VARIABLES = [
  'step',
  'gammaMax',
  'gammaMean',
  'gammaMin',
  'rhoBarMax',
  'rhoBarMean',
  'rhoUnderMin',
  'rhoUnderMean',
  'rhoBarMin',
  'rhoUnderMax',
  'identityResidual',
] as const;
export const TRAJECTORY_SCOPE: readonly string[] = [...TRAJECTORY_VARIABLES, ...TRAJECTORY_VARIABLES.map((v) => `prev_${v}`)];

/** Run parameters a spec parameter may set: the core ones and every registered component's (src/engine/params.ts). */
export function simKeys(): readonly string[] {
  return paramKeys();
}

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const Id = z.string().regex(KEBAB, 'must be kebab-case: lower-case letters, digits and single hyphens, e.g. "thm-4-2"');
export const Name = z.string().regex(IDENT, 'must be an identifier: letters, digits and _, not starting with a digit');
const finite = z.number().finite();
/** A mathjs expression string, or a plain number (read as its decimal text); parsed and symbol-checked by the loader. */
export const Expr = z.union([z.string().trim().min(1, 'expression is empty'), finite.transform((v) => String(v))]);
const Interval = z
  .tuple([finite, finite])
  .refine(([lo, hi]) => lo <= hi, { message: 'interval must have lo <= hi' });
const NumberList = z.array(finite).min(1, 'needs at least one value').max(LIMITS.sweepValues, `at most ${LIMITS.sweepValues} values`);

export const Mark = z.enum(MARKS);
export const Provenance = z
  .object({
    mark: Mark,
    /** Theorem, section or condition, e.g. "Theorem 4.2 (via reviews)". */
    ref: z.string().min(1),
  })
  .strict();
export type Provenance = z.infer<typeof Provenance>;

/**
 * A registered metric's name (src/components/metric.ts: the shipped ones and a plug-in's); its
 * preference, range and TeX come from the registry. The JSON Schema lists those registered when it is generated.
 */
export const Metric = z.string().superRefine((name, ctx) => {
  if (!metrics.has(name)) ctx.addIssue({ code: 'custom', message: `unknown metric ${JSON.stringify(name)} (known: ${metrics.names().join(', ')}; a plug-in adds more)` });
});
export type Metric = z.infer<typeof Metric>;
/** A registered regime's name (the JSON Schema lists those registered when it is generated). */
export const Regime = z.string().superRefine((name, ctx) => {
  if (!regimes.has(name)) ctx.addIssue({ code: 'custom', message: `unknown regime ${show(name)} (known: ${regimes.names().join(', ')}; a plug-in adds more)` });
});
export type Regime = z.infer<typeof Regime>;
export const Direction = z.enum(['at-most', 'at-least']);
export type Direction = z.infer<typeof Direction>;

/**
 * `sim`: the SimParams field this parameter sets. Omitted: the parameter's own name when that is a
 * SimParams field, else none. `null`: spec-only (e.g. a quantity used only in expressions).
 */
export const SimKey = z.string().superRefine((key, ctx) => {
  if (!simKeys().includes(key)) ctx.addIssue({ code: 'custom', message: `not a run parameter: ${JSON.stringify(key)} (run parameters: ${simKeys().join(', ')})` });
});
const SimTarget = SimKey.nullable().optional();

/** LaTeX for the name in rendered expressions, e.g. 'n_L' or '\\mathrm{SNR}' (default derived from the name). */
const Tex = z.string().min(1).optional();

const paramCommon = {
  name: Name,
  tex: Tex,
  unit: z.string().optional(),
  description: z.string().min(1),
  sim: SimTarget,
};

const NumericParameter = z
  .object({
    ...paramCommon,
    type: z.enum(['int', 'real']),
    default: finite,
    /** Allowed values, inclusive. */
    range: Interval.optional(),
  })
  .strict();

const EnumParameter = z
  .object({
    ...paramCommon,
    type: z.literal('enum'),
    default: z.string(),
    values: z.array(z.string()).min(1, 'an enum needs at least one value').max(LIMITS.sweepValues, `at most ${LIMITS.sweepValues} values`),
  })
  .strict();

function simOf(p: { name: string; sim?: string | null }): string | null {
  return p.sim === undefined ? (simKeys().includes(p.name) ? p.name : null) : p.sim;
}

function resolveSim<T extends { name: string; sim?: string | null }>(p: T): T & { sim: string | null } {
  return { ...p, sim: simOf(p) };
}

export const Parameter = z.discriminatedUnion('type', [NumericParameter, EnumParameter]).transform((p) => resolveSim(p));
export type Parameter = z.output<typeof Parameter>;
export type NumericParameter = Extract<Parameter, { type: 'int' | 'real' }>;
export type EnumParameter = Extract<Parameter, { type: 'enum' }>;

/** An unspecified constant of a theorem (a C, an eps): named, with a range, never silently fixed. */
export const Constant = z
  .object({
    name: Name,
    tex: Tex,
    default: finite,
    /** Values the constant may take (a fitted constant is searched here); omitted = any. */
    range: Interval.optional(),
    description: z.string().min(1),
    provenance: Provenance,
  })
  .strict();
export type Constant = z.infer<typeof Constant>;

/** Scope: parameters, constants and earlier derived names. */
export const Derived = z
  .object({
    name: Name,
    tex: Tex,
    expr: Expr,
    description: z.string().min(1),
  })
  .strict();
export type Derived = z.infer<typeof Derived>;

/** A boolean expression over parameters, constants and derived names. */
export const Assumption = z
  .object({
    id: Id,
    expr: Expr,
    description: z.string().min(1),
    provenance: Provenance,
  })
  .strict();
export type Assumption = z.infer<typeof Assumption>;

const Value = z.union([finite, z.string()]);
/** Parameter values fixed for a claim (or one side of a comparison). */
const SetValues = z.record(z.string(), Value);

const BudgetLevel = z
  .object({
    seeds: z.number().int().positive().max(LIMITS.seeds),
    /** Cap on the seeds an adaptive check may add when the claim is undecided (default: the profile's). */
    maxSeeds: z.number().int().positive().max(LIMITS.seeds),
    /** Number of sample points (region draws, sweep points, grid cells), where the checker samples. */
    points: z.number().int().positive().max(LIMITS.points),
    /** GD steps of the supervised run (SimParams.steps). */
    steps: z.number().int().nonnegative(),
    finetuneSteps: z.number().int().nonnegative(),
    nTest: z.number().int().positive(),
    /** Scaling claims: the swept values under this profile (instead of along.values), e.g. lower SNRs for `paper`. */
    along: NumberList,
    /** Scaling claims with a threshold quantity: its search range under this profile (instead of quantity.range). */
    range: Interval,
  })
  .partial()
  .strict();
export const Budget = z
  .object({ quick: BudgetLevel, standard: BudgetLevel, paper: BudgetLevel })
  .partial()
  .strict();
export type Budget = z.infer<typeof Budget>;

const RegionAxis = z.union([
  z.object({ range: Interval, scale: z.enum(['log', 'linear']).default('linear') }).strict(),
  z.object({ values: z.array(Value).min(1).max(LIMITS.sweepValues, `at most ${LIMITS.sweepValues} values`) }).strict(),
]);
/** Where points are drawn for a claim: per parameter, a range (with scale) or a list of values. */
export const Region = z.record(z.string(), RegionAxis);
export type Region = z.infer<typeof Region>;

const claimCommon = {
  id: Id,
  title: z.string().min(1),
  /** The claim in prose, as a report prints it. */
  statement: z.string().min(1),
  /** The claim as display-mode LaTeX (no $ delimiters); omitted = generated from its expressions and the names' `tex`. */
  statementTex: z.string().min(1).optional(),
  provenance: Provenance,
  /** `fail`: a negative control, expected not to hold. */
  expect: z.enum(['hold', 'fail']).default('hold'),
  /** Ids of the assumptions that define where the claim applies; omitted = all of them. */
  assumptions: z.array(Id).optional(),
  set: SetValues.optional(),
  budget: Budget.optional(),
};

/** `metric` of `regime` is at most / at least `bound` wherever `hypothesis` and the assumptions hold. */
export const BoundClaim = z
  .object({
    ...claimCommon,
    kind: z.literal('bound'),
    regime: Regime,
    metric: Metric,
    direction: Direction,
    bound: Expr,
    hypothesis: Expr.optional(),
    region: Region,
    readAt: ReadAt,
  })
  .strict();

const Side = z.object({ regime: Regime, set: SetValues.optional() }).strict();

/**
 * On the same data and seeds, `better` beats `worse` by `margin` in the metric's preferred direction
 * (the metric's registered preference): metric(better) + margin <= metric(worse) for losses and errors,
 * metric(better) >= metric(worse) + margin for alignments.
 */
export const ComparisonClaim = z
  .object({
    ...claimCommon,
    kind: z.literal('comparison'),
    metric: Metric,
    better: Side,
    worse: Side,
    margin: finite.default(0),
    hypothesis: Expr.optional(),
    region: Region.optional(),
    readAt: ReadAt,
  })
  .strict();

const ThresholdQuantity = z
  .object({
    kind: z.literal('threshold'),
    /** The parameter searched (e.g. nLabeled): the smallest value at which metric meets target. */
    param: Name,
    regime: Regime,
    metric: Metric,
    direction: Direction,
    target: Expr,
    /** Search interval for param. */
    range: Interval,
  })
  .strict();
const MetricQuantity = z.object({ kind: z.literal('metric'), regime: Regime, metric: Metric }).strict();

/**
 * Either log(quantity) against log(along.param) has slope `slope` within `tolerance`, or the
 * quantity stays bounded: its median over seeds is at most `bound` at every value of along.param.
 */
export const ScalingClaim = z
  .object({
    ...claimCommon,
    kind: z.literal('scaling'),
    quantity: z.discriminatedUnion('kind', [ThresholdQuantity, MetricQuantity]),
    along: z.object({ param: Name, values: NumberList }).strict(),
    /** Parameters computed at each point from the swept one, e.g. nUnlabeled: 'ceil(C_pre * max(snr^-2, 1))'. */
    couple: z.record(z.string(), Expr).optional(),
    /** The predicted log-log slope (with `tolerance`); omit it to state a `bound` instead. */
    slope: Expr.optional(),
    tolerance: finite.positive().optional(),
    /** The quantity is bounded: median over seeds <= bound at every swept value (e.g. 'C_lab'). */
    bound: Expr.optional(),
  })
  .strict();

const Axis = z.object({ param: Name, values: NumberList }).strict();

/** Success (metric meets threshold) where boundary > 0, failure where boundary < 0, in >= minAgreement of the grid. */
export const PhaseTransitionClaim = z
  .object({
    ...claimCommon,
    kind: z.literal('phase-transition'),
    regime: Regime,
    metric: Metric,
    success: z.object({ direction: Direction, threshold: Expr }).strict(),
    x: Axis,
    y: Axis,
    boundary: Expr,
    minAgreement: z.number().gt(0).max(1),
    /**
     * Allowed distance between the fitted and the predicted exponent of the boundary, read as
     * d log y / d log x along it (for n SNR^q = C with x = n, y = SNR: -1/q). Default: a quarter of
     * the predicted exponent's magnitude.
     */
    tolerance: finite.positive().optional(),
    /**
     * Constants of the boundary that the theorem leaves unspecified and the checker estimates from
     * the grid, within their declared range (the value that best separates the outcomes), instead of
     * taking their default: the claim is then about the boundary's shape.
     */
    fit: z.array(Name).max(2).optional(),
  })
  .strict();

export const MonotoneClaim = z
  .object({
    ...claimCommon,
    kind: z.literal('monotone'),
    regime: Regime,
    metric: Metric,
    param: Name,
    values: NumberList,
    direction: z.enum(['increasing', 'decreasing']),
    /**
     * How far a step between consecutive values may go against the direction and still count as
     * monotone (a plateau within noise): each step's one-sided bound must be >= -tolerance.
     */
    tolerance: finite.nonnegative().default(0),
  })
  .strict();

/** `predicate` holds at every recorded step of the exact engine's decomposition trajectory. */
export const InvariantClaim = z
  .object({
    ...claimCommon,
    kind: z.literal('invariant'),
    regime: Regime,
    /** Scope: trajectory variables, prev_<variable>, parameters, constants, derived names. */
    predicate: Expr,
    region: Region.optional(),
    engine: z.literal('exact').default('exact'),
  })
  .strict();

export const Claim = z.discriminatedUnion('kind', [
  BoundClaim,
  ComparisonClaim,
  ScalingClaim,
  PhaseTransitionClaim,
  MonotoneClaim,
  InvariantClaim,
]);
export type Claim = z.output<typeof Claim>;
export type ClaimKind = Claim['kind'];
export type BoundClaim = z.output<typeof BoundClaim>;
export type ComparisonClaim = z.output<typeof ComparisonClaim>;
export type ScalingClaim = z.output<typeof ScalingClaim>;
export type PhaseTransitionClaim = z.output<typeof PhaseTransitionClaim>;
export type MonotoneClaim = z.output<typeof MonotoneClaim>;
export type InvariantClaim = z.output<typeof InvariantClaim>;
export type ClaimOf<K extends ClaimKind> = Extract<Claim, { kind: K }>;

/**
 * A claim of a kind a plug-in registers: the common fields are checked here, the kind's own fields by
 * the plug-in checker's schema once the spec's plug-ins are loaded (src/spec/load.ts).
 */
export const PluginClaim = z.object({ ...claimCommon, kind: Id }).loose();
export type PluginClaim = z.output<typeof PluginClaim>;

const BUILTIN_KINDS: ReadonlySet<string> = new Set(CLAIM_KINDS);
export function isBuiltinKind(kind: unknown): kind is ClaimKind {
  return typeof kind === 'string' && BUILTIN_KINDS.has(kind);
}

/**
 * One entry of `claims`: a built-in kind through its own schema (so its errors stay specific), any
 * other kind through PluginClaim. Typed as Claim: code that switches over built-in kinds skips the rest.
 * The JSON Schema shows the union of both (src/spec/json-schema.ts).
 */
export const ClaimEntry = z.unknown().transform((value, ctx): Claim => {
  const kind = value !== null && typeof value === 'object' ? (value as { kind?: unknown }).kind : undefined;
  const parsed = (typeof kind === 'string' && !isBuiltinKind(kind) ? PluginClaim : Claim).safeParse(value);
  if (parsed.success) return parsed.data as Claim;
  for (const issue of parsed.error.issues) ctx.issues.push({ ...issue, input: undefined });
  return z.NEVER;
});

const SpecShape = z
  .object({
    id: Id,
    title: z.string().min(1),
    source: z
      .object({
        citation: z.string().min(1),
        arxiv: z.string().regex(/^\d{4}\.\d{4,5}(v\d+)?$/, 'must be an arXiv id such as 2409.18685').optional(),
        url: z.url().optional(),
      })
      .strict(),
    description: z.string().optional(),
    parameters: z.array(Parameter).min(1),
    constants: z.array(Constant).default([]),
    derived: z.array(Derived).default([]),
    assumptions: z.array(Assumption).default([]),
    /** Plug-in modules (paths relative to the spec file) that register claim kinds, output formats or engines. */
    plugins: z.array(z.string().min(1)).default([]),
    claims: z.array(ClaimEntry).min(1),
    /**
     * How passes are adjusted across the spec's claims (negative controls apart): `holm` controls
     * the chance of any false pass (family-wise), `bh` (Benjamini-Hochberg) the expected share of
     * false passes among the passes. See proofs-check/multiplicity.ts.
     */
    multiplicity: z.enum(MULTIPLICITY_METHODS).default('holm'),
  })
  .strict();

/** Names a spec may not define: they mean something else inside an expression. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([...ALLOWED_FUNCTIONS, ...ALLOWED_CONSTANTS, ...KEYWORDS]);

type SpecOut = z.output<typeof SpecShape>;
type Ctx = z.RefinementCtx<SpecOut>;
type Path = (string | number)[];

function issue(ctx: Ctx, path: Path, message: string): void {
  ctx.addIssue({ code: 'custom', path, message });
}

function checkValue(ctx: Ctx, params: Map<string, Parameter>, name: string, value: unknown, path: Path, what = 'value'): void {
  const p = params.get(name);
  if (!p) {
    issue(ctx, path, `unknown parameter '${name}' (known: ${[...params.keys()].join(', ')})`);
    return;
  }
  if (p.type === 'enum') {
    if (typeof value !== 'string' || !p.values.includes(value)) {
      issue(ctx, path, `${what} of '${name}' must be one of ${p.values.map((v) => JSON.stringify(v)).join(', ')} (got ${JSON.stringify(value)})`);
    }
    return;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    issue(ctx, path, `${what} of '${name}' must be a finite number (got ${JSON.stringify(value)})`);
    return;
  }
  if (p.type === 'int' && !Number.isInteger(value)) issue(ctx, path, `${what} of '${name}' must be an integer (got ${value})`);
  if (p.range && (value < p.range[0] || value > p.range[1])) {
    issue(ctx, path, `${what} of '${name}' must lie in [${p.range[0]}, ${p.range[1]}] (got ${value})`);
  }
}

function checkNumericParam(ctx: Ctx, params: Map<string, Parameter>, name: string, path: Path): Parameter | undefined {
  const p = params.get(name);
  if (!p) issue(ctx, path, `unknown parameter '${name}' (known: ${[...params.keys()].join(', ')})`);
  else if (p.type === 'enum') issue(ctx, path, `parameter '${name}' is an enum; a numeric parameter is needed here`);
  return p;
}

function checkSet(ctx: Ctx, params: Map<string, Parameter>, set: Record<string, unknown> | undefined, path: Path): void {
  for (const [k, v] of Object.entries(set ?? {})) checkValue(ctx, params, k, v, [...path, k]);
}

function checkRegion(ctx: Ctx, params: Map<string, Parameter>, region: Region | undefined, path: Path): void {
  let grid = 1;
  for (const [k, axis] of Object.entries(region ?? {})) {
    if (!params.has(k)) {
      issue(ctx, [...path, k], `unknown parameter '${k}' (known: ${[...params.keys()].join(', ')})`);
      continue;
    }
    if ('values' in axis) {
      grid *= axis.values.length;
      axis.values.forEach((v, i) => checkValue(ctx, params, k, v, [...path, k, 'values', i]));
      continue;
    }
    if (!checkNumericParam(ctx, params, k, [...path, k])) continue;
    checkValue(ctx, params, k, axis.range[0], [...path, k, 'range', 0], 'range start');
    checkValue(ctx, params, k, axis.range[1], [...path, k, 'range', 1], 'range end');
    if (axis.scale === 'log' && axis.range[0] <= 0) issue(ctx, [...path, k, 'range'], `a log-scale range must be positive (got ${axis.range[0]})`);
  }
  if (grid > LIMITS.gridPoints) issue(ctx, path, `the value lists make a grid of ${grid} points (limit ${LIMITS.gridPoints})`);
}

function checkAxis(ctx: Ctx, params: Map<string, Parameter>, axis: { param: string; values: number[] }, path: Path): void {
  if (!checkNumericParam(ctx, params, axis.param, [...path, 'param'])) return;
  axis.values.forEach((v, i) => checkValue(ctx, params, axis.param, v, [...path, 'values', i]));
}

function duplicates(ctx: Ctx, items: { key: string; path: Path }[], what: string): void {
  const seen = new Map<string, Path>();
  for (const { key, path } of items) {
    if (seen.has(key)) issue(ctx, path, `duplicate ${what} '${key}'`);
    else seen.set(key, path);
  }
}

function crossCheck(spec: SpecOut, ctx: Ctx): void {
  duplicates(
    ctx,
    [
      ...spec.parameters.map((p, i) => ({ key: p.name, path: ['parameters', i, 'name'] as Path })),
      ...spec.constants.map((c, i) => ({ key: c.name, path: ['constants', i, 'name'] as Path })),
      ...spec.derived.map((d, i) => ({ key: d.name, path: ['derived', i, 'name'] as Path })),
    ],
    'name',
  );
  duplicates(ctx, spec.assumptions.map((a, i) => ({ key: a.id, path: ['assumptions', i, 'id'] })), 'assumption id');
  duplicates(ctx, spec.claims.map((c, i) => ({ key: c.id, path: ['claims', i, 'id'] })), 'claim id');
  const named: [string, { name: string }[]][] = [['parameters', spec.parameters], ['constants', spec.constants], ['derived', spec.derived]];
  for (const [section, list] of named) {
    list.forEach((item, i) => {
      if (RESERVED_NAMES.has(item.name) || TRAJECTORY_SCOPE.includes(item.name) || PROTOTYPE_KEYS.has(item.name)) {
        issue(ctx, [section, i, 'name'], `'${item.name}' is reserved (a function, constant or keyword of expressions, a trajectory variable, or an object prototype name)`);
      }
    });
  }

  const params = new Map(spec.parameters.map((p) => [p.name, p] as const));
  const simTargets: { key: string; path: Path }[] = [];
  spec.parameters.forEach((p, i) => {
    const path: Path = ['parameters', i];
    if (p.type === 'enum') {
      duplicates(ctx, p.values.map((v, j) => ({ key: v, path: [...path, 'values', j] })), 'enum value');
    } else if (p.type === 'int' && p.range && (!Number.isInteger(p.range[0]) || !Number.isInteger(p.range[1]))) {
      issue(ctx, [...path, 'range'], `an int parameter needs an integer range (got [${p.range.join(', ')}])`);
    }
    checkValue(ctx, params, p.name, p.default, [...path, 'default'], 'default');
    // Zod runs this check even when a refinement inside failed, and then transforms have not run.
    const sim = simOf(p);
    if (sim === null || !simKeys().includes(sim)) return;
    simTargets.push({ key: sim, path: [...path, 'sim'] });
    // The value must also be one the engine accepts, so a spec cannot promise what a run rejects.
    const field = runParamsSchema().shape[sim];
    const probe = p.type === 'enum' ? p.values : [p.default, ...(p.range ?? [])];
    for (const v of probe) {
      const r = field.safeParse(v);
      if (!r.success) issue(ctx, [...path, p.type === 'enum' ? 'values' : 'default'], `SimParams.${sim} rejects ${JSON.stringify(v)}: ${r.error.issues[0]?.message}`);
    }
  });
  duplicates(ctx, simTargets, 'sim target');
  const targets = new Set(simTargets.map((s) => s.key));
  if (targets.has('muNorm') && targets.has('snr')) {
    issue(ctx, ['parameters'], 'set SimParams muNorm or snr, not both (make the other a derived quantity)');
  }

  spec.constants.forEach((c, i) => {
    if (c.range && (c.default < c.range[0] || c.default > c.range[1])) {
      issue(ctx, ['constants', i, 'default'], `default of '${c.name}' must lie in [${c.range[0]}, ${c.range[1]}] (got ${c.default})`);
    }
  });

  const assumptionIds = new Set(spec.assumptions.map((a) => a.id));
  spec.claims.forEach((c, i) => {
    const path: Path = ['claims', i];
    c.assumptions?.forEach((id, j) => {
      if (!assumptionIds.has(id)) issue(ctx, [...path, 'assumptions', j], `unknown assumption '${id}' (known: ${[...assumptionIds].join(', ') || 'none'})`);
    });
    checkSet(ctx, params, c.set, [...path, 'set']);
    if (c.kind !== 'scaling') {
      for (const [profile, level] of Object.entries(c.budget ?? {})) {
        for (const key of ['along', 'range'] as const) {
          if (level?.[key]) issue(ctx, [...path, 'budget', profile, key], `budget.${profile}.${key} applies to scaling claims only (this claim is '${c.kind}')`);
        }
      }
    }
    switch (c.kind) {
      case 'bound':
        checkRegion(ctx, params, c.region, [...path, 'region']);
        checkReadAt(ctx, c.metric, c.readAt, [...path, 'readAt']);
        break;
      case 'comparison':
        checkReadAt(ctx, c.metric, c.readAt, [...path, 'readAt']);
        checkSet(ctx, params, c.better.set, [...path, 'better', 'set']);
        checkSet(ctx, params, c.worse.set, [...path, 'worse', 'set']);
        checkRegion(ctx, params, c.region, [...path, 'region']);
        break;
      case 'scaling': {
        checkAxis(ctx, params, c.along, [...path, 'along']);
        if ((c.slope === undefined) === (c.bound === undefined)) {
          issue(ctx, path, 'a scaling claim states either a predicted `slope` (with `tolerance`) or a `bound` on the quantity, not both or neither');
        } else if (c.slope !== undefined && c.tolerance === undefined) {
          issue(ctx, [...path, 'tolerance'], 'a predicted `slope` needs a `tolerance`');
        } else if (c.bound !== undefined && c.tolerance !== undefined) {
          issue(ctx, [...path, 'tolerance'], 'a `bound` claim has no `tolerance` (it is decided against the bound itself)');
        }
        if (c.along.values.some((v) => v <= 0)) issue(ctx, [...path, 'along', 'values'], 'a log-log slope needs positive values');
        for (const [profile, level] of Object.entries(c.budget ?? {})) {
          const at = [...path, 'budget', profile];
          if (level?.along) {
            checkAxis(ctx, params, { param: c.along.param, values: level.along }, [...at, 'along']);
            if (level.along.some((v) => v <= 0)) issue(ctx, [...at, 'along'], 'a log-log slope needs positive values');
          }
          if (level?.range) {
            if (c.quantity.kind !== 'threshold') issue(ctx, [...at, 'range'], 'a search range applies to a threshold quantity only');
            else {
              checkValue(ctx, params, c.quantity.param, level.range[0], [...at, 'range', 0], 'range start');
              checkValue(ctx, params, c.quantity.param, level.range[1], [...at, 'range', 1], 'range end');
            }
          }
        }
        if (c.quantity.kind === 'threshold') {
          const q = c.quantity;
          if (checkNumericParam(ctx, params, q.param, [...path, 'quantity', 'param'])) {
            checkValue(ctx, params, q.param, q.range[0], [...path, 'quantity', 'range', 0], 'range start');
            checkValue(ctx, params, q.param, q.range[1], [...path, 'quantity', 'range', 1], 'range end');
          }
          if (q.param === c.along.param) issue(ctx, [...path, 'quantity', 'param'], `the searched parameter cannot be the swept one ('${q.param}')`);
        }
        for (const k of Object.keys(c.couple ?? {})) {
          checkNumericParam(ctx, params, k, [...path, 'couple', k]);
          if (k === c.along.param) issue(ctx, [...path, 'couple', k], `'${k}' is the swept parameter; it cannot also be coupled`);
          if (c.quantity.kind === 'threshold' && k === c.quantity.param) issue(ctx, [...path, 'couple', k], `'${k}' is the searched parameter; it cannot also be coupled`);
        }
        break;
      }
      case 'phase-transition':
        checkAxis(ctx, params, c.x, [...path, 'x']);
        checkAxis(ctx, params, c.y, [...path, 'y']);
        if (c.x.param === c.y.param) issue(ctx, [...path, 'y', 'param'], `x and y sweep the same parameter '${c.x.param}'`);
        if (c.x.values.length * c.y.values.length > LIMITS.gridPoints) {
          issue(ctx, [...path, 'y', 'values'], `x and y make a grid of ${c.x.values.length * c.y.values.length} points (limit ${LIMITS.gridPoints})`);
        }
        c.fit?.forEach((name, j) => {
          const constant = spec.constants.find((k) => k.name === name);
          if (!constant) issue(ctx, [...path, 'fit', j], `'${name}' is not a constant of this spec (only constants can be fitted)`);
          else if (!constant.range) issue(ctx, [...path, 'fit', j], `constant '${name}' needs a range to be fitted over`);
        });
        break;
      case 'monotone':
        if (checkNumericParam(ctx, params, c.param, [...path, 'param'])) {
          c.values.forEach((v, j) => checkValue(ctx, params, c.param, v, [...path, 'values', j]));
        }
        if (c.values.length < 2) issue(ctx, [...path, 'values'], 'a monotone claim needs at least two values');
        break;
      case 'invariant':
        checkRegion(ctx, params, c.region, [...path, 'region']);
        break;
    }
  });
}

function checkReadAt(ctx: Ctx, metric: string, readAt: string, path: Path): void {
  if (readAt === 'best' && !CURVE_METRICS.includes(metric)) {
    issue(ctx, path, `readAt 'best' needs a metric recorded at every curve point (${CURVE_METRICS.join(', ')}); '${metric}' is only measured at the end`);
  }
}

/** The spec schema: shape plus cross-references. Expressions are checked by the loader (load.ts). */
export const Spec = SpecShape.superRefine(crossCheck);
export type Spec = z.output<typeof Spec>;
/**
 * What a spec author writes (defaults not yet applied). Claims are typed as the built-in kinds, so an
 * editor checks them; a spec whose plug-ins add kinds names their input type: `defineSpec<MyClaim>({...})`.
 */
export type SpecInput<Extra = never> = Omit<z.input<typeof Spec>, 'claims'> & { claims: (z.input<typeof Claim> | Extra)[] };
/** A plug-in kind's claim as written: the common fields plus the kind's own. */
export type PluginClaimInput = z.input<typeof PluginClaim>;

/** Typed identity for TS spec modules: `export default defineSpec({...})`. */
export function defineSpec<Extra = never>(spec: SpecInput<NoInfer<Extra>>): SpecInput<Extra> {
  return spec;
}
