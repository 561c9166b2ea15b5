// Fuzzed specs through lint and check --plan (npm run bench -- fuzz): FUZZ_SPECS (default 10,000)
// cases in batches of 250 per child process (the same code path as the CLI; a child killed by the
// heap limit counts its batch's unfinished cases as out-of-memory aborts), plus FUZZ_CLI (default
// 100) cases through the real CLI binary. Counts internal errors, cases over 10 s, OOM aborts and
// rejections that fail to name file, field and value.
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fuzzCase, namesFileFieldValue } from '../test/helpers/spec-mutations.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const total = Number(process.env.FUZZ_SPECS ?? 10_000);
const viaCli = Number(process.env.FUZZ_CLI ?? 100);
const BATCH = 250;
const SLOW_S = 10;
const counts = { cases: 0, rejected: 0, internal: 0, slow: 0, oom: 0, unnamed: 0, cliCases: 0, cliInternal: 0, cliSlow: 0, cliOom: 0, cliUnnamed: 0 };
const examples: string[] = [];
let slowest = 0;
const t0 = performance.now();

for (let start = 0; start < total; start += BATCH) {
  const n = Math.min(BATCH, total - start);
  const r = spawnSync(process.execPath, ['--max-old-space-size=2048', '--import', 'tsx', join(here, '_fuzz-child.ts'), String(1000 + start), String(n)], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const lines = r.stdout.split('\n').filter((l) => l.startsWith('{'));
  for (const line of lines) {
    const c = JSON.parse(line) as { label: string; rejected?: boolean; internal?: string; unnamed?: string[]; seconds: number };
    counts.cases++;
    if (c.rejected) counts.rejected++;
    if (c.internal) (counts.internal++, examples.push(`internal: ${c.label}: ${c.internal}`));
    if (c.seconds > SLOW_S) (counts.slow++, examples.push(`slow (${c.seconds.toFixed(1)} s): ${c.label}`));
    if (c.unnamed?.length) (counts.unnamed++, examples.push(`unnamed: ${c.label}: ${c.unnamed[0]}`));
    slowest = Math.max(slowest, c.seconds);
  }
  if (r.status !== 0) {
    const lost = n - lines.length;
    const oom = r.status === 134 || /heap out of memory/i.test(r.stderr);
    if (oom) counts.oom += lost;
    else counts.internal += lost;
    examples.push(`batch ${start}: child exited ${r.status ?? r.signal}: ${r.stderr.slice(-400)}`);
  }
  // Running totals, so an interrupted run still reports what it saw.
  console.log(`  ${counts.cases}/${total}: ${counts.internal} internal, ${counts.slow} slow, ${counts.oom} OOM, ${counts.unnamed} unnamed`);
}

const dir = mkdtempSync(join(tmpdir(), 'th-fuzz-cli-'));
const cli = (args: string[]) =>
  spawnSync(process.execPath, [join(root, 'bin/theorem-harness.js'), ...args], { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
fc.sample(fuzzCase, { numRuns: viaCli, seed: 7 }).forEach((c, i) => {
  const file = join(dir, `cli-${i}${c.ext}`);
  writeFileSync(file, c.text);
  counts.cliCases++;
  for (const args of [['spec', 'lint', file], ['check', file, '--plan', '--cache', join(dir, 'cache')]]) {
    const s = performance.now();
    const r = cli(args);
    const seconds = (performance.now() - s) / 1000;
    if (seconds > SLOW_S) (counts.cliSlow++, examples.push(`cli slow (${seconds.toFixed(1)} s): ${args[0]} ${c.label}`));
    if (r.status === 134 || /heap out of memory/i.test(r.stderr ?? '')) counts.cliOom++;
    if (/internal error/.test(r.stderr ?? '') || (r.status !== 0 && r.status !== 2)) (counts.cliInternal++, examples.push(`cli internal: ${args[0]} ${c.label}: ${(r.stderr ?? '').slice(0, 300)}`));
    if (r.status === 2) {
      const problems = (r.stderr ?? '').split('\n').filter((l) => l.startsWith('error: ')).map((l) => l.slice('error: '.length));
      if (problems.some((p) => !namesFileFieldValue(file, p))) (counts.cliUnnamed++, examples.push(`cli unnamed: ${args[0]} ${c.label}: ${problems[0]?.slice(0, 300)}`));
    }
  }
});
rmSync(dir, { recursive: true, force: true });

console.log(
  `fuzz: ${counts.cases} specs in-process (lint, then check --plan when it lints clean): ${counts.rejected} rejected, ` +
    `${counts.internal} internal errors, ${counts.slow} over ${SLOW_S} s (slowest ${slowest.toFixed(2)} s), ${counts.oom} out-of-memory aborts, ` +
    `${counts.unnamed} rejections not naming file, field and value`,
);
console.log(
  `fuzz: ${counts.cliCases} specs through the CLI binary (spec lint and check --plan each): ${counts.cliInternal} internal errors, ` +
    `${counts.cliSlow} over ${SLOW_S} s, ${counts.cliOom} out-of-memory aborts, ${counts.cliUnnamed} not naming file, field and value; ` +
    `${((performance.now() - t0) / 1000).toFixed(0)} s in all`,
);
for (const e of examples.slice(0, 20)) console.log(`  ${e}`);
process.exit(counts.internal + counts.slow + counts.oom + counts.unnamed + counts.cliInternal + counts.cliSlow + counts.cliOom + counts.cliUnnamed > 0 ? 1 : 0);
