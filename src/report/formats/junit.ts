import type { ClaimView, ReportModel } from '../model.js';
import type { OutputFormat } from './format.js';
import { compileTemplate } from './format.js';

interface JUnitCase {
  classname: string;
  name: string;
  time: string;
  failure: null | { type: string; message: string; body: string };
  error: null | { message: string; body: string };
  skipped: string | null;
  out: string;
}

/**
 * How verdicts map onto test outcomes: fail -> failure; xpass (held although expected to fail) -> failure;
 * error -> error; inconclusive -> skipped, with the reason; pass and xfail -> passed (xfail with a note).
 */
export function junitCase(specId: string, c: ClaimView, wallSeconds: number): JUnitCase {
  const details = [
    c.statement,
    c.reason,
    c.statistic ? `${c.statistic.short} (${c.statistic.level} interval, ${c.statistic.method})` : '',
    c.counterexample ? `counterexample: ${c.counterexample.params.map((p) => `${p.key}=${p.value}`).join(', ')}\nreplay: ${c.counterexample.replay}` : '',
  ]
    .filter((s) => s !== '')
    .join('\n');
  const base: JUnitCase = {
    classname: `${specId}.${c.kind}`,
    name: `${c.id}: ${c.title}`,
    time: wallSeconds.toFixed(3),
    failure: null,
    error: null,
    skipped: null,
    out: `verdict: ${c.verdictLabel}\n${details}`,
  };
  switch (c.verdict) {
    case 'fail':
      return { ...base, failure: { type: 'fail', message: c.reason, body: details } };
    case 'xpass':
      return { ...base, failure: { type: 'xpass', message: `expected to fail but held: ${c.reason}`, body: details } };
    case 'error':
      return { ...base, error: { message: c.reason, body: details } };
    case 'inconclusive':
      return { ...base, skipped: `inconclusive: ${c.reason}` };
    case 'xfail':
      return { ...base, out: `note: expected failure (xfail), counted as passed\n${base.out}` };
    default:
      return base;
  }
}

export function junitData(model: ReportModel, wall: Map<string, number>) {
  const cases = model.claims.map((c) => junitCase(model.spec.id, c, wall.get(c.id) ?? 0));
  const ch = model.changes;
  const changesText = ch
    ? [
        `compared with the ${ch.against}`,
        ...ch.warnings.map((w) => `note: ${w}`),
        ...ch.flips.map((f) => `verdict flip ${f.id}: ${f.from} -> ${f.to}`),
        ...ch.drifts.map((d) => `moved ${d.id} ${d.what} ${d.name}: ${d.before} -> ${d.after} (${d.rule})`),
        ...ch.added.map((a) => `new claim ${a.id} (${a.verdict})`),
        ...ch.removed.map((r) => `removed claim ${r.id} (was ${r.verdict})`),
        ...(ch.quiet ? ['no changes'] : []),
      ].join('\n')
    : '';
  const baselineCase = ch ? 1 : 0;
  return {
    tests: cases.length + baselineCase,
    failures: cases.filter((c) => c.failure).length + (ch?.hasFlipToFail ? 1 : 0),
    errors: cases.filter((c) => c.error).length,
    skipped: cases.filter((c) => c.skipped).length,
    time: [...wall.values()].reduce((a, b) => a + b, 0).toFixed(3),
    cases,
    changesText,
  };
}

// XML 1.0 cannot carry most control characters, escaped or not.
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function xmlSafe<T>(value: T): T {
  if (typeof value === 'string') return value.replace(XML_INVALID, '\uFFFD') as T;
  if (Array.isArray(value)) return value.map(xmlSafe) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, xmlSafe(v)])) as T;
  return value;
}

export const junit: OutputFormat = {
  name: 'junit',
  file: 'junit.xml',
  figures: 'none',
  render(model, ctx) {
    const wall = new Map(model.claims.map((c) => [c.id, c.wallSeconds]));
    return compileTemplate('junit.xml.hbs', ctx, {}, false)(xmlSafe({ ...model, junit: junitData(model, wall) }));
  },
};
