import { z } from 'zod';

/**
 * The plain data that `check` writes to results.json and that reports, baselines and `merge` read.
 * Checkers produce ClaimResult objects; nothing downstream knows how they were computed.
 */
export const RESULTS_SCHEMA_VERSION = 1;

export const VERDICTS = ['pass', 'fail', 'inconclusive', 'xfail', 'xpass', 'error'] as const;
export const Verdict = z.enum(VERDICTS);
export type Verdict = z.infer<typeof Verdict>;

export const Provenance = z.object({
  mark: z.enum(['paper', 'lineage', 'choice']),
  /** Theorem, section or condition it comes from, e.g. "Theorem 4.2 (via reviews)". */
  ref: z.string(),
});

/** The number a verdict rests on, with its interval and the threshold it was compared with. */
export const Statistic = z.object({
  name: z.string(),
  value: z.number().nullable(),
  interval: z.tuple([z.number(), z.number()]).nullable(),
  /** Confidence level of the interval, e.g. 0.95. */
  level: z.number().gt(0).lt(1),
  /** Human-readable comparison, e.g. "<= 0.05" or "in [-3.5, -2.5]". */
  threshold: z.string(),
  /** How the interval was obtained: "clopper-pearson", "bootstrap (2000 resamples)", ... */
  method: z.string(),
});
export type Statistic = z.infer<typeof Statistic>;

const FigurePoint = z.object({
  x: z.number(),
  y: z.number().nullable(),
  lo: z.number().optional(),
  hi: z.number().optional(),
  /** `lower`: the true value is above y (censored estimate, e.g. n* > N). */
  censored: z.enum(['lower', 'upper']).optional(),
  /** Free label, e.g. the outcome of a phase-diagram cell. */
  label: z.string().optional(),
});

/** A figure as data: reports decide how to draw it. */
export const Figure = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.enum(['line', 'scatter', 'phase']),
  xLabel: z.string(),
  yLabel: z.string(),
  xScale: z.enum(['linear', 'log']).default('linear'),
  yScale: z.enum(['linear', 'log']).default('linear'),
  series: z.array(z.object({ name: z.string(), points: z.array(FigurePoint) })),
  /** Reference lines: fitted or predicted, y = intercept + slope * x (in the axes' scales). */
  lines: z
    .array(z.object({ name: z.string(), slope: z.number(), intercept: z.number(), style: z.enum(['fit', 'predicted']) }))
    .optional(),
  /** A predicted boundary curve, as points. */
  boundary: z.array(z.object({ x: z.number(), y: z.number() })).optional(),
});
export type Figure = z.infer<typeof Figure>;

export const MeasurementRow = z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()]));

export const ClaimResult = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  /** The claim as the spec states it, plain text and LaTeX. */
  statement: z.string(),
  statementTex: z.string().optional(),
  provenance: Provenance,
  expected: z.enum(['hold', 'fail']),
  verdict: Verdict,
  /** One or two sentences saying why. */
  reason: z.string(),
  statistic: Statistic.nullable(),
  measurements: z.array(MeasurementRow),
  figures: z.array(Figure).default([]),
  fits: z
    .array(
      z.object({
        name: z.string(),
        slope: z.number().nullable(),
        interval: z.tuple([z.number(), z.number()]).nullable(),
        predicted: z.number().nullable(),
        tolerance: z.number().nullable(),
      }),
    )
    .optional(),
  counterexample: z
    .object({ params: z.record(z.string(), z.unknown()), replay: z.string(), shrinkSteps: z.number().int().nonnegative() })
    .nullable()
    .optional(),
  search: z.object({ drawn: z.number().int(), accepted: z.number().int(), acceptanceRate: z.number() }).optional(),
  /** Scaling claims: the measured quantity at each value of the swept parameter (pooled over seeds). */
  scaling: z
    .object({
      quantity: z.string(),
      regime: z.string(),
      along: z.string(),
      points: z.array(z.object({ x: z.number(), value: z.number().nullable(), censored: z.enum(['none', 'above', 'below']) })),
    })
    .optional(),
  /** Assumptions evaluated at the points the claim used. */
  assumptions: z
    .array(z.object({ name: z.string(), expression: z.string(), holds: z.boolean(), margin: z.number().nullable(), at: z.string() }))
    .optional(),
  /**
   * Spec-level multiplicity: the claim's p-value (against its claimed side; null where the rule gives
   * none) and its value adjusted across the spec's claims, negative controls apart. In an adaptive
   * check the p-value is valid at the round the claim stopped at: as the rule gives it when the rule is
   * anytime-valid, otherwise multiplied by the planned rounds (the alpha spent per look).
   */
  adjusted: z
    .object({ method: z.string(), pValue: z.number().nullable(), adjustedPValue: z.number().nullable(), family: z.number().int().nonnegative() })
    .optional(),
  /**
   * What a verdict of this claim's rule is worth at its budget, measured by `calibrate` on planted
   * truths: rates are fractions of replicates; null where not measured.
   */
  calibration: z
    .object({
      profile: z.string(),
      replicates: z.number().int().nonnegative(),
      falsePass: z.number().nullable(),
      falseFail: z.number().nullable(),
      power: z.number().nullable(),
      /** The planted effect sizes power was measured at, in words. */
      effect: z.string().optional(),
      /** The command that measured these figures. */
      command: z.string(),
    })
    .optional(),
  /** Adaptive seeds: how many rounds and seeds were used against the profile's cap. */
  adaptive: z
    .object({
      rounds: z.number().int().nonnegative(),
      seedsUsed: z.number().int().nonnegative(),
      cap: z.number().int().nonnegative(),
      /** Seeds the measured spread implies would decide the claim (null when decided or unknown). */
      seedsToDecide: z.number().nullable(),
    })
    .optional(),
  /**
   * Whether the claim's decision rule is anytime-valid (betting confidence sequences: valid whatever
   * number of seeds a check stops at) or holds at a fixed number of seeds (the t rules, profile
   * likelihood, exact tests), whose level an adaptive check then spends across its rounds.
   */
  anytimeValid: z.boolean().optional(),
  /** Where the claim's metric is read on each run's trajectory (Theorem 4.2 of the SimCLR paper is a best-iterate statement). */
  readAt: z.enum(['final', 'best']).optional(),
  seeds: z.array(z.number().int()),
  runs: z.number().int().nonnegative(),
  cacheHits: z.number().int().nonnegative(),
  wallSeconds: z.number().nonnegative(),
});
export type ClaimResult = z.infer<typeof ClaimResult>;

export const Results = z.object({
  schemaVersion: z.literal(RESULTS_SCHEMA_VERSION),
  tool: z.object({ name: z.string(), version: z.string() }),
  spec: z.object({
    id: z.string(),
    title: z.string(),
    file: z.string(),
    hash: z.string(),
    source: z.string(),
    /** Defaults the user changed for this check (`check --set`). */
    set: z.record(z.string(), z.union([z.number(), z.string()])).optional(),
    /** Every module the spec loaded (its imports and plug-ins), with content hashes: part of the provenance. */
    modules: z.array(z.object({ file: z.string(), hash: z.string() })).optional(),
    /** The spec's plug-in modules (`file` as in `modules`; `fromResults` relative to the results file's folder): `report` loads them again for their output formats. */
    plugins: z.array(z.object({ file: z.string(), fromResults: z.string().optional(), hash: z.string() })).optional(),
  }),
  /** The spec's parameters at their defaults (after --set) with their TeX names: the referee's hyperparameter table. */
  hyperparameters: z
    .array(z.object({ name: z.string(), tex: z.string().optional(), value: z.union([z.number(), z.string()]), description: z.string().optional() }))
    .optional(),
  /** The command line that reproduces this results file. */
  reproduce: z.string().optional(),
  profile: z.string(),
  engine: z.object({ name: z.string(), version: z.string(), backend: z.string() }),
  git: z.object({ commit: z.string().nullable(), dirty: z.boolean().nullable() }),
  node: z.string(),
  startedAt: z.string(),
  wallSeconds: z.number().nonnegative(),
  shard: z.object({ index: z.number().int(), count: z.number().int() }).nullable(),
  claims: z.array(ClaimResult),
  /**
   * Ratios of two scaling claims' quantities measured at the same values (e.g. n*_supervised /
   * n*_simclr against SNR): the headline of a paper that compares two regimes' sample complexities.
   */
  ratios: z
    .array(
      z.object({
        numerator: z.string(),
        denominator: z.string(),
        quantity: z.string(),
        along: z.string(),
        rows: z.array(
          z.object({
            x: z.number(),
            numerator: z.string(),
            denominator: z.string(),
            ratio: z.number().nullable(),
            /** `lower`: the ratio is at least `ratio`; `upper`: at most; `unknown`: both censored alike. */
            bound: z.enum(['none', 'lower', 'upper', 'unknown']),
          }),
        ),
      }),
    )
    .optional(),
  /** Pictures of a few inputs (image patch and noise patch) when the spec runs on real images. */
  samples: z.object({ title: z.string(), svg: z.string() }).optional(),
  summary: z.record(Verdict, z.number().int().nonnegative()),
});
export type Results = z.infer<typeof Results>;
