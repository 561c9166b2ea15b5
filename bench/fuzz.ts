// Fuzzed specs through the real CLI (npm run bench -- fuzz; run `npm run build` first: it runs
// bin/theorem-harness.js). FUZZ_SPECS (default 10,000) mutated specs (test/helpers/spec-mutations.ts)
// go through `spec lint --json --timing` in batches of FUZZ_BATCH files per process, FUZZ_JOBS
// processes at a time, all under `nice -n 10`. A batch that exits other than 0 or 2, prints an
// internal error, runs out of memory or passes the batch deadline is rerun one process per file, so
// every failure is pinned to its file. Besides, every FUZZ_SPECS / FUZZ_CLI-th case goes through
// `spec lint` (text output) and `check --plan` in a process of its own, and up to FUZZ_PLAN specs
// that lint clean through `check --plan`, each under /usr/bin/time for CPU time and peak memory
// where it exists. Counts: internal errors, runs over 10 s (CPU; wall-clock reported beside it, as
// a loaded machine stretches it), out-of-memory aborts, rejections that do not name file, field and
// value, and over-long messages; and how often each mutation kind was drawn and rejected.
import fc from 'fast-check';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fuzzCase, itemNamesFileFieldValue, namesFileFieldValue, type FuzzCase } from '../test/helpers/spec-mutations.js';

const root = join(import.meta.dirname, '..');
const bin = join(root, 'bin', 'theorem-harness.js');
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const total = env('FUZZ_SPECS', 10_000);
const batchSize = env('FUZZ_BATCH', 200);
const jobs = env('FUZZ_JOBS', 2);
const perProcess = env('FUZZ_CLI', 100);
const planClean = env('FUZZ_PLAN', 100);
const seed = env('FUZZ_SEED', 20261201);
const SLOW_S = 10;
const MESSAGE_CHARS = 2000;
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

interface Outcome {
  status: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  wall: number;
  cpu: number | null;
  maxRssMb: number | null;
  timedOut: boolean;
}

/** Run the CLI niced, under /usr/bin/time when present (its line is the last of stderr). */
function cli(args: string[], timeoutMs: number): Promise<Outcome> {
  const command = TIME ? ['nice', '-n', '10', TIME, '-f', '@@time %U %S %M', process.execPath, bin, ...args] : ['nice', '-n', '10', process.execPath, bin, ...args];
  return new Promise((resolve) => {
    const start = performance.now();
    const child = spawn(command[0], command.slice(1), { cwd: root, env: { ...process.env, CI: 'true' } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      let stderr = Buffer.concat(err).toString('utf8');
      let cpu: number | null = null;
      let maxRssMb: number | null = null;
      const m = /@@time (\S+) (\S+) (\d+)\s*$/.exec(stderr);
      if (m) {
        cpu = Number(m[1]) + Number(m[2]);
        maxRssMb = Number(m[3]) / 1024;
        stderr = stderr.slice(0, m.index).replace(/Command (exited with non-zero status \d+|terminated by signal \d+)\n$/, '');
      }
      // /usr/bin/time passes the child's exit status on; a signal becomes 128 + n.
      resolve({ status, signal, stdout: Buffer.concat(out).toString('utf8'), stderr, wall: (performance.now() - start) / 1000, cpu, maxRssMb, timedOut });
    });
  });
}

const counts = {
  cases: 0, rejected: 0, internal: 0, slowCpu: 0, slowWall: 0, oom: 0, unnamed: 0, longMessage: 0, unexplained: 0, reruns: 0,
  processRuns: 0, processInternal: 0, processSlowCpu: 0, processSlowWall: 0, processOom: 0, processUnnamed: 0, planRuns: 0,
};
const kinds = new Map<string, { drawn: number; rejected: number }>();
const examples: string[] = [];
let slowestCpu = { s: 0, label: '' };
let slowestWall = { s: 0, label: '' };
let peakRss = { mb: 0, label: '' };
const note = (e: string) => examples.length < 40 && examples.push(e);

const isOom = (o: Outcome) => o.status === 134 || o.signal === 'SIGABRT' || /heap out of memory|Allocation failed|memory access out of bounds/i.test(o.stderr);
const isInternal = (o: Outcome) => /internal error/.test(o.stderr) || (!o.timedOut && !isOom(o) && o.status !== 0 && o.status !== 2);

interface LintRecord {
  file: string;
  ok: boolean;
  problems: { file: string; path: string | null; message: string; severity: string }[];
  seconds: number;
  cpuSeconds: number;
}

function judgeRecord(c: FuzzCase, file: string, r: LintRecord): void {
  counts.cases++;
  const errors = r.problems.filter((p) => p.severity === 'error');
  for (const k of c.kinds) {
    const entry = kinds.get(k) ?? { drawn: 0, rejected: 0 };
    entry.drawn++;
    if (!r.ok) entry.rejected++;
    kinds.set(k, entry);
  }
  if (!r.ok) counts.rejected++;
  if (!r.ok && errors.length === 0) (counts.unexplained++, note(`rejected without a problem: ${c.label}`));
  const unnamed = errors.filter((p) => !itemNamesFileFieldValue(file, p));
  if (unnamed.length > 0) (counts.unnamed++, note(`unnamed: ${c.label}: ${unnamed[0].path}: ${unnamed[0].message.slice(0, 300)}`));
  if (r.problems.some((p) => p.message.length > MESSAGE_CHARS)) (counts.longMessage++, note(`message over ${MESSAGE_CHARS} characters: ${c.label}`));
  if (r.cpuSeconds > SLOW_S) (counts.slowCpu++, note(`over ${SLOW_S} s CPU (${r.cpuSeconds.toFixed(1)} s): ${c.label}`));
  if (r.seconds > SLOW_S) (counts.slowWall++, note(`over ${SLOW_S} s wall-clock (${r.seconds.toFixed(1)} s, ${r.cpuSeconds.toFixed(1)} s CPU, load ${loadavg()[0].toFixed(1)}): ${c.label}`));
  if (r.cpuSeconds > slowestCpu.s) slowestCpu = { s: r.cpuSeconds, label: c.label };
  if (r.seconds > slowestWall.s) slowestWall = { s: r.seconds, label: c.label };
}

function parseLint(o: Outcome, n: number): LintRecord[] | null {
  if (o.timedOut || isOom(o) || isInternal(o)) return null;
  try {
    const records = JSON.parse(o.stdout) as LintRecord[];
    return Array.isArray(records) && records.length === n ? records : null;
  } catch {
    return null;
  }
}

/** One case alone in its own process, after its batch failed: classify what went wrong. */
async function lintAlone(c: FuzzCase, file: string): Promise<LintRecord | null> {
  counts.reruns++;
  const o = await cli(['spec', 'lint', '--json', '--timing', file], 120_000);
  if (o.maxRssMb !== null && o.maxRssMb > peakRss.mb) peakRss = { mb: o.maxRssMb, label: c.label };
  const records = parseLint(o, 1);
  if (records) return records[0];
  counts.cases++;
  if (o.timedOut) (counts.slowCpu++, counts.slowWall++, note(`killed after 120 s: ${c.label}`));
  else if (isOom(o)) (counts.oom++, note(`out of memory (exit ${o.status ?? o.signal}): ${c.label}: ${o.stderr.slice(-300)}`));
  else (counts.internal++, note(`internal (exit ${o.status ?? o.signal}): ${c.label}: ${o.stderr.slice(0, 400)}`));
  return null;
}

/** `spec lint` (text output) and `check --plan`, each in its own process, judged on what a user sees. */
async function ownProcess(c: FuzzCase, file: string, cache: string, commands: ('lint' | 'plan')[]): Promise<void> {
  for (const command of commands) {
    const args = command === 'lint' ? ['spec', 'lint', file] : ['check', file, '--plan', '--cache', cache];
    const o = await cli(args, 120_000);
    counts.processRuns++;
    if (command === 'plan') counts.planRuns++;
    const label = `${args[0]} ${args[1] === file ? '' : `${args[1]} `}(${c.label})`;
    if (o.maxRssMb !== null && o.maxRssMb > peakRss.mb) peakRss = { mb: o.maxRssMb, label };
    if (o.timedOut) (counts.processSlowCpu++, counts.processSlowWall++, note(`process killed after 120 s: ${label}`));
    else {
      if (o.cpu !== null && o.cpu > SLOW_S) (counts.processSlowCpu++, note(`process over ${SLOW_S} s CPU (${o.cpu.toFixed(1)} s): ${label}`));
      if (o.wall > SLOW_S) (counts.processSlowWall++, note(`process over ${SLOW_S} s wall-clock (${o.wall.toFixed(1)} s, CPU ${o.cpu?.toFixed(1) ?? '?'} s, load ${loadavg()[0].toFixed(1)}): ${label}`));
    }
    if (isOom(o)) (counts.processOom++, note(`process out of memory: ${label}`));
    else if (isInternal(o)) (counts.processInternal++, note(`process internal (exit ${o.status ?? o.signal}): ${label}: ${o.stderr.slice(0, 400)}`));
    if (o.status === 2) {
      const problems = o.stderr.split('\n').filter((l) => l.startsWith('error: ')).map((l) => l.slice('error: '.length));
      if (problems.length === 0 || problems.some((p) => !namesFileFieldValue(file, p) || p.length > MESSAGE_CHARS)) {
        counts.processUnnamed++;
        note(`process rejection not naming file, field and value: ${label}: ${(problems[0] ?? o.stderr).slice(0, 300)}`);
      }
    }
  }
}

const batches = Math.ceil(total / batchSize);
const every = Math.max(1, Math.floor(total / Math.max(1, perProcess)));
const planPerBatch = Math.ceil(planClean / batches);
const work = mkdtempSync(join(tmpdir(), 'th-fuzz-'));
const t0 = performance.now();
let nextBatch = 0;
let done = 0;

async function runBatch(b: number): Promise<void> {
  const n = Math.min(batchSize, total - b * batchSize);
  // Each batch draws its own cases from its own seed: reproducible, and never all held in memory.
  const cases = fc.sample(fuzzCase, { numRuns: n, seed: seed + b });
  const dir = join(work, `b${b}`);
  mkdirSync(dir);
  const files = cases.map((c, i) => {
    const file = join(dir, `case-${b * batchSize + i}${c.ext}`);
    writeFileSync(file, c.text);
    return file;
  });
  const o = await cli(['spec', 'lint', '--json', '--timing', ...files], 60_000 + n * 2 * SLOW_S * 1000);
  if (o.maxRssMb !== null && o.maxRssMb > peakRss.mb) peakRss = { mb: o.maxRssMb, label: `a batch of ${n}` };
  let records = parseLint(o, n);
  if (!records) {
    note(`batch ${b} (exit ${o.status ?? o.signal}${o.timedOut ? ', timed out' : ''}): rerunning its files one by one`);
    records = [];
    for (const [i, c] of cases.entries()) records.push((await lintAlone(c, files[i]))!);
  }
  let planned = 0;
  for (const [i, c] of cases.entries()) {
    const r = records[i];
    if (r) judgeRecord(c, files[i], r);
    const index = b * batchSize + i;
    const commands: ('lint' | 'plan')[] = index % every === 0 ? ['lint', 'plan'] : r?.ok && planned < planPerBatch ? ['plan'] : [];
    if (commands.includes('plan') && r?.ok) planned++;
    if (commands.length > 0) await ownProcess(c, files[i], join(dir, 'cache'), commands);
  }
  rmSync(dir, { recursive: true, force: true });
  done++;
  // Running totals, so an interrupted run still reports what it saw.
  console.log(
    `  ${counts.cases}/${total} (${done}/${batches} batches, ${((performance.now() - t0) / 1000).toFixed(0)} s, load ${loadavg()[0].toFixed(1)}): ` +
      `${counts.internal + counts.processInternal} internal, ${counts.slowCpu + counts.processSlowCpu} over ${SLOW_S} s CPU, ${counts.oom + counts.processOom} OOM, ` +
      `${counts.unnamed + counts.processUnnamed} unnamed; ${counts.processRuns} own-process runs`,
  );
}

await Promise.all(
  Array.from({ length: jobs }, async () => {
    while (nextBatch < batches) await runBatch(nextBatch++);
  }),
);
rmSync(work, { recursive: true, force: true });

const seconds = (performance.now() - t0) / 1000;
console.log(
  `fuzz: ${counts.cases} specs through \`spec lint --json --timing\` (${batches} processes of up to ${batchSize} files, ${jobs} at a time, nice 10; ${counts.reruns} files rerun alone): ` +
    `${counts.rejected} rejected, ${counts.internal} internal errors, ${counts.slowCpu} over ${SLOW_S} s CPU (slowest ${slowestCpu.s.toFixed(2)} s: ${slowestCpu.label}), ` +
    `${counts.slowWall} over ${SLOW_S} s wall-clock (slowest ${slowestWall.s.toFixed(2)} s: ${slowestWall.label}), ${counts.oom} out-of-memory aborts, ` +
    `${counts.unnamed} rejections not naming file, field and value, ${counts.longMessage} messages over ${MESSAGE_CHARS} characters, ${counts.unexplained} rejected without a problem`,
);
console.log(
  `fuzz: ${counts.processRuns} runs in a process of their own (\`spec lint\` text output and \`check --plan\`; ${counts.planRuns} \`check --plan\`): ` +
    `${counts.processInternal} internal errors, ${counts.processSlowCpu} over ${SLOW_S} s CPU, ${counts.processSlowWall} over ${SLOW_S} s wall-clock, ` +
    `${counts.processOom} out-of-memory aborts, ${counts.processUnnamed} rejections not naming file, field and value; ` +
    `peak memory ${peakRss.mb.toFixed(0)} MB (${peakRss.label}); ${seconds.toFixed(0)} s in all`,
);
console.log(`fuzz: mutation kinds (cases drawn / rejected): ${[...kinds].sort((a, b) => b[1].drawn - a[1].drawn).map(([k, v]) => `${k} ${v.drawn}/${v.rejected}`).join(', ')}`);
for (const e of examples) console.log(`  ${e}`);
const bad = counts.internal + counts.slowCpu + counts.oom + counts.unnamed + counts.longMessage + counts.unexplained + counts.processInternal + counts.processSlowCpu + counts.processOom + counts.processUnnamed;
process.exit(bad > 0 ? 1 : 0);
