import type { Command } from 'commander';
import { join, resolve } from 'node:path';
import { parseShard } from '../sweep/shard.js';
import { InputError } from '../util/errors.js';
import { addCheckOptions, checkOptions, finish, runWithProgress, type CheckFlags } from './check.js';

/**
 * Combine the out dirs of `check --shard i/N` runs: union their runs into the cache, then finish
 * the check with the options the shards ran with (every planned run is then a cache hit).
 */
export function register(program: Command): void {
  addCheckOptions(
    program
      .command('merge')
      .description('Combine the outputs of `check --shard i/N` (one folder per shard) into one results.json and report.')
      .argument('<dirs...>', 'out folders of the shards'),
  ).action(async (dirs: string[], flags: CheckFlags) => {
    const [{ readShardManifest }, { RunCache }, { importRuns }] = await Promise.all([import('../check/run-check.js'), import('../sweep/cache.js'), import('../sweep/executor.js')]);
    const manifests = dirs.map((d) => ({ dir: d, m: readShardManifest(d) }));
    const first = manifests[0].m;
    for (const { dir, m } of manifests) {
      for (const key of ['specHash', 'profile', 'seed', 'seeds', 'engine', 'set'] as const) {
        if (JSON.stringify(m[key]) !== JSON.stringify(first[key])) {
          throw new InputError(`${dir}/shard.json: ${key} is ${JSON.stringify(m[key])} but ${manifests[0].dir} has ${JSON.stringify(first[key])}: shards of different checks cannot be merged`, { file: join(dir, 'shard.json'), field: key, value: m[key] });
        }
      }
      if (JSON.stringify(m.only) !== JSON.stringify(first.only)) {
        throw new InputError(`${dir}/shard.json: claims ${JSON.stringify(m.only)} differ from ${JSON.stringify(first.only)}`, { file: join(dir, 'shard.json'), field: 'only', value: m.only });
      }
    }
    const counts = new Set(manifests.map(({ m }) => parseShard(m.shard).count));
    const indices = new Set(manifests.map(({ m }) => parseShard(m.shard).index));
    const count = [...counts][0];
    if (counts.size !== 1 || indices.size !== count) {
      process.stderr.write(`warning: shards ${manifests.map(({ m }) => m.shard).join(', ')} do not cover 1..${count}; missing runs will be run now\n`);
    }
    const cache = new RunCache(flags.cache);
    const report = await importRuns(dirs.map((d) => resolve(d, 'runs')), cache);
    for (const p of report.problems) process.stderr.write(`warning: ${p.file}: ${p.problem}\n`);
    const options = await checkOptions(first.spec, {
      ...flags,
      profile: first.profile,
      only: first.only ?? [],
      set: Object.entries(first.set ?? {}).map(([k, v]) => `${k}=${v}`),
      seed: String(first.seed),
      seeds: first.seeds === null ? undefined : String(first.seeds),
      engine: first.engine ?? undefined,
      shard: undefined,
    });
    const outcome = await runWithProgress(options, flags);
    process.exitCode = await finish(outcome.results!, outcome.resultsFile!, flags);
  });
}
