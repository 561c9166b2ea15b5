import t from 'tap';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import fc from 'fast-check';
import { addParamFlags, paramsFromOptions, replayCommand } from '../src/commands/simulate-flags.js';
import { register } from '../src/commands/simulate.js';
import { resolveParams } from '../src/engine/params.js';
import { InputError } from '../src/util/errors.js';
import { CLI_ARGS } from './helpers/cli.js';

// Through tsx, so the test needs no build; the bin runs the same module from dist/.
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [...CLI_ARGS, 'simulate', '--quiet', ...args], { encoding: 'utf8' });
const dir = mkdtempSync(join(tmpdir(), 'simulate-cli-'));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const tiny = ['--d', '60', '--m', '3', '--n-test', '40', '--n-unlabeled', '30', '--steps', '20', '--pretrain-steps', '5', '--finetune-steps', '20', '--curve-points', '4'];

t.test('--json prints one object with the contract fields', async (t) => {
  for (const regime of ['supervised', 'simclr']) {
    const out = cli('--regime', regime, ...tiny, '--json');
    t.equal(out.status, 0, out.stderr);
    const r = JSON.parse(out.stdout);
    t.equal(r.regime, regime);
    t.equal(r.params.d, 60);
    for (const k of ['trainLoss', 'testLoss', 'testError', 'alignment']) t.type(r.metrics[k], 'number', `metrics.${k}`);
    t.ok(Math.abs(r.snr - 0.1) < 1e-12);
    t.equal(r.engine, 'tensor');
    t.match(r.backend, /^(wasm|cpu|tensorflow)$/);
    t.type(r.wallSeconds, 'number');
    t.equal(r.diverged, null);
    t.equal(r.curves.train.length, 4);
    if (regime === 'simclr') {
      t.type(r.metrics.alignmentPretrain, 'number');
      t.equal(r.curves.pretrain.length, 4);
    }
  }
});

t.test('the summary names engine, backend and the replay command', async (t) => {
  const out = cli(...tiny, '--label-noise', '0.1');
  t.equal(out.status, 0, out.stderr);
  t.match(out.stdout, /engine tensor .* backend (wasm|cpu|tensorflow)/);
  t.match(out.stdout, /test error \d\.\d{3}/);
  t.match(out.stdout, /replay: theorem-harness simulate .*--label-noise 0\.1/);
});

t.test('--config supplies parameters and flags override it', async (t) => {
  const config = file('ok.json', JSON.stringify({ d: 50, steps: 7, nTest: 30, m: 2, snr: 0.3, curvePoints: 3 }));
  const out = cli('--config', config, '--steps', '4', '--mu-norm', '2', '--json');
  t.equal(out.status, 0, out.stderr);
  const r = JSON.parse(out.stdout);
  t.equal(r.params.d, 50);
  t.equal(r.params.steps, 4);
  t.equal(r.params.muNorm, 2, '--mu-norm replaces the file\'s snr');
});

const badInputs: Array<[string, string[], RegExp]> = [
  ['unknown flag', ['--no-such-knob', '3'], /unknown option '--no-such-knob'/],
  ['negative dimension', ['--d', '-5'], /d: .*-5/],
  ['zero dimension', ['--m', '0'], /m: .*0/],
  ['labelNoise >= 0.5', ['--label-noise', '0.5'], /labelNoise: .*0\.5/],
  ['non-numeric value', ['--eta', 'fast'], /--eta: expected a number \(got "fast"\)/],
  ['unknown choice', ['--augment', 'rotate'], /augment: .*"rotate"/],
  ['both snr and muNorm', ['--snr', '0.2', '--mu-norm', '3'], /muNorm and snr/],
  ['config not JSON', ['--config', file('bad.json', '{"d": 10,')], /bad\.json: not valid JSON/],
  ['config with an unknown field', ['--config', file('extra.json', '{"d": 10, "depth": 3}')], /extra\.json: .*"depth"/],
  ['config with a bad value', ['--config', file('neg.json', '{"nLabeled": -1}')], /neg\.json: nLabeled: .*-1/],
  ['config that is not an object', ['--config', file('list.json', '[1, 2]')], /list\.json: expected a JSON object/],
  ['missing config file', ['--config', join(dir, 'absent.json')], /absent\.json: cannot read/],
];

t.test('every bad input is rejected before any run, naming the field and the value', async (t) => {
  for (const [name, args, message] of badInputs) {
    let stderr = '';
    const program = new Command('theorem-harness').exitOverride().configureOutput({ writeErr: (s) => (stderr += s), writeOut: () => {} });
    register(program);
    const error = await program.parseAsync(['simulate', '--quiet', ...args], { from: 'user' }).then(
      () => null,
      (e: unknown) => e,
    );
    // src/cli.ts maps both kinds to exit 2 (commander prints its own message).
    t.ok(error instanceof InputError || error instanceof CommanderError, `${name}: an input error`);
    t.match(error instanceof InputError ? error.message : stderr, message, `${name}: message`);
  }
});

t.test('bad input exits 2 from the real CLI', async (t) => {
  for (const k of [0, 1, 3, 7]) {
    const [name, args, message] = badInputs[k];
    const out = cli(...args);
    t.equal(out.status, 2, `${name}: exit 2`);
    t.match(out.stderr, message, `${name}: message on stderr`);
    t.equal(out.stdout, '', `${name}: nothing on stdout`);
  }
});

/** Splits a replay command the way a POSIX shell would for the quoting replayCommand uses. */
const words = (command: string): string[] => [...command.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map((m) => m[1]?.replace(/'\\''/g, "'") ?? m[2]);

t.test('replayCommand emits only non-default values and replays to the same parameters', async (t) => {
  t.equal(replayCommand(resolveParams({})), 'theorem-harness simulate');
  t.equal(replayCommand(resolveParams({ d: 2000, regime: 'simclr' })), 'theorem-harness simulate --regime simclr --d 2000');
  const replay = (command: string) => {
    const program = addParamFlags(new Command('simulate').exitOverride());
    program.parse(words(command).slice(2), { from: 'user' });
    return paramsFromOptions(program.opts());
  };
  fc.assert(
    fc.property(
      fc.record(
        {
          regime: fc.constantFrom('supervised' as const, 'simclr' as const),
          d: fc.integer({ min: 1, max: 5000 }),
          snr: fc.double({ min: 0.01, max: 2, noNaN: true }),
          muNorm: fc.double({ min: 0.01, max: 50, noNaN: true }),
          activation: fc.constantFrom('linear' as const, 'relu' as const, 'relu^q' as const),
          labelNoise: fc.double({ min: 0, max: 0.49, noNaN: true }),
          finetuneInitNorm: fc.option(fc.double({ min: 0.01, max: 5, noNaN: true }), { nil: null }),
          augment: fc.constantFrom('class-conditional' as const, 'shuffle-signal' as const, 'mask' as const),
          seed: fc.nat(1000),
        },
        { requiredKeys: [] },
      ),
      (input) => {
        const { snr, muNorm, ...rest } = input;
        const params = resolveParams(muNorm !== undefined && snr !== undefined ? { ...rest, muNorm } : input);
        t.strictSame(replay(replayCommand(params)), params);
      },
    ),
    { numRuns: 60 },
  );
});
