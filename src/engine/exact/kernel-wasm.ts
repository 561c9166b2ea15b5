/**
 * The Gram kernel of kernel.ts as a WebAssembly SIMD function (f64x2): about twice the multiply-add
 * rate V8 reaches on scalar float64 loops. Hand-assembled (no toolchain dependency for ~60 opcodes).
 * Same contract as accumulateProducts, with X and C living in the module's memory:
 * C (p x R) += X[0:p] X[0:R]^T over `len` columns (len even; pad one zero column if needed), rows of
 * X `stride` doubles apart, p a multiple of 2, R of 4; only column blocks from the 4-aligned row
 * block onwards are computed (mirrorLeft fills the rest). Lanes sum even and odd coordinates apart,
 * so results differ from the scalar kernel by rounding only.
 */

const leb = (n: number): number[] => {
  const out: number[] = [];
  let v = n;
  for (;;) {
    const byte = v & 0x7f;
    v = Math.floor(v / 128);
    const last = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(last ? byte : byte | 0x80);
    if (last) return out;
  }
};
const uleb = (n: number): number[] => {
  const out: number[] = [];
  let v = n >>> 0;
  do {
    const byte = v & 0x7f;
    v >>>= 7;
    out.push(v ? byte | 0x80 : byte);
  } while (v);
  return out;
};
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];

// Opcodes.
const get = (i: number) => [0x20, ...uleb(i)];
const set = (i: number) => [0x21, ...uleb(i)];
const i32 = (n: number) => [0x41, ...leb(n)];
const ADD = 0x6a;
const MUL = 0x6c;
const AND = 0x71;
const GE_S = 0x4e;
const block = (...body: number[][]) => [0x02, 0x40, ...body.flat(), 0x0b];
const loop = (...body: number[][]) => [0x03, 0x40, ...body.flat(), 0x0b];
const brIf = (depth: number) => [0x0d, ...uleb(depth)];
const br = (depth: number) => [0x0c, ...uleb(depth)];
const v128Load = [0xfd, 0x00, 0x03, 0x00];
const v128Zero = [0xfd, 0x0c, ...new Array(16).fill(0)];
const f64x2Add = [0xfd, ...uleb(240)];
const f64x2Mul = [0xfd, ...uleb(242)];
const lane = (l: number) => [0xfd, 0x21, l];
const f64Load = [0x2b, 0x03, 0x00];
const f64Store = [0x39, 0x03, 0x00];
const F64_ADD = 0xa0;

// Locals: params x, p, R, stride (bytes), len, c; then i32 temporaries; then v128 accumulators.
const [X, P, R, STRIDE, LEN, C] = [0, 1, 2, 3, 4, 5];
const [I, J, K, KEND, A0, A1, B0, B1, B2, B3, ADDR] = [6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
const ACC = 17; // 8 accumulators: ACC + 4 * row + col
const XA = 25;
const XB = 26;

function body(): number[] {
  const accs = Array.from({ length: 8 }, (_, k) => [...v128Zero, ...set(ACC + k)]).flat();
  const bs = [B0, B1, B2, B3];
  const fma = (acc: number, xv: number, b: number) => [
    ...get(acc),
    ...get(xv),
    ...get(b),
    ...get(K),
    ADD,
    ...v128Load,
    ...f64x2Mul,
    ...f64x2Add,
    ...set(acc),
  ];
  const inner = loop(
    get(K),
    get(KEND),
    [GE_S],
    brIf(1),
    get(A0),
    get(K),
    [ADD],
    v128Load,
    set(XA),
    get(A1),
    get(K),
    [ADD],
    v128Load,
    set(XB),
    ...bs.map((b, q) => fma(ACC + q, XA, b)),
    ...bs.map((b, q) => fma(ACC + 4 + q, XB, b)),
    get(K),
    i32(16),
    [ADD],
    set(K),
    br(0),
  );
  // C[(i + row) * R + j + col] += lane0 + lane1, byte address c + 8 * that.
  const store = (row: number, col: number) => [
    ...get(C),
    ...get(I),
    ...i32(row),
    ADD,
    ...get(R),
    MUL,
    ...get(J),
    ADD,
    ...i32(col),
    ADD,
    ...i32(8),
    MUL,
    ADD,
    ...set(ADDR),
    ...get(ADDR),
    ...get(ADDR),
    ...f64Load,
    ...get(ACC + 4 * row + col),
    ...lane(0),
    ...get(ACC + 4 * row + col),
    ...lane(1),
    F64_ADD,
    F64_ADD,
    ...f64Store,
  ];
  const jLoop = loop(
    get(J),
    get(R),
    [GE_S],
    brIf(1),
    // b_q = x + (j + q) * stride
    ...[0, 1, 2, 3].map((q) => [...get(X), ...get(J), ...i32(q), ADD, ...get(STRIDE), MUL, ADD, ...set(bs[q])]),
    accs,
    i32(0),
    set(K),
    block(inner),
    ...[0, 1].flatMap((row) => [0, 1, 2, 3].map((col) => store(row, col))),
    get(J),
    i32(4),
    [ADD],
    set(J),
    br(0),
  );
  const iLoop = loop(
    get(I),
    get(P),
    [GE_S],
    brIf(1),
    get(X),
    get(I),
    get(STRIDE),
    [MUL, ADD],
    set(A0),
    get(A0),
    get(STRIDE),
    [ADD],
    set(A1),
    get(I),
    i32(-4),
    [AND],
    set(J),
    block(jLoop),
    get(I),
    i32(2),
    [ADD],
    set(I),
    br(0),
  );
  const code = [...get(LEN), ...i32(8), MUL, ...set(KEND), ...i32(0), ...set(I), ...block(iLoop), 0x0b];
  const locals = vec([
    [...uleb(11), 0x7f],
    [...uleb(10), 0x7b],
  ]);
  const fn = [...locals, ...code];
  return [...uleb(fn.length), ...fn];
}

function moduleBytes(): Uint8Array {
  const type = section(1, vec([[0x60, ...vec(new Array(6).fill([0x7f])), 0x00]]));
  const imports = section(2, vec([[...name('env'), ...name('mem'), 0x02, 0x00, 0x01]]));
  const funcs = section(3, vec([[0x00]]));
  const exports = section(7, vec([[...name('k'), 0x00, 0x00]]));
  const code = section(10, vec([body()]));
  return Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...type, ...imports, ...funcs, ...exports, ...code]);
}

export interface WasmKernel {
  /** Float64 views into the module's memory: X (rows4 x stride) then C (left4 x rows4). */
  X: Float64Array;
  C: Float64Array;
  /** C += products over `len` columns (see the module comment); pads an odd len with a zero column. */
  accumulate(p: number, R: number, stride: number, len: number): void;
}

/** The part of the WebAssembly API used here (the project's lib settings carry no WebAssembly types). */
interface Wasm {
  Module: new (bytes: Uint8Array) => object;
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer };
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const WebAssembly = (globalThis as unknown as { WebAssembly?: Wasm }).WebAssembly;

let compiled: object | null | undefined;

/** Whether this runtime compiles the SIMD module (Node >= 16.4 does). */
export function wasmSimdAvailable(): boolean {
  return createWasmKernel(0, 0) !== null;
}

/** A kernel with room for the given X and C, or null when this runtime has no WebAssembly SIMD. */
export function createWasmKernel(xLength: number, cLength: number): WasmKernel | null {
  if (compiled === undefined) {
    try {
      if (!WebAssembly) throw new Error('no WebAssembly');
      compiled = new WebAssembly.Module(moduleBytes());
    } catch {
      compiled = null;
    }
  }
  if (!compiled || !WebAssembly) return null;
  const bytes = (xLength + cLength) * 8;
  const memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / 65536) + 1 });
  const instance = new WebAssembly.Instance(compiled, { env: { mem: memory } });
  const k = instance.exports.k as (x: number, p: number, r: number, stride: number, len: number, c: number) => void;
  const X = new Float64Array(memory.buffer, 0, xLength);
  const C = new Float64Array(memory.buffer, xLength * 8, cLength);
  return {
    X,
    C,
    accumulate(p, R, stride, len) {
      let even = len;
      if (len % 2 === 1) {
        for (let r = 0; r < R; r++) X[r * stride + len] = 0;
        even = len + 1;
      }
      k(0, p, R, stride * 8, even, xLength * 8);
    },
  };
}
