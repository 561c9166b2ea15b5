import type { z } from 'zod';

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, claimFailed: 1, badInput: 2 } as const;

export interface InputLocation {
  /** The file the bad input came from, when there is one. */
  file?: string;
  /** Dotted path of the offending field, e.g. `claims[2].bound`. */
  field?: string;
  /** The offending value, shown as JSON. */
  value?: unknown;
}

/**
 * Bad input from a user: a malformed spec, an unknown flag, a negative dimension.
 * The CLI prints `message` and exits with code 2; nothing else should catch it.
 */
export class InputError extends Error {
  readonly problems: string[];
  /** The same problems as structured records, when the source knows field paths (spec files). */
  readonly details?: ProblemDetail[];
  constructor(problems: string | string[], readonly where: InputLocation = {}, details?: ProblemDetail[]) {
    const list = (Array.isArray(problems) ? problems : [problems]).map(boundedMessage);
    super(list.join('\n'));
    this.name = 'InputError';
    this.problems = list;
    if (details) this.details = details.map((d) => ({ ...d, message: boundedMessage(d.message) }));
  }
}

const MESSAGE_CHARS = 1500;
const QUOTED_CHARS = 80;

/**
 * A message never echoes more than an excerpt of the input: quoted values longer than 80 characters
 * are cut (whichever code built the message, e.g. "unknown regime <a 6 kB expression>"), and what is
 * still too long is cut at 1,500 characters.
 */
export function boundedMessage(message: string): string {
  if (message.length <= MESSAGE_CHARS) return message;
  const cut = message.replace(/"(?:[^"\\]|\\.){80,}?"/g, (q) => (q.length > QUOTED_CHARS + 2 ? `${q.slice(0, QUOTED_CHARS - 1)}..."` : q));
  return cut.length <= MESSAGE_CHARS ? cut : `${cut.slice(0, MESSAGE_CHARS)}... (message cut at ${MESSAGE_CHARS} characters)`;
}

/** One problem in a spec file, for editors and CI annotations. */
export interface ProblemDetail {
  file?: string;
  path: (string | number)[];
  /** 1-based line and column of the field, when the file's text is known. */
  line?: number;
  column?: number;
  message: string;
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let cur: unknown = root;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

const SHOW_CHARS = 80;
const SHOW_DEPTH = 4;

/** A short JSON-like excerpt of any value: bounded in depth and length, never throws. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const out: string[] = [];
  let length = 0;
  const emit = (s: string): boolean => {
    out.push(s);
    length += s.length;
    return length <= SHOW_CHARS;
  };
  const walk = (v: unknown, depth: number): boolean => {
    if (v === null || typeof v === 'number' || typeof v === 'boolean') return emit(typeof v === 'number' && !Number.isFinite(v) ? String(v) : JSON.stringify(v));
    if (typeof v === 'string') return emit(JSON.stringify(v.length > SHOW_CHARS ? v.slice(0, SHOW_CHARS) : v));
    if (typeof v !== 'object') return emit(typeof v === 'bigint' ? `${v}` : `<${typeof v}>`);
    if (depth >= SHOW_DEPTH) return emit(Array.isArray(v) ? '[...]' : '{...}');
    if (Array.isArray(v)) {
      if (!emit('[')) return false;
      for (let i = 0; i < v.length; i++) if ((i > 0 && !emit(',')) || !walk(v[i], depth + 1)) return false;
      return emit(']');
    }
    if (!emit('{')) return false;
    let first = true;
    for (const k of Object.keys(v)) {
      if ((!first && !emit(',')) || !emit(`${JSON.stringify(k.length > SHOW_CHARS ? k.slice(0, SHOW_CHARS) : k)}:`) || !walk((v as Record<string, unknown>)[k], depth + 1)) return false;
      first = false;
    }
    return emit('}');
  };
  walk(value, 0);
  const text = out.join('');
  return text.length > SHOW_CHARS ? `${text.slice(0, SHOW_CHARS - 3)}...` : text;
}

/** Zod's own message, minus a "(got ...)" or "received ..." tail that would repeat the value shown after it. */
function ownMessage(message: string): string {
  return message.replace(/\s*\(got [^)]*\)\s*$/, '');
}

/**
 * One record per zod issue: the field's path and `message (got value)`. `suggest` proposes a
 * known key for an unknown one ("did you mean").
 */
export function describeZodIssues(error: z.ZodError, input: unknown, suggest?: (key: string) => string | undefined): ProblemDetail[] {
  return error.issues.map((issue) => {
    const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      const hints = issue.keys.map((k) => suggest?.(k)).map((s, i) => (s ? `'${issue.keys[i]}': did you mean '${s}'?` : undefined)).filter(Boolean);
      return { path, message: `${issue.message}${hints.length > 0 ? ` (${hints.join('; ')})` : ''}` };
    }
    const got = ` (got ${show(valueAt(input, issue.path))})`;
    return { path, message: `${ownMessage(issue.message)}${got}` };
  });
}

/** One line per zod issue: `file: field: message (got value)`. */
export function describeZodError(error: z.ZodError, input: unknown, file?: string): string[] {
  return describeZodIssues(error, input).map((d) => `${file ? `${file}: ` : ''}${formatPath(d.path)}: ${d.message}`);
}

/** Parse with a zod schema, turning failures into an InputError naming file, field and value. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, file?: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new InputError(describeZodError(result.error, input, file), { file });
}
