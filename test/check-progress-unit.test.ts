import t from 'tap';
import { canRedraw, resultsTable } from '../src/check/console.js';
import { CheckClock, formatDuration } from '../src/check/clock.js';
import { handleInterrupts, rerunCommand, shellQuote } from '../src/check/interrupt.js';
import { displayPath } from '../src/util/display-path.js';
import { fixture } from './helpers/report.js';

t.test('clock: per-claim and overall ETA extrapolate the computed runs, not the cache hits', async (t) => {
  let now = 100;
  const clock = new CheckClock(() => now);
  clock.plan([{ runs: 10 }, { runs: 30 }]);
  t.equal(clock.read().overall.eta, null, 'no ETA before a run was computed');
  clock.claimStart({ id: 'a', index: 0, total: 2, runs: 10 });
  clock.progress({ done: 4, total: 10, cached: 4 });
  t.equal(clock.read().claim.eta, null, 'cache hits alone give no rate');
  now = 110;
  clock.progress({ done: 6, total: 10, cached: 4 });
  const r = clock.read();
  t.equal(r.claim.elapsed, 10);
  t.equal(r.claim.eta, 20, '2 computed runs in 10 s, 4 to go');
  t.equal(r.overall.eta, (10 * 34) / 2, '34 runs to go overall');
  clock.claimDone();
  t.equal(clock.read().overall.claimsDone, 1);
  t.same(['5s', '3m05s', '1h02m', '?'].map(String), [formatDuration(5), formatDuration(185), formatDuration(3720), formatDuration(null)]);
});

t.test('redraw only on a terminal, never with CI set or TERM=dumb', async (t) => {
  t.equal(canRedraw({ isTTY: true }, { TERM: 'xterm' }), true);
  t.equal(canRedraw({ isTTY: false }, { TERM: 'xterm' }), false);
  t.equal(canRedraw({ isTTY: true }, { TERM: 'dumb' }), false);
  t.equal(canRedraw({ isTTY: true }, { TERM: 'xterm', CI: 'true' }), false);
});

t.test('the summary table never cuts the statistic text', async (t) => {
  const results = fixture();
  const long = 'no significant step against the claimed direction at any of the 7 steps (Bonferroni)';
  results.claims[0].statistic = { ...results.claims[0].statistic!, threshold: long };
  const table = resultsTable(results);
  t.ok(table.includes(long), 'whole threshold text present');
  t.notOk(table.includes('…'), 'no ellipsis');
});

t.test("the summary table says whether each claim's rule is anytime-valid", async (t) => {
  const results = fixture();
  results.claims[0].anytimeValid = true;
  results.claims[1].anytimeValid = false;
  const lines = resultsTable(results).split('\n');
  t.match(lines[0], /\bvalid\b/, 'a column for it');
  t.match(lines.find((l) => l.startsWith(results.claims[0].id))!, /\banytime\b/);
  t.match(lines.find((l) => l.startsWith(results.claims[1].id))!, /\bfixed-n\b/);
});

t.test('a second interrupt exits at once, even while the first is still writing its message', async (t) => {
  const exits: number[] = [];
  let stopped = 0;
  const stuck = { write: (_m: string, _cb?: () => void) => true } as unknown as NodeJS.WritableStream;
  const release = handleInterrupts({ stopProgress: () => stopped++, saved: () => 3, cacheDir: '/x/cache', resume: 'theorem-harness check', stream: stuck, exit: (c) => exits.push(c) });
  t.teardown(release);
  process.emit('SIGINT');
  t.same(exits, [], 'the first waits for its message to be written');
  t.equal(stopped, 1, 'progress stopped (terminal restored) first');
  process.emit('SIGINT');
  t.same(exits, [130], 'the second exits at once with 130');
  const said: string[] = [];
  const release2 = handleInterrupts({ stopProgress() {}, saved: () => 1, cacheDir: '/x/cache', resume: 'again', stream: { write: (m: string, cb?: () => void) => (said.push(m), cb?.(), true) } as unknown as NodeJS.WritableStream, exit: (c) => exits.push(c) });
  release();
  process.emit('SIGINT');
  release2();
  t.match(said.join(''), /interrupted: 1 run finished in this check is saved in the cache \(\/x\/cache\); resume with:\n {2}again\n/);
  t.same(exits, [130, 130]);
});

t.test('resume command and paths are printed as a user would type them', async (t) => {
  t.equal(shellQuote('a b'), "'a b'");
  t.equal(shellQuote("it's"), `'it'\\''s'`);
  t.equal(rerunCommand(['check', 'spec/x.ts', '--only', 'a,b']), 'theorem-harness check spec/x.ts --only a,b');
  t.equal(displayPath('/w/p/reports/latest', '/w/p'), 'reports/latest');
  t.equal(displayPath('/tmp/out', '/w/p'), '/tmp/out', 'outside the working directory: absolute');
  t.equal(displayPath('/w/p', '/w/p'), '.');
});
