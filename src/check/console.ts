import cliProgress from 'cli-progress';
import type { ClaimResult, Results } from '../../proofs-check/results.js';
import type { Progress } from '../sweep/executor.js';
import { CheckClock, formatDuration } from './clock.js';
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

/** `anytime` when the claim's rule is anytime-valid (confidence sequences), `fixed-n` when it holds at a fixed number of seeds. */
export function validityWord(c: Pick<ClaimResult, 'anytimeValid'>): string {
  return c.anytimeValid === undefined ? '-' : c.anytimeValid ? 'anytime' : 'fixed-n';
}

/** The end-of-check table: one line per claim. Columns are as wide as their widest cell: nothing is cut. */
export function resultsTable(results: Results): string {
  const rows = results.claims.map((c) => [c.id, c.kind, c.verdict.toUpperCase(), statisticText(c), validityWord(c), `${c.runs}`, `${c.wallSeconds.toFixed(1)}s`]);
  const head = ['claim', 'kind', 'verdict', 'statistic [interval] vs threshold', 'valid', 'runs', 'time'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((x, i) => (i === r.length - 1 ? x : x.padEnd(widths[i]))).join('  ').trimEnd();
  const s = results.summary;
  const counts = Object.entries(s).filter(([, n]) => n > 0).map(([v, n]) => `${n} ${v}`).join(', ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), '', `${results.spec.id} (${results.profile}): ${counts}; ${results.wallSeconds.toFixed(0)} s, engine ${results.engine.name} on ${results.engine.backend}`].join('\n') + '\n';
}

/**
 * Whether progress may redraw lines with cursor escapes: only on a terminal that understands them, and never in
 * CI logs (CI set) or on TERM=dumb.
 */
export function canRedraw(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(stream.isTTY) && !env.CI && env.TERM !== 'dumb';
}

/** Shows the cursor and turns line wrap back on (the progress bars hide and disable them). */
export const RESTORE_TERMINAL = '\x1b[?25h\x1b[?7h';

export interface ConsoleOptions {
  quiet?: boolean;
  /** Without redrawing, a progress line this often (seconds; 0: none). */
  heartbeatSeconds?: number;
  stream?: NodeJS.WriteStream;
}

export interface ConsoleProgress {
  events: CheckEvents;
  /** Ends the progress display and leaves the terminal as it was (safe to call twice). */
  stop(): void;
  /** Runs computed and saved to the cache so far (not counting those that were cached already). */
  saved(): number;
}

function heartbeatLine(clock: CheckClock): string {
  const r = clock.read();
  const c = r.claim;
  const claim = c.id ? `[${c.index + 1}/${c.total}] ${c.id}: ${c.done}/${c.runs} runs${c.cached ? ` (${c.cached} cached)` : ''}, ${formatDuration(c.elapsed)} elapsed, ETA ${formatDuration(c.eta)}; ` : '';
  return `${claim}overall ${formatDuration(r.overall.elapsed)} elapsed, ETA ${formatDuration(r.overall.eta)}\n`;
}

/**
 * Progress for people on stderr: one bar per claim with elapsed time and ETA (claim and overall) where the
 * terminal can redraw; otherwise a line per claim at start and end plus a heartbeat line at a steady interval
 * (CI logs, pipes, TERM=dumb); nothing with quiet.
 */
export function consoleEvents(opts: ConsoleOptions | boolean = {}): ConsoleProgress {
  const o: ConsoleOptions = typeof opts === 'boolean' ? { quiet: opts } : opts;
  const saved = new Set<string>();
  const noteSaved = (p: Progress) => {
    if (p.key && !p.error) saved.add(p.key);
  };
  if (o.quiet) return { events: { runProgress: (_id, p) => noteSaved(p) }, stop() {}, saved: () => saved.size };
  const stream = o.stream ?? process.stderr;
  const clock = new CheckClock();
  const common: CheckEvents = {
    checkStart: (plan) => clock.plan(plan.claims),
  };
  if (!canRedraw(stream)) {
    const every = (o.heartbeatSeconds ?? 30) * 1000;
    const timer = every > 0 ? setInterval(() => stream.write(heartbeatLine(clock)), every) : null;
    timer?.unref();
    return {
      events: {
        ...common,
        claimStart: (c) => {
          clock.claimStart(c);
          stream.write(`[${c.index + 1}/${c.total}] ${c.id}: ${c.runs} runs planned${c.round ? ` (round ${c.round} of ${c.rounds}, ${c.seeds} seeds)` : ''}\n`);
        },
        runProgress: (id, p) => {
          noteSaved(p);
          clock.progress(p);
        },
        claimDone: (r) => {
          clock.claimDone();
          const overall = clock.read().overall;
          stream.write(`        ${r.id}: ${r.verdict.toUpperCase()} (${r.wallSeconds.toFixed(1)} s; overall ${formatDuration(overall.elapsed)} elapsed, ETA ${formatDuration(overall.eta)})\n`);
        },
      },
      stop() {
        if (timer) clearInterval(timer);
      },
      saved: () => saved.size,
    };
  }
  const multi = new cliProgress.MultiBar(
    { format: ' {claim} [{bar}] {value}/{total} runs {status}', hideCursor: true, clearOnComplete: false, stream },
    cliProgress.Presets.shades_grey,
  );
  let bar: cliProgress.SingleBar | null = null;
  let overallBar: cliProgress.SingleBar | null = null;
  let current = '';
  let status = '';
  let stopped = false;
  const times = () => {
    const r = clock.read();
    return `${formatDuration(r.claim.elapsed)} elapsed, ETA ${formatDuration(r.claim.eta)}`;
  };
  const overallText = () => {
    const r = clock.read().overall;
    return `overall: ${r.claimsDone}/${r.claims} claims, ${formatDuration(r.elapsed)} elapsed, ETA ${formatDuration(r.eta)}`;
  };
  // One redraw a second keeps the clocks moving while a long run is in flight.
  const ticker = setInterval(() => {
    if (bar) bar.update({ status: `${status}${times()}` });
    overallBar?.update({ claim: overallText() });
  }, 1000);
  ticker.unref();
  const stop = () => {
    if (stopped) return;
    stopped = true;
    clearInterval(ticker);
    multi.stop();
    stream.write(RESTORE_TERMINAL);
  };
  return {
    events: {
      ...common,
      claimStart: (c) => {
        clock.claimStart(c);
        const previous = current;
        current = c.id;
        status = '';
        overallBar ??= multi.create(1, 0, { claim: overallText(), status: '' }, { format: ' {claim}' });
        const label = `[${c.index + 1}/${c.total}] ${c.id}${c.round && c.round > 1 ? ` r${c.round}` : ''}`;
        // A later round of the same claim continues its bar (a round the spec-level target adds later gets a new one).
        if (bar && c.round && c.round > 1 && previous === c.id) bar.setTotal(Math.max(1, c.runs));
        else bar = multi.create(Math.max(1, c.runs), 0, { claim: label.padEnd(48).slice(0, 48), status: times() });
      },
      runProgress: (id, p) => {
        noteSaved(p);
        if (id !== current || !bar) return;
        clock.progress(p);
        if (p.total > bar.getTotal()) bar.setTotal(p.total);
        status = p.cached ? `(${p.cached} cached) ` : '';
        bar.update(p.done, { status: `${status}${times()}` });
      },
      claimDone: (r) => {
        const took = times();
        clock.claimDone();
        if (bar) {
          bar.update(bar.getTotal(), { status: `${r.verdict.toUpperCase()} ${took.split(',')[0]}` });
          bar.stop();
        }
        overallBar?.update({ claim: overallText() });
      },
    },
    stop,
    saved: () => saved.size,
  };
}
