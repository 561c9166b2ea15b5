import cliProgress from 'cli-progress';
import type { ClaimResult, Results } from '../../proofs-check/results.js';
import type { CheckEvents } from './run-check.js';

function fmt(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return String(x ?? '-');
  const a = Math.abs(x);
  return a !== 0 && (a >= 1e4 || a < 1e-3) ? x.toExponential(2) : String(Number(x.toPrecision(3)));
}

export function statisticText(c: ClaimResult): string {
  const s = c.statistic;
  if (!s) return '-';
  const iv = s.interval ? ` [${fmt(s.interval[0])}, ${fmt(s.interval[1])}]` : '';
  return `${fmt(s.value)}${iv} vs ${s.threshold}`;
}

/** The end-of-check table: one line per claim. */
export function resultsTable(results: Results): string {
  const rows = results.claims.map((c) => [c.id, c.kind, c.verdict.toUpperCase(), statisticText(c), `${c.runs}`, `${c.wallSeconds.toFixed(1)}s`]);
  const head = ['claim', 'kind', 'verdict', 'statistic [interval] vs threshold', 'runs', 'time'];
  const widths = head.map((h, i) => Math.min(70, Math.max(h.length, ...rows.map((r) => r[i].length))));
  const line = (r: string[]) => r.map((x, i) => (x.length > widths[i] ? `${x.slice(0, widths[i] - 1)}…` : x.padEnd(widths[i]))).join('  ');
  const s = results.summary;
  const counts = Object.entries(s).filter(([, n]) => n > 0).map(([v, n]) => `${n} ${v}`).join(', ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), '', `${results.spec.id} (${results.profile}): ${counts}; ${results.wallSeconds.toFixed(0)} s, engine ${results.engine.name} on ${results.engine.backend}`].join('\n') + '\n';
}

/**
 * Progress for people: one bar per claim when stderr is a terminal, one line per claim otherwise
 * (CI logs), nothing with quiet.
 */
export function consoleEvents(quiet: boolean): { events: CheckEvents; stop(): void } {
  if (quiet) return { events: {}, stop() {} };
  const stream = process.stderr;
  if (!stream.isTTY) {
    return {
      events: {
        claimStart: (c) => stream.write(`[${c.index + 1}/${c.total}] ${c.id}: ${c.runs} runs planned${c.round ? ` (round ${c.round} of ${c.rounds}, ${c.seeds} seeds)` : ''}\n`),
        claimDone: (r) => stream.write(`        ${r.id}: ${r.verdict.toUpperCase()} (${r.wallSeconds.toFixed(1)} s)\n`),
      },
      stop() {},
    };
  }
  const multi = new cliProgress.MultiBar(
    { format: ' {claim} [{bar}] {value}/{total} runs {status}', hideCursor: true, clearOnComplete: false, stream },
    cliProgress.Presets.shades_grey,
  );
  let bar: cliProgress.SingleBar | null = null;
  let current = '';
  return {
    events: {
      claimStart: (c) => {
        current = c.id;
        const label = `[${c.index + 1}/${c.total}] ${c.id}${c.round && c.round > 1 ? ` r${c.round}` : ''}`;
        // A later round of the same claim continues its bar.
        if (bar && c.round && c.round > 1) bar.setTotal(Math.max(1, c.runs));
        else bar = multi.create(Math.max(1, c.runs), 0, { claim: label.padEnd(48).slice(0, 48), status: '' });
      },
      runProgress: (id, p) => {
        if (id !== current || !bar) return;
        if (p.total > bar.getTotal()) bar.setTotal(p.total);
        bar.update(p.done, { status: p.cached ? `(${p.cached} cached)` : '' });
      },
      claimDone: (r) => {
        if (bar) {
          bar.update(bar.getTotal(), { status: r.verdict.toUpperCase() });
          bar.stop();
        }
      },
    },
    stop: () => multi.stop(),
  };
}
