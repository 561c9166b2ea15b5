import { InputError, show } from './util/errors.js';

/** Where a registered component came from: the shipped harness, or a plug-in module's file. */
export const SHIPPED = 'theorem-harness';

interface Entry<T> {
  value: T;
  origin: string;
  /** A plug-in's content hash (undefined for shipped components): what a cache key records of the code. */
  version?: string;
}

/**
 * Components of one kind (claim kinds, output formats, engines) by name. Shipped components and a
 * user's plug-ins register the same way; a name registered twice is an error naming both origins.
 */
export class Registry<T> {
  private readonly entries = new Map<string, Entry<T>>();

  /** `what` names the component kind in messages: 'claim kind', 'output format', 'engine'. */
  constructor(readonly what: string) {}

  register(name: string, value: T, origin: string = SHIPPED, version?: string): void {
    if (typeof name !== 'string' || name.trim() === '') {
      throw new InputError(`${origin}: ${this.what} name must be a non-empty string (got ${JSON.stringify(name)})`, { file: origin, field: 'name', value: name });
    }
    const previous = this.entries.get(name);
    if (previous) {
      throw new InputError(`${this.what} '${name}' is registered twice: by ${previous.origin} and by ${origin}`, { file: origin, field: 'name', value: name });
    }
    this.entries.set(name, { value, origin, ...(version !== undefined ? { version } : {}) });
  }

  get(name: string): T | undefined {
    return this.entries.get(name)?.value;
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** Who registered `name`, or undefined. */
  origin(name: string): string | undefined {
    return this.entries.get(name)?.origin;
  }

  /** The content hash of the plug-in that registered `name`; undefined for shipped components. */
  version(name: string): string | undefined {
    return this.entries.get(name)?.version;
  }

  /** The registered value, or an InputError naming `field` and listing what is known. */
  require(name: string, field: string = this.what): T {
    const entry = this.entries.get(name);
    if (!entry) throw new InputError(`${field}: unknown ${this.what} ${show(name)} (known: ${this.names().join(', ') || 'none'})`, { field, value: name });
    return entry.value;
  }

  /** Names in registration order (shipped components first). */
  names(): string[] {
    return [...this.entries.keys()];
  }

  values(): T[] {
    return [...this.entries.values()].map((e) => e.value);
  }
}
