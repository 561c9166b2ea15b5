import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { CLI_ARGS } from './cli.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** The shell word for a string (single-quoted unless plain). */
function quote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** util-linux `script` runs a command on a pseudo-terminal without native npm modules. */
export function havePty(): boolean {
  const r = spawnSync('script', ['--version'], { encoding: 'utf8' });
  return !r.error && r.status === 0;
}

export interface PtySession {
  /** Everything the command wrote to the terminal so far (escapes included). */
  output(): string;
  /** Types on the terminal (e.g. '\x03' for Ctrl-C). */
  type(text: string): void;
  /** Resolves once the output matches. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves with the command's exit code and its whole output. */
  exited: Promise<{ code: number | null; output: string }>;
}

/** Runs the CLI (./cli.ts: built when dist/ is fresh, else from source) on a pseudo-terminal, with `env` on top of this process's environment. */
export function cliOnPty(args: string[], env: Record<string, string | undefined> = {}): PtySession {
  const command = [process.execPath, ...CLI_ARGS, ...args].map(quote).join(' ');
  // `stty cols` gives the terminal a width (a fresh pty has 0 columns, which progress bars treat as unlimited).
  const child = spawn('script', ['-qfec', `stty cols 160 rows 40 2>/dev/null; exec ${command}`, '/dev/null'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  const waiters: Array<() => void> = [];
  const onData = (d: Buffer) => {
    out += d.toString('utf8');
    waiters.splice(0).forEach((w) => w());
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<{ code: number | null; output: string }>((resolve) => child.on('close', (code) => resolve({ code, output: out })));
  return {
    output: () => out,
    type: (text) => child.stdin.write(text),
    exited,
    waitFor(pattern, timeoutMs = 120_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern} in:\n${out.slice(-2000)}`)), timeoutMs);
        const test = () => {
          if (pattern.test(out)) {
            clearTimeout(timer);
            resolve();
          } else waiters.push(test);
        };
        test();
        void exited.then(() => {
          if (!pattern.test(out)) {
            clearTimeout(timer);
            reject(new Error(`exited before ${pattern} appeared:\n${out.slice(-2000)}`));
          }
        });
      });
    },
  };
}
