import type * as TfModule from '@tensorflow/tfjs';
import type { Activation } from './activation.js';
import type { Tf } from './backend.js';
import { encodeViews, encodeViewsBackward, type ViewBatch } from './views.js';

type Tensor2D = TfModule.Tensor2D;
type Scalar = TfModule.Scalar;

export type Similarity = 'dot' | 'cosine';

/**
 * Rows (and columns) of one similarity tile [choice]: a 2048 x 2048 float32 tile is 16 MB, large
 * enough that the tile products run at full matMul speed, small enough that a handful of them
 * stay far below the WebAssembly backend's 4 GB.
 */
export const CONTRASTIVE_BLOCK = 2048;

/**
 * Pass 1 appends to each tile row a column z = c - Z_GAP, c an upper bound of the row's logits, so
 * the fused softmax (several times faster than exp on wasm) yields the tile's log-sum-exp as
 * z - log p_z. This is exact while the tile's log-sum-exp exceeds z + Z_RESOLVE (p_z <= ~1/150);
 * tiles below that are negligible (< e^-17 of the row) for rows whose log-sum-exp lies above
 * c - NEGLIGIBLE, and a row block with any row below that is redone with exact per-tile maxima.
 */
const Z_GAP = 60;
const Z_RESOLVE = 5;
const NEGLIGIBLE = Z_GAP - Z_RESOLVE - 17;
/** Spread of the rows' log-sum-exps up to which P^T is obtained by rescaling P (see pass 2). */
const RESCALE_SPREAD = 40;

/**
 * The tile's log-sum-exp from p_z = e^z / (e^z + e^lse) of softmax([S, z]): lse = z - log p_z + log(1 - p_z),
 * i.e. the appended column's own mass removed.
 */
function tileLogSumExp(tf: Tf, z: TfModule.Tensor, pz: TfModule.Tensor): Tensor2D {
  return tf.add(tf.sub(z, tf.log(pz)), tf.log1p(tf.neg(pz))) as Tensor2D;
}

/** Pass 1's softmax of the only tile, [S, z] -> P_z, and 1 / (1 - p_z), which turns its rows into P's. */
interface SingleTile {
  P: Tensor2D;
  rowScale: Tensor2D;
}

/** Tile i of a column-tiled operand, made on demand. */
type Tiles = (i: number) => Tensor2D;

interface Range {
  start: number;
  size: number;
}

/** Near-equal tiles of at most `block` rows covering 0..n-1. */
export function tileRanges(n: number, block: number): Range[] {
  const count = Math.ceil(n / block);
  const size = Math.ceil(n / count);
  const out: Range[] = [];
  for (let start = 0; start < n; start += size) out.push({ start, size: Math.min(size, n - start) });
  return out;
}

/**
 * SimCLR's contrastive (NT-Xent) loss on N = 2B embeddings: rows 0..B-1 are the first views, rows
 * B..2B-1 their partners (row i pairs with row i +- B). The embedding is the projection head of
 * paper-model.md, h(x) = sum_p sigma(W^T x^(p)). For each anchor i,
 *   l_i = -s(i, pos(i)) / tau + log sum_{k != i} exp(s(i, k) / tau),
 * every other view in the batch being a negative; L = mean_i l_i.
 *
 * The N x N similarity matrix S is never formed: it is visited in tiles of CONTRASTIVE_BLOCK rows
 * and columns, twice (the technique of memory-efficient attention), so memory is O(N m + block^2).
 * Pass 1 accumulates each row's log-sum-exp lse_i. Pass 2 accumulates the gradient: with
 * P = exp(S - lse) the row softmax, dL/dH = ((P + P^T) H - 2 H_pos) / (N tau), and since S is
 * symmetric, (P^T H)_j = sum_i exp(S_ji - lse_i) H_i is read off the same tile S_JI as (P H)_J.
 *
 * The gradient is analytic rather than tf.grad (autodiff of H H^T would run transposed matMuls,
 * slow on wasm); every hot product is untransposed, with shifts folded into the products as an
 * extra column (S - c = [H/tau, -c] [H^T; 1]), so a tile costs one product, one exp and one
 * reduction or product.
 */
export class ContrastiveLoss {
  private readonly masks = new Map<number, Tensor2D>();
  /** How often each fallback ran (row blocks redone in pass 1; pass-2 calls with both exps), for tests. */
  readonly fallbacks = { exactRowBlocks: 0, twoExpPasses: 0 };

  constructor(
    private readonly tf: Tf,
    readonly tau: number,
    readonly similarity: Similarity,
    readonly block: number = CONTRASTIVE_BLOCK,
  ) {}

  lossAndGrad(views: ViewBatch, W: Tensor2D, act: Activation): { loss: Scalar; grad: Tensor2D } {
    const E = encodeViews(this.tf, views, W, act);
    const { loss, dE } = this.onEmbeddings(E, true);
    return { loss, grad: encodeViewsBackward(this.tf, views, W, dE!, act) };
  }

  loss(views: ViewBatch, W: Tensor2D, act: Activation): Scalar {
    return this.onEmbeddings(encodeViews(this.tf, views, W, act), false).loss;
  }

  /** Loss, and with `withGrad` dL/dE, of the embeddings E (N x 2m). Call inside tf.tidy. */
  onEmbeddings(E: Tensor2D, withGrad: boolean): { loss: Scalar; dE: Tensor2D | null } {
    const tf = this.tf;
    const [n, k] = E.shape;
    const half = n / 2;
    const tau = this.tau;
    let norms: Tensor2D | null = null;
    let H = E;
    if (this.similarity === 'cosine') {
      norms = tf.maximum(tf.sqrt(tf.sum(tf.square(E), 1, true)), 1e-12) as Tensor2D;
      H = tf.div(E, norms);
    }
    const Hpos = tf.concat([tf.slice(H, [half, 0], [half, -1]), tf.slice(H, [0, 0], [half, -1])], 0) as Tensor2D;
    const Hs = tf.div(H, tau) as Tensor2D;
    const ranges = tileRanges(n, this.block);
    // Column tile I of [H^T 0; 0 1]: [x, z] times it is [x H_I^T, z], the tile with z appended.
    // Made anew for each use (inside the tile's tidy): the wasm backend keeps a matMul operator with
    // a tile-sized buffer per persistent right operand, which at 98 x 98 tiles (n_0 = 10^5) grew its
    // heap by 16 MB per column tile.
    const HT = tf.transpose(H) as Tensor2D;
    const right = (i: number): Tensor2D => {
      const I = ranges[i];
      return tf.concat([tf.concat([tf.slice(HT, [0, I.start], [-1, I.size]), tf.zeros([k, 1])], 1), tf.concat([tf.zeros([1, I.size]), tf.ones([1, 1])], 1)], 0) as Tensor2D;
    };

    const { lse, tileLse, single } = this.logSumExps(H, Hs, ranges, right, withGrad);
    const positive = tf.div(tf.sum(tf.mul(H, Hpos), 1, true), tau);
    const loss = tf.mean(tf.sub(lse, positive)) as Scalar;
    if (!withGrad) return { loss, dE: null };

    const PPtH = this.symmetricSoftmaxTimes(H, Hs, lse, tileLse, ranges, right, k, single);
    let dE = tf.div(tf.sub(PPtH, tf.mul(Hpos, 2)), n * tau) as Tensor2D;
    if (norms) {
      // Through h / ||h||: dE = (dH - H <dH, H>) / ||E||.
      dE = tf.div(tf.sub(dE, tf.mul(H, tf.sum(tf.mul(dE, H), 1, true))), norms) as Tensor2D;
    }
    return { loss, dE };
  }

  dispose(): void {
    for (const m of this.masks.values()) m.dispose();
    this.masks.clear();
  }

  /** size x (size + 1): -inf on the diagonal (the anchor is not its own negative), 0 elsewhere. */
  private mask(size: number): Tensor2D {
    let m = this.masks.get(size);
    if (!m) {
      const data = new Float32Array(size * (size + 1));
      for (let i = 0; i < size; i++) data[i * (size + 1) + i] = Number.NEGATIVE_INFINITY;
      m = this.tf.keep(this.tf.tensor2d(data, [size, size + 1]));
      this.masks.set(size, m);
    }
    return m;
  }

  /** softmax of [S_JI, z] (b_J x (b_I + 1)), from left = [H_J / tau, z]; self-similarities masked on diagonal tiles. */
  private tileSoftmax(left: Tensor2D, right: Tensor2D, diagonal: boolean): Tensor2D {
    const s = this.tf.matMul(left, right) as Tensor2D;
    return this.tf.softmax(diagonal ? this.tf.add(s, this.mask(s.shape[0])) : s) as Tensor2D;
  }

  /**
   * Pass 1: lse_i = log sum_{k != i} exp(S_ik) (N x 1), and per row block the log-sum-exp of each
   * column tile (b_J x tiles), which pass 2 uses. z = c - Z_GAP with c_i = ||h_i|| max_k ||h_k|| / tau
   * (Cauchy-Schwarz: c_i >= S_ik).
   */
  private logSumExps(
    H: Tensor2D,
    Hs: Tensor2D,
    ranges: Range[],
    right: Tiles,
    keepSingle: boolean,
  ): { lse: Tensor2D; tileLse: Tensor2D[]; single: SingleTile | null } {
    const tf = this.tf;
    const rowNorms = tf.sqrt(tf.sum(tf.square(H), 1, true));
    const bound = tf.mul(rowNorms, tf.div(tf.max(rowNorms), this.tau)) as Tensor2D;
    const z = tf.sub(bound, Z_GAP) as Tensor2D;
    const left = tf.concat([Hs, z], 1) as Tensor2D;
    const lse: Tensor2D[] = [];
    const tileLse: Tensor2D[] = [];
    if (keepSingle && ranges.length === 1) {
      // One tile (N <= block): its softmax is kept for pass 2, which is then one product.
      const Pz = this.tileSoftmax(left, right(0), true);
      const pz = tf.slice(Pz, [0, ranges[0].size], [-1, 1]);
      if (tf.max(pz).dataSync()[0] <= 1 / (1 + Math.exp(Z_RESOLVE))) {
        const lse1 = tileLogSumExp(tf, z, pz);
        return { lse: lse1, tileLse: [lse1], single: { P: Pz, rowScale: tf.div(1, tf.sub(1, pz)) as Tensor2D } };
      }
    }
    ranges.forEach((J, j) => {
      const [rowLse, perTile] = tf.tidy(() => {
        const leftJ = tf.slice(left, [J.start, 0], [J.size, -1]) as Tensor2D;
        const zJ = tf.slice(z, [J.start, 0], [J.size, -1]);
        const cols = ranges.map((I, i) =>
          tf.tidy(() => {
            const pz = tf.slice(this.tileSoftmax(leftJ, right(i), i === j), [0, I.size], [-1, 1]);
            // Unresolved (p_z too close to 1): -inf, negligible unless the check below says otherwise.
            return tf.where(tf.lessEqual(pz, 1 / (1 + Math.exp(Z_RESOLVE))), tileLogSumExp(tf, zJ, pz), tf.fill(pz.shape, Number.NEGATIVE_INFINITY));
          }),
        );
        let perTile = tf.concat(cols, 1) as Tensor2D;
        let rowLse = tf.logSumExp(perTile, 1, true) as Tensor2D;
        const margin = tf.min(tf.sub(rowLse, tf.slice(bound, [J.start, 0], [J.size, -1]))).dataSync()[0];
        if (!(margin >= -NEGLIGIBLE)) {
          this.fallbacks.exactRowBlocks++;
          perTile = this.exactTileLogSumExps(tf.slice(Hs, [J.start, 0], [J.size, -1]) as Tensor2D, ranges, right, j);
          rowLse = tf.logSumExp(perTile, 1, true) as Tensor2D;
        }
        return [rowLse, perTile];
      });
      lse.push(rowLse);
      tileLse.push(perTile);
    });
    const all = tf.concat(lse, 0) as Tensor2D;
    tf.dispose(lse);
    return { lse: all, tileLse, single: null };
  }

  /** The fallback of pass 1 for one row block: each tile's log-sum-exp with the tile's own maximum. */
  private exactTileLogSumExps(HsJ: Tensor2D, ranges: Range[], right: Tiles, j: number): Tensor2D {
    const tf = this.tf;
    const k = HsJ.shape[1];
    const cols = ranges.map((I, i) =>
      tf.tidy(() => {
        let s = tf.matMul(HsJ, tf.slice(right(i), [0, 0], [k, I.size])) as Tensor2D;
        if (i === j) s = tf.add(s, tf.slice(this.mask(I.size), [0, 0], [-1, I.size]));
        return tf.logSumExp(s, 1, true);
      }),
    );
    return tf.concat(cols, 1) as Tensor2D;
  }

  /**
   * Pass 2: (P + P^T) H (N x k). The tile of P is softmax([S_JI, z']) with z' = log(e^lse - e^tileLse),
   * the rest of the row folded into one column, so it sums with the full row's lse. The tile of
   * P^T read on the same rows is exp(S_JI - lse_I) = u_J P_JI v_I with u = exp(lse - c0),
   * v = exp(c0 - lse), so (P^T H)_J = u_J * sum_I P_JI (v_I * H_I): one product with [H, v*H].
   * When the lse spread is too wide for u and v in float32, exp(S - lse_I) is taken directly.
   */
  private symmetricSoftmaxTimes(
    H: Tensor2D,
    Hs: Tensor2D,
    lse: Tensor2D,
    tileLse: Tensor2D[],
    ranges: Range[],
    right: Tiles,
    k: number,
    single: SingleTile | null,
  ): Tensor2D {
    const tf = this.tf;
    const lo = tf.min(lse).dataSync()[0];
    const hi = tf.max(lse).dataSync()[0];
    const rows = (t: Tensor2D, J: Range): Tensor2D => tf.slice(t, [J.start, 0], [J.size, -1]) as Tensor2D;
    const rescale = hi - lo <= RESCALE_SPREAD;
    if (!rescale) this.fallbacks.twoExpPasses++;
    const c0 = (hi + lo) / 2;
    const u = tf.exp(tf.sub(lse, c0)) as Tensor2D;
    const v = tf.exp(tf.sub(c0, lse)) as Tensor2D;
    // [R_I; 0]: the zero row drops the appended column from the product.
    const withZeroRow = (t: Tensor2D): Tensor2D => tf.concat([t, tf.zeros([1, t.shape[1]])], 0) as Tensor2D;
    const RH = rescale ? (tf.concat([H, tf.mul(v, H)], 1) as Tensor2D) : H;
    // Per use, like the right tiles of pass 1.
    const R: Tiles = (i) => withZeroRow(rows(RH, ranges[i]));
    // Fallback only: exp(S_JI - lse_I) = exp([H_J/tau, 1] [H_I^T; -lse_I]).
    const leftT = rescale ? null : (tf.concat([Hs, tf.ones([Hs.shape[0], 1])], 1) as Tensor2D);
    const HTl = rescale ? null : (tf.concat([tf.transpose(H), tf.neg(tf.transpose(lse))], 0) as Tensor2D);
    if (single && rescale) {
      const both = tf.mul(tf.matMul(single.P, R(0)), single.rowScale) as Tensor2D;
      return tf.add(tf.slice(both, [0, 0], [-1, k]), tf.mul(u, tf.slice(both, [0, k], [-1, k]))) as Tensor2D;
    }
    if (rescale) {
      return this.pairedTiles(H, Hs, lse, tileLse, ranges, right, k, R, u, v);
    }
    const blocks = ranges.map((J, j) =>
      tf.tidy(() => {
        const lseJ = rows(lse, J);
        const HsJ = rows(Hs, J);
        let acc: TfModule.Tensor | null = null;
        for (let i = 0; i < ranges.length; i++) {
          const part = tf.tidy(() => {
            const share = tf.minimum(tf.exp(tf.sub(tf.slice(tileLse[j], [0, i], [-1, 1]), lseJ)), 1);
            // Kept finite (a -inf would meet the zeros of the product as NaN); e^-150 is 0 to the softmax.
            const rest = tf.add(lseJ, tf.maximum(tf.log1p(tf.neg(share)), -150));
            const P = this.tileSoftmax(tf.concat([HsJ, rest], 1) as Tensor2D, right(i), i === j);
            if (rescale) return tf.matMul(P, R(i));
            const I = ranges[i];
            let ST = tf.matMul(rows(leftT!, J), tf.slice(HTl!, [0, I.start], [-1, I.size])) as Tensor2D;
            if (i === j) ST = tf.add(ST, tf.slice(this.mask(I.size), [0, 0], [-1, I.size]));
            return tf.add(tf.matMul(P, R(i)), tf.matMul(tf.exp(ST), tf.slice(R(i), [0, 0], [I.size, -1])));
          });
          acc = acc ? tf.add(acc, part) : part;
        }
        const both = acc as Tensor2D;
        if (!rescale) return both;
        return tf.add(tf.slice(both, [0, 0], [-1, k]), tf.mul(rows(u, J), tf.slice(both, [0, k], [-1, k]))) as Tensor2D;
      }),
    );
    const out = tf.concat(blocks, 0) as Tensor2D;
    tf.dispose(blocks);
    return out;
  }
  /** The softmax tile of P on rows J, columns I: softmax([S_JI, z']) with z' the rest of row J's mass (see symmetricSoftmaxTimes). */
  private rowSoftmaxTile(Hs: Tensor2D, lse: Tensor2D, tileLse: Tensor2D, right: Tensor2D, J: Range, i: number, diagonal: boolean): Tensor2D {
    const tf = this.tf;
    const lseJ = tf.slice(lse, [J.start, 0], [J.size, -1]);
    const share = tf.minimum(tf.exp(tf.sub(tf.slice(tileLse, [0, i], [-1, 1]), lseJ)), 1);
    // Kept finite (a -inf would meet the zeros of the product as NaN); e^-150 is 0 to the softmax.
    const rest = tf.add(lseJ, tf.maximum(tf.log1p(tf.neg(share)), -150));
    return this.tileSoftmax(tf.concat([tf.slice(Hs, [J.start, 0], [J.size, -1]), rest], 1) as Tensor2D, right, diagonal);
  }

  /**
   * Pass 2 over the tiles J <= I only, S being symmetric: P_JI gives rows J their share,
   * P_JI [H_I, v_I H_I], and rows I theirs, since P_IJ = (u_J P_JI v_I)^T and (P^T)_IJ = P_JI^T:
   * P_JI^T [H_J, u_J H_J], taken as ([H_J, u_J H_J]^T P_JI)^T so that no large operand is
   * transposed. About half the tiles of the plain loop, at one extra (short-output) product each.
   */
  private pairedTiles(H: Tensor2D, Hs: Tensor2D, lse: Tensor2D, tileLse: Tensor2D[], ranges: Range[], right: Tiles, k: number, R: Tiles, u: Tensor2D, v: Tensor2D): Tensor2D {
    const tf = this.tf;
    const HuT = tf.transpose(tf.concat([H, tf.mul(u, H)], 1)) as Tensor2D;
    const rowAcc: Array<TfModule.Tensor | null> = ranges.map(() => null);
    const colAcc: Array<TfModule.Tensor | null> = ranges.map(() => null);
    const accumulate = (acc: Array<TfModule.Tensor | null>, at: number, part: TfModule.Tensor): void => {
      const previous = acc[at];
      acc[at] = previous ? tf.add(previous, part) : part;
      if (previous) {
        previous.dispose();
        part.dispose();
      }
    };
    ranges.forEach((J, j) => {
      for (let i = j; i < ranges.length; i++) {
        const [rowPart, colPart] = tf.tidy(() => {
          const P = this.rowSoftmaxTile(Hs, lse, tileLse[j], right(i), J, i, i === j);
          const row = tf.matMul(P, R(i));
          return i === j ? [row, null] : [row, tf.matMul(tf.slice(HuT, [0, J.start], [-1, J.size]), P)];
        });
        accumulate(rowAcc, j, rowPart);
        if (colPart) accumulate(colAcc, i, colPart);
      }
    });
    const blocks = ranges.map((J, j) =>
      tf.tidy(() => {
        const row = rowAcc[j] as Tensor2D;
        let out = tf.add(tf.slice(row, [0, 0], [-1, k]), tf.mul(tf.slice(u, [J.start, 0], [J.size, -1]), tf.slice(row, [0, k], [-1, k])));
        if (colAcc[j]) {
          const col = tf.slice(tf.transpose(colAcc[j]!), [0, 0], [J.size, -1]);
          out = tf.add(out, tf.add(tf.slice(col, [0, 0], [-1, k]), tf.mul(tf.slice(v, [J.start, 0], [J.size, -1]), tf.slice(col, [0, k], [-1, k]))));
        }
        return out as Tensor2D;
      }),
    );
    tf.dispose([HuT, ...(rowAcc as TfModule.Tensor[]), ...(colAcc.filter((c) => c) as TfModule.Tensor[])]);
    const out = tf.concat(blocks, 0) as Tensor2D;
    tf.dispose(blocks);
    return out;
  }
}
