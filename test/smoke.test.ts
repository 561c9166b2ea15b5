import t from 'tap';
import { spawnSync } from 'node:child_process';
import { CLI_ARGS } from './helpers/cli.js';

t.test('the CLI prints its version and exits 2 on an unknown flag', async (t) => {
  const ok = spawnSync(process.execPath, [...CLI_ARGS, '--version'], { encoding: 'utf8' });
  t.equal(ok.status, 0);
  t.match(ok.stdout, /^\d+\.\d+\.\d+/);
  const bad = spawnSync(process.execPath, [...CLI_ARGS, '--no-such-flag'], { encoding: 'utf8' });
  t.equal(bad.status, 2);
  t.match(bad.stderr, /unknown option/);
});
