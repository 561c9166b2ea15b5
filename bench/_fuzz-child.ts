// One batch of the fuzz benchmark (bench/fuzz.ts): lint and plan `count` fuzzed specs in this
// process, the same code path as `spec lint` and `check --plan`, and print one JSON line per case.
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planCheck } from '../src/check/run-check.js';
import { lintSpec } from '../src/spec/lint.js';
import { InputError } from '../src/util/errors.js';
import { fuzzCase, namesFileFieldValue } from '../test/helpers/spec-mutations.js';

const [seed, count] = process.argv.slice(2).map(Number);
const dir = mkdtempSync(join(tmpdir(), 'th-fuzz-'));
const cases = fc.sample(fuzzCase, { numRuns: count, seed });
for (let i = 0; i < cases.length; i++) {
  const c = cases[i];
  const file = join(dir, `case-${i}${c.ext}`);
  writeFileSync(file, c.text);
  const t0 = performance.now();
  const out: Record<string, unknown> = { i, label: c.label };
  try {
    const r = await lintSpec(file);
    out.rejected = r.problems.length > 0;
    out.unnamed = r.problems.filter((p) => !namesFileFieldValue(file, p)).map((p) => p.slice(0, 300));
    if (!out.rejected) {
      try {
        await planCheck({ spec: file, profile: 'quick', cacheDir: join(dir, 'cache') });
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        out.planRejected = true;
        out.unnamed = [...(out.unnamed as string[]), ...e.problems.filter((p) => !namesFileFieldValue(file, p)).map((p) => p.slice(0, 300))];
      }
    }
  } catch (e) {
    out.internal = e instanceof Error ? (e.stack ?? e.message).slice(0, 500) : String(e);
  }
  out.seconds = (performance.now() - t0) / 1000;
  process.stdout.write(`${JSON.stringify(out)}\n`);
}
rmSync(dir, { recursive: true, force: true });
