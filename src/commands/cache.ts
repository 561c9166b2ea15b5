import type { Command } from 'commander';
import { displayPath } from '../util/display-path.js';
import { EXIT, InputError } from '../util/errors.js';

interface CacheFlags {
  cache?: string;
  json?: boolean;
}

interface PruneFlags extends CacheFlags {
  olderThan?: string;
  outdated?: boolean;
  all?: boolean;
  dryRun?: boolean;
}

const day = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString().slice(0, 10));

async function openCache(flags: CacheFlags) {
  const { RunCache, defaultCacheDir } = await import('../sweep/cache.js');
  return new RunCache(flags.cache ?? defaultCacheDir());
}

/** The current version of every engine, to tell outdated entries (whose runs would never be asked for again). */
async function currentVersions(): Promise<Map<string, string>> {
  await import('../engine/engines.js');
  const { engines } = await import('../engine/engine.js');
  const { defaultVersionOf } = await import('../sweep/executor.js');
  const versionOf = defaultVersionOf();
  return new Map(await Promise.all(engines.names().map(async (e) => [e, await versionOf(e)] as [string, string])));
}

export function register(program: Command): void {
  const cache = program.command('cache').description('Inspect and prune the cache of finished runs (per user by default, shared by every folder).');
  const where = (c: Command) => c.option('--cache <dir>', 'the cache folder (default: $XDG_CACHE_HOME/theorem-harness/runs or ~/.cache/theorem-harness/runs)').option('--json', 'print the answer as JSON');

  where(cache.command('info').description('Where the cache is, how many runs it holds and their size, per engine version.')).action(async (flags: CacheFlags) => {
    const { cacheInfo, formatBytes } = await import('../sweep/cache-listing.js');
    const info = await cacheInfo(await openCache(flags));
    const current = await currentVersions();
    const engines = info.engines.map((e) => ({ ...e, current: current.get(e.engine) === e.engineVersion }));
    if (flags.json) {
      process.stdout.write(`${JSON.stringify({ ...info, engines }, null, 2)}\n`);
    } else {
      const lines = [
        `cache: ${displayPath(info.dir)}`,
        `entries: ${info.entries} (${formatBytes(info.bytes)})${info.entries ? `, written ${day(info.oldestMs)} to ${day(info.newestMs)}` : ''}`,
        ...engines.map((e) => `  ${e.engine} ${e.engineVersion}: ${e.entries} (${formatBytes(e.bytes)})${e.current ? '' : ', outdated (cache prune --outdated removes them)'}`),
        ...(info.problems ? [`unreadable files: ${info.problems} (ignored by checks; cache prune --all removes them)`] : []),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    process.exitCode = EXIT.ok;
  });

  where(
    cache
      .command('prune')
      .description('Remove cached runs: older than an age, of outdated engine versions, or all.')
      .option('--older-than <age>', 'runs written longer ago than this: 30d, 12h, 90m or a number of days')
      .option('--outdated', 'runs of an engine version other than the current one (never asked for again)')
      .option('--all', 'every run (and any unreadable file)')
      .option('--dry-run', 'only count what would be removed'),
  ).action(async (flags: PruneFlags) => {
    const { formatBytes, parseAge, pruneCache } = await import('../sweep/cache-listing.js');
    if (!flags.olderThan && !flags.outdated && !flags.all) {
      throw new InputError('cache prune: say what to remove: --older-than <age>, --outdated or --all', { field: 'cache prune' });
    }
    let olderThanMs: number | undefined;
    if (flags.olderThan !== undefined) {
      const age = parseAge(flags.olderThan);
      if (age === null) throw new InputError(`--older-than: expected an age such as 30d, 12h, 90m or a number of days (got ${JSON.stringify(flags.olderThan)})`, { field: '--older-than', value: flags.olderThan });
      olderThanMs = Date.now() - age;
    }
    const target = await openCache(flags);
    const done = await pruneCache(target, { olderThanMs, currentVersions: flags.outdated ? await currentVersions() : undefined, all: flags.all }, flags.dryRun);
    if (flags.json) process.stdout.write(`${JSON.stringify({ dir: target.dir, ...done, dryRun: Boolean(flags.dryRun) }, null, 2)}\n`);
    else process.stdout.write(`${flags.dryRun ? 'would remove' : 'removed'} ${done.removed} run${done.removed === 1 ? '' : 's'} (${formatBytes(done.bytes)}) from ${displayPath(target.dir)}\n`);
    process.exitCode = EXIT.ok;
  });
}
