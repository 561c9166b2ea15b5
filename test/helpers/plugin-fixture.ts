import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A plug-in written as a user would, outside the repository: a claim kind `every-seed` (the metric
 * meets a bound at every seed of the claim's point: pass when all seeds do, fail when none does,
 * inconclusive otherwise) and an output format `csv` (one line per claim). `harness` is what the
 * module imports the API from: 'theorem-harness' against the installed package, or a file URL of
 * src/index.ts inside the repository.
 */
export function pluginSource(harness: string, opts: { formatName?: string; pluginName?: string } = {}): string {
  const formatName = opts.formatName ?? 'csv';
  return `import { claimPoint, definePlugin, metricOf, seedRuns, z, type OutputFormat, type PluginCheckContext, type PluginChecker } from '${harness}';

const EverySeedClaim = z.looseObject({
  kind: z.literal('every-seed'),
  regime: z.enum(['supervised', 'simclr']),
  metric: z.string(),
  direction: z.enum(['at-most', 'at-least']),
  bound: z.number(),
});
type EverySeedClaim = z.infer<typeof EverySeedClaim>;

function plan(ctx: PluginCheckContext<EverySeedClaim>) {
  const point = claimPoint(ctx.loaded, ctx.claimIndex);
  return seedRuns(ctx as never, point, { regime: ctx.claim.regime });
}

const everySeed: PluginChecker<EverySeedClaim> = {
  kind: 'every-seed',
  schema: EverySeedClaim,
  plan,
  async decide(ctx) {
    const { metric, direction, bound } = ctx.claim;
    const runs = await ctx.runs.run(plan(ctx));
    const values = runs.map((r) => metricOf(r, metric));
    const met = values.filter((v) => v !== null && (direction === 'at-most' ? v <= bound : v >= bound)).length;
    const finite = values.filter((v): v is number => v !== null);
    const worst = finite.length ? (direction === 'at-most' ? Math.max(...finite) : Math.min(...finite)) : null;
    const verdict = met === values.length ? 'pass' : met === 0 ? 'fail' : 'inconclusive';
    return {
      verdict,
      reason: \`\${met} of \${values.length} seeds have \${metric} \${direction === 'at-most' ? '<=' : '>='} \${bound}.\`,
      statistic: {
        name: \`worst \${metric} over seeds\`,
        value: worst,
        interval: finite.length ? [Math.min(...finite), Math.max(...finite)] : null,
        level: 0.5,
        threshold: \`\${direction === 'at-most' ? '<=' : '>='} \${bound}\`,
        method: 'range over seeds',
      },
      measurements: values.map((value, i) => ({ seed: ctx.seeds[i], [metric]: value })),
      figures: [],
    };
  },
};

const csv: OutputFormat = {
  name: '${formatName}',
  file: 'claims.${formatName}',
  figures: 'none',
  render: (model) => ['id,kind,verdict', ...model.claims.map((c) => [c.id, c.kind, c.verdict].join(','))].join('\\n') + '\\n',
};

export default definePlugin({ name: '${opts.pluginName ?? 'every-seed'}', checkers: [everySeed], formats: [csv] });
`;
}

/** A tiny spec (d = 60, 60 steps) with one claim of the plug-in's kind, one built-in claim and a negative control. */
export function specSource(plugins: readonly string[]): string {
  return `id: plugin-demo
title: A tiny spec checked by a plug-in claim kind
source: { citation: theorem-harness test fixture }
plugins: [${plugins.map((p) => JSON.stringify(p)).join(', ')}]
parameters:
  - { name: d, type: int, default: 60, range: [10, 1000], description: dimension }
  - { name: m, type: int, default: 4, range: [1, 50], description: filters per class }
  - { name: snr, type: real, default: 2, range: [0.01, 5], description: SNR }
  - { name: nLabeled, type: int, default: 16, range: [2, 200], description: labels }
  - { name: nTest, type: int, default: 200, range: [10, 1000], description: test samples }
  - { name: steps, type: int, default: 60, range: [1, 1000], description: GD steps }
  - { name: eta, type: real, default: 0.5, range: [0.001, 10], description: step size }
  - { name: curvePoints, type: int, default: 5, range: [2, 50], description: curve samples }
claims:
  - id: high-snr-every-seed
    kind: every-seed
    title: Every seed learns at high SNR
    statement: At SNR 2 every seed's supervised test error is at most 0.2.
    provenance: { mark: choice, ref: test }
    regime: supervised
    metric: testError
    direction: at-most
    bound: 0.2
  - id: low-snr-planted-false
    kind: every-seed
    title: A planted false claim (negative control)
    statement: At SNR 0.01 every seed's test error is at most 0.01; it must fail.
    provenance: { mark: choice, ref: test }
    expect: fail
    set: { snr: 0.01 }
    regime: supervised
    metric: testError
    direction: at-most
    bound: 0.01
`;
}

/** Write a plug-in and a spec using it into `dir`; returns the spec's path. */
export function writePluginProject(dir: string, harness: string): string {
  mkdirSync(join(dir, 'plugins'), { recursive: true });
  // TS plug-ins are ES modules: without "type": "module" (or a .mts name) tsx would compile them to CommonJS.
  writeFileSync(join(dir, 'plugins', 'package.json'), '{ "type": "module" }\n');
  writeFileSync(join(dir, 'plugins', 'every-seed.ts'), pluginSource(harness));
  writeFileSync(join(dir, 'spec.yaml'), specSource(['./plugins/every-seed.ts']));
  return join(dir, 'spec.yaml');
}
