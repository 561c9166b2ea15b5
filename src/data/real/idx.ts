import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { InputError } from '../../util/errors.js';

/**
 * Reader for the IDX format of LeCun's MNIST files (also used by Fashion-MNIST):
 * bytes 0-1 are zero, byte 2 the element type, byte 3 the number of dimensions k,
 * then k big-endian uint32 sizes, then the elements in big-endian row-major order.
 * Files ending in .gz or starting with the gzip magic are decompressed first.
 */
export const IDX_TYPES = {
  0x08: { name: 'ubyte', size: 1 },
  0x09: { name: 'byte', size: 1 },
  0x0b: { name: 'short', size: 2 },
  0x0c: { name: 'int', size: 4 },
  0x0d: { name: 'float', size: 4 },
  0x0e: { name: 'double', size: 8 },
} as const;

export type IdxTypeName = (typeof IDX_TYPES)[keyof typeof IDX_TYPES]['name'];
export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

export interface IdxArray {
  type: IdxTypeName;
  /** Sizes of the dimensions, outermost first, e.g. [60000, 28, 28]. */
  dims: number[];
  data: IdxData;
}

export interface IdxExpectation {
  type?: IdxTypeName;
  /** Expected sizes; `null` leaves one dimension free (e.g. [null, 28, 28]). */
  dims?: ReadonlyArray<number | null>;
}

function fail(file: string, what: string): never {
  throw new InputError(`${file}: not a valid IDX file: ${what}`, { file });
}

/** Parse IDX bytes (already decompressed); `file` is only for messages. */
export function parseIdx(bytes: Uint8Array, file: string, expect: IdxExpectation = {}): IdxArray {
  if (bytes.length < 4) fail(file, `${bytes.length} bytes, shorter than the 4-byte magic number`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    fail(file, `magic number starts with 0x${hex(bytes[0])}${hex(bytes[1])}, expected 0x0000`);
  }
  const code = bytes[2] as keyof typeof IDX_TYPES;
  const type = IDX_TYPES[code];
  if (!type) fail(file, `unknown element type 0x${hex(bytes[2])} in the magic number (known: 08, 09, 0b, 0c, 0d, 0e)`);
  const rank = bytes[3];
  if (rank === 0) fail(file, 'zero dimensions in the magic number');
  const headerLength = 4 + 4 * rank;
  if (bytes.length < headerLength) fail(file, `truncated header: ${bytes.length} bytes, ${rank} dimensions need ${headerLength}`);

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let k = 0; k < rank; k++) dims.push(view.getUint32(4 + 4 * k, false));
  const count = dims.reduce((a, b) => a * b, 1);
  const expectedLength = headerLength + count * type.size;
  if (bytes.length !== expectedLength) {
    const how = bytes.length < expectedLength ? 'truncated' : 'trailing bytes';
    fail(file, `${how}: dimensions [${dims.join(', ')}] of ${type.name} need ${expectedLength} bytes, the file has ${bytes.length}`);
  }
  if (expect.type && expect.type !== type.name) fail(file, `element type ${type.name}, expected ${expect.type}`);
  if (expect.dims) {
    const ok = expect.dims.length === rank && expect.dims.every((size, k) => size === null || size === dims[k]);
    if (!ok) fail(file, `dimensions [${dims.join(', ')}], expected [${expect.dims.map((s) => s ?? 'n').join(', ')}]`);
  }
  return { type: type.name, dims, data: decode(view, headerLength, count, type.name) };
}

function decode(view: DataView, offset: number, count: number, type: IdxTypeName): IdxData {
  const start = view.byteOffset + offset;
  switch (type) {
    case 'ubyte':
      return new Uint8Array(view.buffer.slice(start, start + count));
    case 'byte':
      return new Int8Array(view.buffer.slice(start, start + count));
    case 'short': {
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(offset + 2 * i, false);
      return out;
    }
    case 'int': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(offset + 4 * i, false);
      return out;
    }
    case 'float': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(offset + 4 * i, false);
      return out;
    }
    case 'double': {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(offset + 8 * i, false);
      return out;
    }
  }
}

/** Read an IDX file, gzipped or not. Missing, corrupt or truncated files throw InputError naming the file. */
export function readIdx(file: string, expect: IdxExpectation = {}): IdxArray {
  let raw: Uint8Array;
  try {
    raw = readFileSync(file);
  } catch (error) {
    throw new InputError(`${file}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { file });
  }
  return parseIdx(maybeGunzip(raw, file), file, expect);
}

function maybeGunzip(raw: Uint8Array, file: string): Uint8Array {
  const gzipped = raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b;
  if (!gzipped) {
    if (file.endsWith('.gz')) fail(file, 'name ends in .gz but the content is not gzip (no 1f8b magic)');
    return raw;
  }
  try {
    return gunzipSync(raw);
  } catch (error) {
    fail(file, `gzip stream is corrupt or truncated (${(error as Error).message})`);
  }
}

function hex(byte: number | undefined): string {
  return (byte ?? 0).toString(16).padStart(2, '0');
}
