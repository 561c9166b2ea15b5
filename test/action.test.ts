import t from 'tap';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import YAML from 'yaml';

// The GitHub Action: its definition is sound, and its check step, run here as the runner would, checks a spec,
// records the exit code and leaves the report for the upload step.
const ROOT = resolve(import.meta.dirname, '..');
const action = YAML.parse(readFileSync(join(ROOT, 'action.yml'), 'utf8'));

t.test('action.yml: a composite action whose steps use only its own inputs', async (t) => {
  t.equal(action.runs.using, 'composite');
  const names = Object.keys(action.inputs);
  t.same(names.sort(), ['args', 'artifact-name', 'baseline', 'node-version', 'out', 'profile', 'spec']);
  const text = readFileSync(join(ROOT, 'action.yml'), 'utf8');
  for (const used of text.matchAll(/inputs\.([a-z-]+)/g)) t.ok(names.includes(used[1]), `input ${used[1]} is declared`);
  const upload = action.runs.steps.find((s: { uses?: string }) => s.uses?.startsWith('actions/upload-artifact'));
  t.equal(upload.if, 'always()', 'the report is uploaded even when the check fails');
  t.equal(upload.with.path, '${{ inputs.out }}');
  t.ok(action.runs.steps.every((s: { run?: string; shell?: string }) => !s.run || s.shell === 'bash'), 'composite run steps name their shell');
});

t.test('the check step runs the check, records its exit code and leaves the report (tiny spec)', async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'th-action-'));
  const output = join(work, 'github-output');
  const summary = join(work, 'summary.md');
  writeFileSync(output, '');
  const run = (env: Record<string, string>) =>
    spawnSync('bash', [join(ROOT, '.github', 'action-check.sh')], {
      cwd: work,
      encoding: 'utf8',
      env: { ...process.env, CI: 'true', XDG_CACHE_HOME: join(work, 'xdg'), GITHUB_ACTION_PATH: ROOT, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary, TH_PROFILE: 'quick', TH_OUT: 'out', TH_BASELINE: '', ...env },
    });
  const ok = run({ TH_SPEC: join(ROOT, 'test/fixtures/tiny-spec.yaml'), TH_ARGS: '--only error-bounded --seeds 1 --workers 1 --format md' });
  t.equal(ok.status, 0, ok.stderr);
  t.match(readFileSync(output, 'utf8'), /^exit-code=0$/m);
  t.ok(existsSync(join(work, 'out', 'results.json')) && existsSync(join(work, 'out', 'report.md')), 'report left for the upload step');
  t.match(readFileSync(summary, 'utf8'), /error-bounded/, 'the report goes to the job summary');
  const bad = run({ TH_SPEC: join(ROOT, 'test/fixtures/tiny-spec.yaml'), TH_ARGS: '--profile nonsense' });
  t.equal(bad.status, 0, 'the step itself succeeds so the upload runs');
  t.match(readFileSync(output, 'utf8'), /^exit-code=2$/m, 'negative control: a bad input is recorded as exit 2');
});
