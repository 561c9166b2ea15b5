import t from 'tap';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { claimPoint, evaluatePoint, toSimParams } from '../src/spec/evaluate.js';
import { explainSpec } from '../src/spec/explain.js';
import { lintSpec } from '../src/spec/lint.js';
import { claimExprs, defaultSpecPath, loadSpec, type LoadedSpec } from '../src/spec/load.js';
import { resolveParams } from '../src/engine/params.js';
import type { Claim } from '../src/spec/schema.js';

const shipped = [
  ...readdirSync('spec').filter((f) => f.endsWith('.ts')).map((f) => join('spec', f)),
  ...readdirSync('spec/examples').map((f) => join('spec/examples', f)),
];

/** Every point a claim's checker will visit, as far as the spec alone says: sweep values and region corners. */
function claimOverrides(claim: Claim): Record<string, number | string>[] {
  const points: Record<string, number | string>[] = [{}];
  const axis = (param: string, values: readonly (number | string)[]) => values.map((v) => ({ [param]: v }));
  switch (claim.kind) {
    case 'scaling':
      points.push(...axis(claim.along.param, claim.along.values));
      if (claim.quantity.kind === 'threshold') points.push(...axis(claim.quantity.param, claim.quantity.range));
      break;
    case 'phase-transition':
      for (const x of claim.x.values) for (const y of claim.y.values) points.push({ [claim.x.param]: x, [claim.y.param]: y });
      break;
    case 'monotone':
      points.push(...axis(claim.param, claim.values));
      break;
    case 'comparison':
      break;
    default:
      break;
  }
  if ('region' in claim && claim.region) {
    for (const [param, ax] of Object.entries(claim.region)) points.push(...axis(param, 'values' in ax ? ax.values : ax.range));
  }
  return points;
}

t.test('the default spec is the SimCLR paper', async (t) => {
  const loaded = await loadSpec(defaultSpecPath());
  t.equal(loaded.spec.id, 'zhang-cao-2024-simclr');
  t.match(loaded.hash, /^[0-9a-f]{64}$/);
});

for (const file of shipped) {
  t.test(`${file} lints clean and evaluates to finite numbers`, async (t) => {
    const result = await lintSpec(file);
    t.same(result.problems, [], 'no errors');
    t.same(result.warnings, [], 'no warnings at the defaults');
    const loaded = result.loaded as LoadedSpec;

    const report = explainSpec(loaded);
    for (const d of report.derived) t.ok(Number.isFinite(d.value), `derived ${d.name} = ${d.value}`);
    for (const a of report.assumptions) {
      t.ok(a.holds, `assumption ${a.id} holds at the defaults`);
      t.ok(a.margin !== null && Number.isFinite(a.margin), `assumption ${a.id} margin ${a.margin}`);
    }
    // The defaults must be a point the engine accepts.
    t.doesNotThrow(() => resolveParams(toSimParams(loaded, evaluatePoint(loaded))), 'defaults map to valid SimParams');

    loaded.spec.claims.forEach((claim, i) => {
      const exprs = claimExprs(loaded, i);
      for (const overrides of claimOverrides(claim)) {
        const sides = claim.kind === 'comparison' ? (['better', 'worse'] as const) : [undefined];
        for (const side of sides) {
          const point = claimPoint(loaded, i, overrides, side);
          for (const [path, e] of exprs) {
            if (claim.kind === 'invariant') continue; // needs a trajectory: checked below
            const v = e.type === 'number' ? e.number(point.scope) : e.margin(point.scope);
            if (!Number.isFinite(v)) t.fail(`${claim.id} ${path} = ${v} at ${JSON.stringify(overrides)}`);
          }
          const sim = toSimParams(loaded, point);
          try {
            resolveParams(sim);
          } catch (error) {
            t.fail(`${claim.id} at ${JSON.stringify(overrides)} ${side ?? ''}: ${(error as Error).message}`);
          }
        }
      }
      if (claim.kind === 'invariant') {
        const e = exprs.get('predicate')!;
        const scope = { ...claimPoint(loaded, i).scope } as Record<string, number>;
        for (const s of e.symbols) if (!(s in scope)) scope[s] = 1;
        t.type(e.holds(scope), 'boolean', `${claim.id} predicate evaluates on a trajectory point`);
      }
    });
  });
}

t.test('the SimCLR spec encodes what issue 3 asks for', async (t) => {
  const { spec } = await loadSpec('spec/zhang-cao-2024-simclr');
  const ids = spec.assumptions.map((a) => a.id);
  for (const id of ['unlabeled-samples', 'labeled-samples', 'dimension-large', 'small-init', 'small-step']) t.ok(ids.includes(id), id);
  const kinds = new Set(spec.claims.map((c) => c.kind));
  for (const k of ['comparison', 'bound', 'phase-transition', 'scaling', 'monotone']) t.ok(kinds.has(k as Claim['kind']), k);
  const scaling = spec.claims.filter((c) => c.kind === 'scaling') as Extract<Claim, { kind: 'scaling' }>[];
  t.same(scaling.map((c) => c.slope ?? `bound ${c.bound}`).sort(), ['-2', '-q', 'bound C_lab'].sort());
  const controls = spec.claims.filter((c) => c.expect === 'fail');
  const usesShuffle = (c: Claim) =>
    c.set?.augment === 'shuffle-signal' || (c.kind === 'comparison' && [c.better.set?.augment, c.worse.set?.augment].includes('shuffle-signal'));
  t.ok(controls.length >= 1 && controls.every(usesShuffle), 'shuffle-signal negative controls');
  const peak = spec.claims.find((c) => c.id === 'pretrain-alignment-peaks');
  t.match(peak, { kind: 'comparison', metric: 'alignmentPretrain', better: { set: { pretrainSteps: 25 } }, worse: { set: { pretrainSteps: 110 } } });
  for (const c of spec.claims) t.ok(['paper', 'lineage', 'choice'].includes(c.provenance.mark) && c.provenance.ref.length > 0, `${c.id} provenance`);
});
