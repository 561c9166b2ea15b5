import { readFileSync } from 'node:fs';
import t from 'tap';
import { runGoldenSettings } from './fixtures/golden/run.js';

// Results recorded from the code before the components redesign (test/fixtures/golden/record.ts):
// the same parameters must still give exactly the same numbers on both engines.
const recorded = JSON.parse(readFileSync(new URL('./fixtures/golden/runs.json', import.meta.url), 'utf8')) as Array<{ name: string; result: Record<string, unknown> }>;

t.test('every recorded setting gives the recorded result exactly', async (t) => {
  const now = await runGoldenSettings();
  t.equal(now.length, recorded.length);
  for (const [i, { name, result }] of now.entries()) {
    const before = recorded[i].result;
    // An engine's version may move (the tiled kernel's multi-tile sums changed in 1.5.0) as long as
    // these single-tile settings keep every number: the version is compared apart, as a string.
    const { params, engineVersion, ...rest } = JSON.parse(JSON.stringify(result)) as Record<string, unknown> & { params: Record<string, unknown> };
    const { params: paramsBefore, engineVersion: versionBefore, ...restBefore } = before as Record<string, unknown> & { params: Record<string, unknown> };
    t.same(rest, restBefore, name);
    t.type(engineVersion, 'string', `${name}: engineVersion ${String(versionBefore)} -> ${String(engineVersion)}`);
    // Parameters added since (component selectors) are allowed; every recorded one is unchanged.
    for (const [key, value] of Object.entries(paramsBefore)) t.same(params[key], value, `${name}: params.${key}`);
  }
});
