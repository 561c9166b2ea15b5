import t from 'tap';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliOnPty, havePty } from './helpers/pty.js';
import { CLI_ARGS } from './helpers/cli.js';

// Progress and Ctrl-C through the CLI, on a pseudo-terminal (util-linux `script`) and on pipes, on the tiny spec.
const SPEC = 'test/fixtures/tiny-spec.yaml';
const LOSS_SPEC = 'test/fixtures/tiny-loss-spec.yaml';
const tmp = mkdtempSync(join(tmpdir(), 'th-progress-'));
const ESC = '\x1b[';
const TERMINAL = { CI: undefined, TERM: 'xterm-256color', THEOREM_HARNESS_REQUIRE_ALL: undefined };

function countRuns(cacheDir: string): number {
  return readdirSync(cacheDir, { recursive: true }).filter((f) => String(f).endsWith('.json')).length;
}

t.test('on a terminal: bars with elapsed time and ETA; Ctrl-C restores the terminal, says what is saved and exits 130', { skip: havePty() ? false : 'util-linux script not found: apt-get install -y util-linux' }, async (t) => {
  const cache = join(tmp, 'tty-cache');
  const args = ['check', SPEC, '--out', join(tmp, 'tty-out'), '--cache', cache, '--no-report', '--workers', '1', '--seeds', '20'];
  const session = cliOnPty(args, TERMINAL);
  await session.waitFor(/\[1\/2\] error-bounded.*runs .*elapsed, ETA \d/);
  await session.waitFor(/overall: 0\/2 claims, \d+s elapsed, ETA/);
  await session.waitFor(/error-bounded .* ([3-9]|[1-3]\d)\/40 runs/);
  session.type('\x03');
  const { code, output } = await session.exited;
  t.equal(code, 130, 'exit code of an interrupted command');
  const hide = output.lastIndexOf(`${ESC}?25l`);
  t.ok(hide >= 0, 'the bars hid the cursor');
  t.ok(output.lastIndexOf(`${ESC}?25h`) > hide, 'cursor shown again after the last hide');
  t.ok(output.lastIndexOf(`${ESC}?7h`) > output.lastIndexOf(`${ESC}?7l`), 'line wrap back on');
  const said = /interrupted: (\d+) runs? finished in this check (?:is|are) saved in the cache \(([^)]+)\); resume with:\r?\n {2}(.*)\r?\n/.exec(output);
  t.ok(said, `the interrupt message:\n${output.slice(-600)}`);
  if (!said) return;
  const saved = Number(said[1]);
  t.ok(saved >= 3, `${saved} runs saved`);
  t.equal(said[2], cache);
  t.equal(said[3], `theorem-harness ${args.join(' ')}`, 'the command that resumes');
  t.ok(countRuns(cache) >= saved, 'the runs it counts are in the cache');
});

t.test('two Ctrl-C at once on a terminal: exits 130 at once, the terminal restored all the same', { skip: havePty() ? false : 'util-linux script not found: apt-get install -y util-linux' }, async (t) => {
  const session = cliOnPty(['check', SPEC, '--out', join(tmp, 'twice-out'), '--cache', join(tmp, 'twice-cache'), '--no-report', '--workers', '1', '--seeds', '20'], TERMINAL);
  await session.waitFor(/error-bounded .* [1-9]\d*\/40 runs/);
  session.type('\x03\x03');
  const { code, output } = await session.exited;
  t.equal(code, 130);
  const hide = output.lastIndexOf(`${ESC}?25l`);
  t.ok(hide >= 0 && output.lastIndexOf(`${ESC}?25h`) > hide, 'cursor shown again after the last hide');
  t.ok(output.lastIndexOf(`${ESC}?7h`) > output.lastIndexOf(`${ESC}?7l`), 'line wrap back on');
});

t.test('TERM=dumb and CI=true on a terminal: no cursor escapes; a heartbeat line at the requested interval', { skip: havePty() ? false : 'util-linux script not found: apt-get install -y util-linux' }, async (t) => {
  // A claim that passes at 3 seeds (error-bounded of tiny-spec stays inconclusive there: README "Point rules").
  const cache = join(tmp, 'plain-cache');
  for (const env of [{ ...TERMINAL, TERM: 'dumb' }, { ...TERMINAL, CI: 'true' }]) {
    const session = cliOnPty(['check', LOSS_SPEC, '--only', 'loss-bounded', '--out', join(tmp, 'plain-out'), '--cache', cache, '--no-report', '--workers', '1', '--seeds', '3', '--heartbeat', '0.2'], env);
    const { code, output } = await session.exited;
    const name = env.CI ? 'CI=true' : 'TERM=dumb';
    t.equal(code, 0, `${name}: ${output.slice(-400)}`);
    t.notOk(output.includes('\x1b'), `${name}: no escape sequence at all`);
    t.match(output, /\[1\/1\] loss-bounded: \d+ runs planned/, `${name}: claim start line`);
    t.match(output, /loss-bounded: PASS \(\d+\.\d s; overall \d+s elapsed, ETA \d+s\)/, `${name}: claim end line with overall time`);
    if (!env.CI) t.match(output, /\[1\/1\] loss-bounded: \d+\/\d+ runs.*, \d+s elapsed, ETA (\d+s|\?); overall \d+s elapsed, ETA/, `${name}: heartbeat line`);
  }
});

t.test('without a terminal, SIGINT (Ctrl-C in a pipeline) also says what is saved and exits 130', async (t) => {
  const cache = join(tmp, 'pipe-cache');
  const child = spawn(process.execPath, [...CLI_ARGS, 'check', SPEC, '--out', join(tmp, 'pipe-out'), '--cache', cache, '--no-report', '--workers', '1', '--seeds', '20', '--heartbeat', '0'], {
    env: { ...process.env, CI: 'true' },
  });
  let err = '';
  child.stdout.resume();
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  await new Promise<void>((resolve) => {
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (/\[1\/2\] error-bounded: \d+ runs planned/.test(err)) resolve();
    });
    void exited.then(() => resolve());
  });
  // Let a few runs finish first.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  child.kill('SIGINT');
  t.equal(await exited, 130);
  t.match(err, /interrupted: \d+ runs? finished in this check (is|are) saved in the cache/);
  t.match(err, /resume with:\n {2}theorem-harness check test\/fixtures\/tiny-spec\.yaml /);
  t.notOk(err.includes('\x1b'), 'no escapes on a pipe');
});
