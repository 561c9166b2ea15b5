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
  regime: z.string(),
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

/**
 * Setting components written as a user would: an optimizer (heavy-ball momentum), a data model (the
 * signal on coordinate `signalAxis` instead of the first, isotropic noise) and a regime (supervised
 * training restarted once from its own end point), with a parameter each.
 */
export function settingPluginSource(harness: string): string {
  return `import { defineDataModel, defineOptimizer, definePlugin, defineRegime, sampleLabels, sampleNoise, z, type DataSource } from '${harness}';

const heavyBall = defineOptimizer({
  name: 'heavy-ball',
  description: 'gradient descent with heavy-ball momentum',
  params: z.object({ hbBeta: z.number().min(0).lt(1).default(0.5).describe('momentum coefficient') }),
  // A linear combination of weights and gradients: the exact engine can run it.
  spanPreserving: true,
  create: ({ hbBeta }) => ({
    step({ weights, gradient, lr, ops, state }) {
      const v = ops.add(ops.scale(state.get('v') ?? ops.zerosLike(gradient), hbBeta), gradient);
      state.set('v', v);
      return ops.sub(weights, ops.scale(v, lr));
    },
  }),
});

const axis = defineDataModel({
  name: 'axis',
  description: 'signal y mu on one chosen coordinate, isotropic Gaussian noise',
  params: z.object({ signalAxis: z.number().int().nonnegative().default(1).describe('coordinate of the signal') }),
  source(p): DataSource {
    const model = { d: p.d, muNorm: p.muNorm, sigmaP: p.sigmaP, labelNoise: p.labelNoise, noiseCovariance: 'isotropic' as const };
    const signalFor = (labels: Int8Array) => {
      const out = new Float32Array(labels.length * p.d);
      for (let i = 0; i < labels.length; i++) out[i * p.d + p.signalAxis] = labels[i] * Math.fround(p.muNorm);
      return out;
    };
    return {
      name: 'axis',
      d: p.d,
      signalDirection: () => Float32Array.from({ length: p.d }, (_, k) => (k === p.signalAxis ? 1 : 0)),
      sample(split, n) {
        const { y, yTrue } = sampleLabels(model, p.seed, split, n);
        return { n, d: p.d, y, yTrue, signal: signalFor(yTrue), noise: sampleNoise(model, p.seed, split, n) };
      },
      freshNoise: (stream, n) => sampleNoise(model, p.seed, 'fresh:' + stream, n),
      signalFor,
    };
  },
});

const restart = defineRegime({
  name: 'restart',
  description: 'supervised training, then the same training again from where it ended',
  params: z.object({ restartSteps: z.number().int().nonnegative().default(30).describe('steps of each of the two fits') }),
  blocks: ['toArray'],
  // Registered by metric.ts; computed by the harness from the filters returned below.
  metrics: ['filterDrift'],
  run(b, p) {
    const W0 = b.initialise('supervised', p.sigma0);
    const initial = b.toArray!(W0);
    const first = b.fit(W0, { phase: 'train', eta: p.eta, steps: p.restartSteps, activation: p.activation });
    const second = b.fit(first.W, { phase: 'train', eta: p.eta, steps: p.restartSteps, activation: p.activation });
    return {
      metrics: b.evaluate(second.W, p.activation),
      trainCurve: second.curve,
      diverged: first.diverged ?? second.diverged,
      lastPhase: 'train',
      lastSteps: p.restartSteps,
      filters: { initial, final: b.toArray!(second.W) },
    };
  },
});

export default definePlugin({ name: 'setting', optimizers: [heavyBall], dataModels: [axis], regimes: [restart] });
`;
}

/** A metric written as a user would: how far training moved the filters, relative to their initial norm. */
export function metricPluginSource(harness: string): string {
  return `import { defineMetric, definePlugin } from '${harness}';

const filterDrift = defineMetric({
  name: 'filterDrift',
  description: 'max over filters of ||w_r(T) - w_r(0)|| / ||w_r(0)||',
  preference: 'higher',
  range: [0, Infinity],
  tex: '\\\\delta_W',
  compute({ initial, final, m, d }) {
    let most = 0;
    for (let f = 0; f < 2 * m; f++) {
      let moved = 0;
      let size = 0;
      for (let k = 0; k < d; k++) {
        moved += (final[f * d + k] - initial[f * d + k]) ** 2;
        size += initial[f * d + k] ** 2;
      }
      most = Math.max(most, Math.sqrt(moved / size));
    }
    return most;
  },
});

export default definePlugin({ name: 'drift', metrics: [filterDrift] });
`;
}

/** A tiny spec whose claims run the setting plug-in's optimizer, data model and regime, judged by the every-seed kind, and a bound on the plug-in metric. */
export function settingSpecSource(): string {
  return `${specSource(['./plugins/every-seed.ts', './plugins/setting.ts', './plugins/metric.ts'])}  - id: filters-move
    kind: bound
    title: Training moves the filters (a plug-in metric)
    statement: The filters end at least 0.5 of their initial norm away from it.
    provenance: { mark: choice, ref: test }
    regime: supervised
    metric: filterDrift
    direction: at-least
    bound: 0.5
    region: { snr: { values: [2] } }
`
    .replace('id: plugin-demo', 'id: setting-demo')
    .replace(/  - \{ name: steps[^\n]*\n/, [
      '  - { name: optimizer, type: enum, default: heavy-ball, values: [heavy-ball, gd], description: optimizer }',
      '  - { name: data, type: enum, default: axis, values: [axis], description: data model }',
      '  - { name: hbBeta, type: real, default: 0.5, range: [0, 0.9], description: momentum }',
      '  - { name: signalAxis, type: int, default: 3, range: [0, 59], description: signal coordinate }',
      '  - { name: restartSteps, type: int, default: 30, range: [1, 500], description: steps per fit }',
      '',
    ].join('\n'))
    .replaceAll('regime: supervised', 'regime: restart');
}

/** writePluginProject plus the setting plug-in and its spec; returns that spec's path. */
export function writeSettingProject(dir: string, harness: string): string {
  writePluginProject(dir, harness);
  writeFileSync(join(dir, 'plugins', 'setting.ts'), settingPluginSource(harness));
  writeFileSync(join(dir, 'plugins', 'metric.ts'), metricPluginSource(harness));
  writeFileSync(join(dir, 'setting.yaml'), settingSpecSource());
  return join(dir, 'setting.yaml');
}
