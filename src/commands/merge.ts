import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { readShardManifest, type PendingClaim, type ShardManifest } from '../check/run-check.js';
import { defaultCacheDir, RunCache } from '../sweep/cache.js';
import { importRuns } from '../sweep/executor.js';
import { parseShard } from '../sweep/shard.js';
import { InputError } from '../util/errors.js';
import { addCheckOptions, checkOptions, finish, runsNote, runWithProgress, type CheckFlags } from './check.js';

const roundOf = (m: ShardManifest) => m.round ?? 1;

/** Shards of one check must agree on everything that determines its runs. */
function checkConsistent(manifests: { dir: string; m: ShardManifest }[]): void {
  const first = manifests[0];
  for (const { dir, m } of manifests) {
    for (const key of ['specHash', 'profile', 'seed', 'seeds', 'maxSeeds', 'engine', 'set'] as const) {
      if (JSON.stringify(m[key] ?? null) !== JSON.stringify(first.m[key] ?? null)) {
        throw new InputError(`${dir}/shard.json: ${key} is ${JSON.stringify(m[key])} but ${first.dir} has ${JSON.stringify(first.m[key])}: shards of different checks cannot be merged`, { file: join(dir, 'shard.json'), field: key, value: m[key] });
      }
    }
  }
  // The claims of the check are those of its first round; later rounds run the undecided subset.
  const lowest = Math.min(...manifests.map(({ m }) => roundOf(m)));
  const base = manifests.filter(({ m }) => roundOf(m) === lowest);
  for (const { dir, m } of base) {
    if (JSON.stringify(m.only) !== JSON.stringify(base[0].m.only)) {
      throw new InputError(`${dir}/shard.json: claims ${JSON.stringify(m.only)} differ from ${JSON.stringify(base[0].m.only)}`, { file: join(dir, 'shard.json'), field: 'only', value: m.only });
    }
  }
}

function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

/** The out dir of a shard's next round: `<dir>-round<r>` (replacing an earlier round's suffix). */
export function nextRoundDir(dir: string, round: number): string {
  return `${dir.replace(/\/+$/, '').replace(/-round\d+$/, '')}-round${round}`;
}

/** The exact commands of the next round: one `check --shard` per shard, then the merge of every round's dirs. */
export function nextRoundCommands(manifests: { dir: string; m: ShardManifest }[], pending: PendingClaim[]): { round: number; claims: string[]; shards: string[]; merge: string } {
  const round = Math.min(...pending.map((p) => p.round));
  const claims = pending.filter((p) => p.round === round).map((p) => p.id);
  const latest = Math.max(...manifests.map(({ m }) => roundOf(m)));
  const current = manifests.filter(({ m }) => roundOf(m) === latest).sort((a, b) => parseShard(a.m.shard).index - parseShard(b.m.shard).index);
  const m = current[0].m;
  const common = [
    'theorem-harness check',
    shown(m.spec),
    `--profile ${m.profile}`,
    `--seed ${m.seed}`,
    ...(m.seeds !== null ? [`--seeds ${m.seeds}`] : []),
    ...(m.maxSeeds ? [`--max-seeds ${m.maxSeeds}`] : []),
    ...Object.entries(m.set ?? {}).map(([k, v]) => `--set ${k}=${v}`),
    ...(m.engine ? [`--engine ${m.engine}`] : []),
    `--only ${claims.join(',')}`,
    `--round ${round}`,
  ].join(' ');
  const shards = current.map(({ dir, m: s }) => `${common} --shard ${s.shard} --out ${nextRoundDir(dir, round)}`);
  const dirs = [...manifests.map(({ dir }) => dir), ...current.map(({ dir }) => nextRoundDir(dir, round))];
  return { round, claims, shards, merge: `theorem-harness merge ${dirs.join(' ')}` };
}

/**
 * Combine the out dirs of `check --shard i/N` runs: union their runs into the cache, then finish
 * the check with the options the shards ran with (every planned run is then a cache hit). With
 * adaptive seeds the merge decides each claim up to the latest round merged; claims still
 * undecided are reported with the commands of the next round.
 */
export function register(program: Command): void {
  addCheckOptions(
    program
      .command('merge')
      .description('Combine the outputs of `check --shard i/N` (one folder per shard, every round) into one results.json and report.')
      .argument('<dirs...>', 'out folders of the shards'),
  ).action(async (dirs: string[], flags: CheckFlags) => {
    const [{ readShardManifest }, { RunCache }, { importRuns }] = await Promise.all([import('../check/run-check.js'), import('../sweep/cache.js'), import('../sweep/executor.js')]);
    const manifests = dirs.map((d) => ({ dir: d, m: readShardManifest(d) }));
    checkConsistent(manifests);
    const lowest = Math.min(...manifests.map(({ m }) => roundOf(m)));
    const first = manifests.find(({ m }) => roundOf(m) === lowest)!.m;
    const latest = Math.max(...manifests.map(({ m }) => roundOf(m)));
    for (let round = 1; round <= latest; round++) {
      const of = manifests.filter(({ m }) => roundOf(m) === round);
      const counts = new Set(of.map(({ m }) => parseShard(m.shard).count));
      const indices = new Set(of.map(({ m }) => parseShard(m.shard).index));
      const count = [...counts][0];
      if (of.length && (counts.size !== 1 || indices.size !== count)) {
        process.stderr.write(`warning: round ${round} shards ${of.map(({ m }) => m.shard).join(', ')} do not cover 1..${count}; missing runs will be run now\n`);
      }
    }
    const cache = new RunCache(flags.cache ?? defaultCacheDir());
    const report = await importRuns(dirs.map((d) => resolve(d, 'runs')), cache);
    for (const p of report.problems) process.stderr.write(`warning: ${p.file}: ${p.problem}\n`);
    const options = await checkOptions(first.spec, {
      ...flags,
      profile: first.profile,
      only: first.only ?? [],
      set: Object.entries(first.set ?? {}).map(([k, v]) => `${k}=${v}`),
      seed: String(first.seed),
      seeds: first.seeds === null ? undefined : String(first.seeds),
      maxSeeds: first.maxSeeds ? String(first.maxSeeds) : undefined,
      engine: first.engine ?? undefined,
      shard: undefined,
      round: undefined,
    });
    const outcome = await runWithProgress({ ...options, lastRound: latest }, flags);
    let note = runsNote(outcome);
    if (outcome.pending.length) {
      const next = nextRoundCommands(manifests, outcome.pending);
      writeFileSync(join(flags.out, 'next-round.json'), `${JSON.stringify(next, null, 2)}\n`);
      note += `${outcome.pending.length} claim(s) undecided after round ${latest} (${next.claims.join(', ')}); run round ${next.round}:\n${next.shards.map((c) => `  ${c}\n`).join('')}then:\n  ${next.merge}\n(also in ${join(flags.out, 'next-round.json')})\n`;
    }
    process.exitCode = await finish(outcome.results!, outcome.resultsFile!, flags, note);
  });
}
