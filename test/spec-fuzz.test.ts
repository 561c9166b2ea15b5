import t from 'tap';
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintSpec } from '../src/spec/lint.js';
import { fuzzCase, namesFileFieldValue } from './helpers/spec-mutations.js';

// Fuzzed specs through the loader and lint: never an internal error, every rejection names file,
// field and value, and each case finishes fast. The long run (10,000 specs through the CLI) is
// `npm run bench -- fuzz`.
t.test('fuzzed specs: rejected with InputErrors naming file, field and value, never an internal error', async (t) => {
  const dir = t.testdir({});
  let n = 0;
  let rejected = 0;
  const unnamed: string[] = [];
  await fc.assert(
    fc.asyncProperty(fuzzCase, async (c) => {
      const file = join(dir, `case-${n++}${c.ext}`);
      writeFileSync(file, c.text);
      const r = await lintSpec(file); // throws only for an internal error, which fails the property
      if (r.problems.length > 0) rejected++;
      for (const p of r.problems) if (!namesFileFieldValue(file, p)) unnamed.push(`${c.label}: ${p.slice(0, 300)}`);
      for (const p of r.problems) if (p.length > 2000) return false; // a short excerpt, never an echo
      return true;
    }),
    { numRuns: 300, seed: 20261201 },
  );
  t.same(unnamed, [], 'every rejection names file, field and value');
  t.ok(rejected > 200, `most mutants are rejected (${rejected} of ${n})`);
});
