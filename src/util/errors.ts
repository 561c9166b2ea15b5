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
  constructor(problems: string | string[], readonly where: InputLocation = {}) {
    const list = Array.isArray(problems) ? problems : [problems];
    super(list.join('\n'));
    this.name = 'InputError';
    this.problems = list;
  }
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

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return String(value);
  }
}

/** One line per zod issue: `file: field: message (got value)`. */
export function describeZodError(error: z.ZodError, input: unknown, file?: string): string[] {
  return error.issues.map((issue) => {
    const field = formatPath(issue.path);
    const got = issue.code === 'unrecognized_keys' ? '' : ` (got ${show(valueAt(input, issue.path))})`;
    return `${file ? `${file}: ` : ''}${field}: ${issue.message}${got}`;
  });
}

/** Parse with a zod schema, turning failures into an InputError naming file, field and value. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, file?: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new InputError(describeZodError(result.error, input, file), { file });
}
