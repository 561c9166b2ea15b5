// Start-up time of the built CLI (bin/theorem-harness.js, run `npm run build` first) against plain `node -e ''`
// measured in the same run: the median of 7 starts each, as a ratio to node's own start-up.
// Run: npm run bench -- cli-startup
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const bin = join(root, 'bin', 'theorem-harness.js');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function startSeconds(args: string[]): number {
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
    times.push((performance.now() - t0) / 1000);
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  }
  return median(times);
}

const cases: Array<[string, string[]]> = [
  ["node -e ''", ['-e', '']],
  ['--version', [bin, '--version']],
  ['--help', [bin, '--help']],
  ['spec --help', [bin, 'spec', '--help']],
  ['check --help', [bin, 'check', '--help']],
  ['slurm --help', [bin, 'slurm', '--help']],
];
const base = startSeconds(cases[0][1]);
for (const [name, args] of cases) {
  const s = name === cases[0][0] ? base : startSeconds(args);
  console.log(`${name.padEnd(14)} ${s.toFixed(3)} s  (${(s / base).toFixed(2)} x node -e '')`);
}
console.log(`load average ${loadavg()[0].toFixed(1)}`);
