import t from 'tap';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { CLI_ARGS } from './helpers/cli.js';

// Through the built CLI (npm test builds dist/ first): the answers a user gets before any real work.
const cli = (args: string[]) => spawnSync(process.execPath, [...CLI_ARGS, ...args], { encoding: 'utf8' });
const version = JSON.parse(readFileSync('package.json', 'utf8')).version;

t.test('--version prints the version on stdout', async (t) => {
  for (const flag of ['--version', '-V']) {
    const r = cli([flag]);
    t.equal(r.status, 0);
    t.equal(r.stdout, `${version}\n`);
  }
});

t.test('a bare command prints the help on stdout and exits 0; --help too', async (t) => {
  for (const args of [[], ['--help']]) {
    const r = cli(args);
    t.equal(r.status, 0, r.stderr);
    t.match(r.stdout, /^Usage: theorem-harness /);
    for (const name of ['simulate', 'check', 'merge', 'spec', 'report', 'baseline']) t.match(r.stdout, new RegExp(`\\n  ${name}\\b`), `lists ${name}`);
    t.equal(r.stderr, '');
  }
  const sub = cli(['check', '--help']);
  t.equal(sub.status, 0);
  t.match(sub.stdout, /--heartbeat <seconds>/);
});

t.test('a mistake gets one line naming it and where help is, exit 2 (negative: not the help page)', async (t) => {
  const cases: Array<[string[], RegExp]> = [
    [['check', '--bogus'], /^error: unknown option '--bogus' \(see 'theorem-harness --help'\)\n$/],
    [['bogus'], /^error: unknown command 'bogus' \(see 'theorem-harness --help'\)\n$/],
    [['spec', 'lint'], /^error: missing required argument 'files' \(see 'theorem-harness --help'\)\n$/],
  ];
  for (const [args, message] of cases) {
    const r = cli(args);
    t.equal(r.status, 2, args.join(' '));
    t.match(r.stderr, message);
    t.notMatch(r.stderr, /Usage:/, 'no help page');
    t.equal(r.stdout, '');
  }
});

t.test('the help page of the whole program (written without loading the commands) matches every command', async (t) => {
  const { Command, Help } = await import('commander');
  const { OVERVIEW } = await import('../src/commands/overview.js');
  const help = new Help();
  for (const [name, entry] of Object.entries(OVERVIEW)) {
    const program = new Command('theorem-harness');
    (await import(`../src/commands/${name}.js`)).register(program);
    const cmd = program.commands.find((c) => c.name() === name);
    t.ok(cmd, `${name} registers itself`);
    if (!cmd) continue;
    t.equal(entry.term, help.subcommandTerm(cmd), `${name}: usage`);
    t.equal(entry.description, cmd.description(), `${name}: description`);
  }
  // `help` loads every command module and lets commander write the page: the same page, so no command is missing.
  const loaded = cli(['help']);
  t.equal(loaded.status, 0);
  t.equal(cli(['--help']).stdout, loaded.stdout, 'the same page as with every command loaded');
});
