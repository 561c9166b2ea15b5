import type { RunResult } from '../../src/engine/result.js';
import { claimPoint, type Overrides } from '../../src/spec/evaluate.js';
import { claimExprs } from '../../src/spec/load.js';
import { TRAJECTORY_VARIABLES, type ClaimOf } from '../../src/spec/schema.js';
import type { Checker } from '../checker.js';
import { pointLabel, seedRuns, type CheckContext } from '../context.js';
import type { PointOutcome } from '../region.js';
import { assumptionRows, combine, evaluateRegion, regionPoints } from '../points.js';

type Ctx = CheckContext<ClaimOf<'invariant'>>;

function runsAt(ctx: Ctx, overrides: Overrides) {
  const point = claimPoint(ctx.loaded, ctx.claimIndex, overrides);
  return { point, runs: seedRuns(ctx, point, { regime: ctx.claim.regime, engine: ctx.claim.engine }) };
}

interface TrajectoryCheck {
  steps: number;
  unmeasured: number;
  violation: { step: number; values: Record<string, number> } | null;
}

/** Evaluate the predicate at every recorded step; prev_<name> is the previous record's value (the same record at the first). */
function checkTrajectory(ctx: Ctx, run: RunResult, scope: Readonly<Record<string, number>>): TrajectoryCheck | null {
  const traj = run.curves.decomposition;
  if (!traj || traj.length === 0) return null;
  const pred = claimExprs(ctx.loaded, ctx.claimIndex).get('predicate')!;
  let unmeasured = 0;
  for (let i = 0; i < traj.length; i++) {
    const cur = traj[i] as Record<string, unknown>;
    const prev = traj[Math.max(0, i - 1)] as Record<string, unknown>;
    const vars: Record<string, number> = { ...scope };
    for (const v of TRAJECTORY_VARIABLES) {
      if (typeof cur[v] === 'number') vars[v] = cur[v] as number;
      if (typeof prev[v] === 'number') vars[`prev_${v}`] = prev[v] as number;
    }
    if (pred.symbols.some((s) => !(s in vars))) {
      unmeasured++;
      continue;
    }
    if (!pred.holds(vars)) {
      const values = Object.fromEntries(pred.symbols.map((s) => [s, vars[s]]));
      return { steps: traj.length, unmeasured, violation: { step: traj[i].step, values } };
    }
  }
  return { steps: traj.length, unmeasured, violation: null };
}

/** The proof quantities along one trajectory (the counterexample's, else the first point's): what the invariant is about. */
function trajectoryFigures(ctx: Ctx, record: { label: string; trajectory: NonNullable<RunResult['curves']['decomposition']> } | null) {
  if (!record || record.trajectory.length === 0) return [];
  const pred = claimExprs(ctx.loaded, ctx.claimIndex).get('predicate')!;
  const used = new Set(pred.symbols.map((s) => s.replace(/^prev_/, '')));
  const names = TRAJECTORY_VARIABLES.filter((v) => v !== 'step' && (used.has(v) || ['gammaMax', 'gammaMin', 'rhoBarMax', 'rhoUnderMin'].includes(v)));
  const series = names
    .map((name) => ({
      name,
      points: record.trajectory
        .filter((p) => typeof (p as Record<string, unknown>)[name] === 'number')
        .map((p) => ({ x: p.step, y: (p as unknown as Record<string, number>)[name] })),
    }))
    .filter((s) => s.points.length > 0);
  return [
    {
      id: `${ctx.claim.id}-trajectory`,
      title: `Signal/noise decomposition along training at ${record.label} (seed ${ctx.seeds[0]})`,
      kind: 'line' as const,
      xLabel: 'step',
      yLabel: 'coefficient',
      xScale: 'linear' as const,
      yScale: 'linear' as const,
      series,
    },
  ];
}

/**
 * A proof-level identity or inequality holds at every recorded step of the exact engine's
 * trajectory (a deterministic check per run: one violation anywhere is a failure, and the
 * property-based search then shrinks to the simplest configuration that shows it).
 */
export const invariantChecker: Checker<'invariant'> = {
  kind: 'invariant',
  // A deterministic check of every recorded step: no interval, nothing to keep valid across looks.
  anytimeValid: false,

  plan(ctx) {
    return regionPoints(ctx, ctx.claim.region).points.flatMap((o) => runsAt(ctx, o).runs);
  },

  statementTex(ctx) {
    return `\\forall t:\\ ${claimExprs(ctx.loaded, ctx.claimIndex).get('predicate')!.tex}`;
  },

  async decide(ctx) {
    const { claim } = ctx;
    const axes = Object.keys(claim.region ?? {});
    const search = await evaluateRegion(ctx, claim.region, async (overrides) => {
      const { point, runs } = runsAt(ctx, overrides);
      const results = await ctx.runs.run(runs);
      const checks = results.map((r) => checkTrajectory(ctx, r, point.scope));
      const violated = checks.findIndex((c) => c?.violation);
      const missing = checks.some((c) => c === null || c.steps === c.unmeasured);
      const outcome: PointOutcome = violated >= 0 ? 'fail' : missing ? 'inconclusive' : 'pass';
      return {
        outcome,
        record: {
          label: pointLabel(ctx, point, axes.length ? axes : undefined),
          point,
          checks,
          violation: violated >= 0 ? { seed: runs[violated].seed, ...checks[violated]!.violation! } : null,
          replayParams: runs[Math.max(0, violated)],
          trajectory: results[Math.max(0, violated)]?.curves.decomposition ?? [],
        },
      };
    });
    const main = search.evaluated.filter((e) => !e.shrink);
    const verdict = combine(main.map((e) => e.outcome), search.counterexample !== null);
    const stepsChecked = main.reduce((s, e) => s + e.record.checks.reduce((t, c) => t + (c ? c.steps - c.unmeasured : 0), 0), 0);
    const cx = search.counterexample?.record;
    const reason =
      search.accepted === 0
        ? `No point satisfies the claim's assumptions (${search.drawn} drawn).`
        : cx
          ? `Violated at step ${cx.violation!.step} (seed ${cx.violation!.seed}) at ${cx.label}: ${Object.entries(cx.violation!.values).map(([k, v]) => `${k} = ${v}`).join(', ')}.`
          : verdict === 'pass'
            ? `Holds at all ${stepsChecked} recorded steps of ${main.length * ctx.seeds.length} trajectories.`
            : 'Some trajectories did not record the variables the predicate needs (is the exact engine selected?).';
    return {
      verdict,
      reason,
      statistic: {
        name: 'violating steps',
        value: cx ? 1 : 0,
        interval: null,
        level: ctx.budget.level,
        threshold: '= 0',
        method: `exhaustive over ${stepsChecked} recorded steps`,
      },
      measurements: search.evaluated.map(({ record, outcome, shrink }) => ({
        point: record.label,
        trajectories: record.checks.length,
        stepsChecked: record.checks.reduce((t, c) => t + (c ? c.steps - c.unmeasured : 0), 0),
        violationStep: record.violation?.step ?? null,
        outcome,
        shrinkCandidate: shrink,
      })),
      figures: trajectoryFigures(ctx, (cx ?? main[0]?.record) ?? null),
      search: { drawn: search.drawn, accepted: search.accepted, acceptanceRate: search.drawn ? search.accepted / search.drawn : 0 },
      assumptions: assumptionRows(ctx, main.map((e) => ({ label: e.record.label, point: e.record.point }))),
      counterexample: cx ? { params: { ...cx.replayParams }, replay: '', shrinkSteps: search.counterexample!.shrinkSteps } : null,
    };
  },
};
