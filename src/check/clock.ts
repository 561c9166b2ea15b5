/**
 * Elapsed time and ETA of a check, per claim and overall, from the progress events alone. An ETA extrapolates the
 * rate of the runs actually computed (cache hits finish at once and would make it too hopeful); it is null until
 * one run has been computed.
 */
export interface ClockReading {
  claim: { id: string; index: number; total: number; done: number; runs: number; cached: number; elapsed: number; eta: number | null };
  overall: { elapsed: number; eta: number | null; claimsDone: number; claims: number };
}

export class CheckClock {
  private readonly t0: number;
  private plannedRuns: number | null = null;
  private claims = 0;
  private claimsDone = 0;
  private readonly finished = new Set<string>();
  /** Runs of finished claims, and how many of those were computed (not cache hits). */
  private doneRuns = 0;
  private computedRuns = 0;
  private current: { id: string; index: number; started: number; runs: number; done: number; cached: number } | null = null;

  constructor(private readonly now: () => number = () => performance.now() / 1000) {
    this.t0 = now();
  }

  /** The whole plan, when known up front: makes the overall ETA possible. */
  plan(claims: ReadonlyArray<{ runs: number }>): void {
    this.claims = claims.length;
    this.plannedRuns = claims.reduce((s, c) => s + c.runs, 0);
  }

  claimStart(c: { id: string; index: number; total: number; runs: number }): void {
    this.claims = Math.max(this.claims, c.total);
    this.current = { id: c.id, index: c.index, started: this.now(), runs: c.runs, done: 0, cached: 0 };
  }

  progress(p: { done: number; total: number; cached: number }): void {
    if (!this.current) return;
    this.current.runs = Math.max(this.current.runs, p.total);
    this.current.done = p.done;
    this.current.cached = p.cached;
  }

  claimDone(): void {
    if (!this.current) return;
    this.doneRuns += this.current.runs;
    this.computedRuns += Math.max(0, this.current.done - this.current.cached);
    // A claim the spec-level target gives another round finishes again; it counts once.
    if (!this.finished.has(this.current.id)) this.claimsDone++;
    this.finished.add(this.current.id);
    this.current = null;
  }

  read(): ClockReading {
    const now = this.now();
    const c = this.current;
    const claimElapsed = c ? now - c.started : 0;
    const claimComputed = c ? c.done - c.cached : 0;
    const claimEta = c && claimComputed > 0 ? (claimElapsed * (c.runs - c.done)) / claimComputed : null;
    const elapsed = now - this.t0;
    const computed = this.computedRuns + claimComputed;
    const remaining = this.plannedRuns === null ? null : Math.max(0, this.plannedRuns - this.doneRuns - (c?.done ?? 0));
    const eta = remaining !== null && computed > 0 ? (elapsed * remaining) / computed : remaining === 0 ? 0 : null;
    return {
      claim: { id: c?.id ?? '', index: c?.index ?? this.claimsDone, total: this.claims, done: c?.done ?? 0, runs: c?.runs ?? 0, cached: c?.cached ?? 0, elapsed: claimElapsed, eta: claimEta },
      overall: { elapsed, eta, claimsDone: this.claimsDone, claims: this.claims },
    };
  }
}

/** 42s, 3m05s, 1h02m. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
