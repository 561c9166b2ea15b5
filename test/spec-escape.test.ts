import t from 'tap';
import { compileExpr, ExprError } from '../src/spec/expr.js';

const scope = new Set(['a', 'b', 'nLabeled', 'snr', 'q']);
const values = { a: 2, b: 1, nLabeled: 40, snr: 0.3, q: 3 };

// Known ways out of a mathjs expression (mathjs security docs, past advisories) and our own scope rules.
const attacks = [
  'import({matrix: cos}, {override: true})',
  'import({}, {})',
  'createUnit("foo")',
  'evaluate("1 + 1")',
  'parse("1")',
  'compile("1")',
  'simplify("a + a")',
  'derivative("a^2", "a")',
  'resolve(a)',
  'reviver("x")',
  'chain(1)',
  'help(sqrt)',
  'config({number: "BigNumber"})',
  'typeOf(a)',
  'matrix([1, 2])',
  'cos.constructor("return process")()',
  'sqrt.constructor("return process")()',
  'sqrt.constructor',
  'sqrt["constructor"]',
  'a.constructor',
  'a["constructor"]',
  '"abc".constructor',
  '(1).constructor',
  '{}.constructor',
  '{a: 1}',
  '[1, 2]',
  '[1, 2][1]',
  'a = 1',
  'f(x) = x^2',
  'f = sqrt; f(4)',
  'sqrt(4); a',
  'a\nb',
  '"abc"',
  '5 cm',
  '5 cm to inch',
  'unit("5 cm")',
  'a ? evaluate("1") : 1',
  'max(evaluate("1"), 1)',
  'a(1)',
  'sqrt',
  'constructor',
  '__proto__',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'process',
  'globalThis',
  'this',
  'Function',
  'eval("1")',
  'require("fs")',
  'x',
  'i',
  '1:3',
  'a!',
  'a\'',
  'a .* b',
  'a & b',
  'a << 2',
  'a < b < 2',
];

for (const source of attacks) {
  t.test(`rejected: ${JSON.stringify(source)}`, async (t) => {
    for (const type of ['number', 'boolean'] as const) {
      t.throws(() => compileExpr(source, { scope, type }), ExprError, `as a ${type}`);
    }
  });
}

t.test('allowed expressions still work (positive control)', async (t) => {
  t.equal(compileExpr('nLabeled * snr^q', { scope, type: 'number' }).number(values), 40 * 0.3 ** 3);
  const v = compileExpr('max(snr^-2, 1) + log(e) + sqrt(4) - pi + pi', { scope, type: 'number' }).number(values);
  t.ok(Math.abs(v - (1 / 0.09 + 1 + 2)) < 1e-12, `got ${v}`);
  t.equal(compileExpr('a > b ? a : b', { scope, type: 'number' }).number(values), 2);
  const p = compileExpr('(a >= 1 and b < 2) or not (q == 3)', { scope, type: 'boolean' });
  t.equal(p.holds(values), true);
  t.equal(p.margin(values), Math.min(1, 1));
});

t.test('margins are signed so that positive means the predicate holds', async (t) => {
  const m = (src: string) => compileExpr(src, { scope, type: 'boolean' }).margin(values);
  t.equal(m('a >= b'), 1);
  t.equal(m('a > b'), 1);
  t.equal(m('a <= b'), -1);
  t.equal(m('a < b'), -1);
  t.equal(m('b <= a'), 1);
  t.equal(m('a >= b and a <= 1.5'), -0.5);
  t.equal(m('a >= 5 or b >= 0.5'), 0.5);
  t.equal(m('not (a >= b)'), -1);
  t.equal(m('a == 2'), -0);
  t.ok(Number.isNaN(compileExpr('a', { scope, type: 'number' }).margin(values)));
});

t.test('evaluation cannot read anything but the scope it was given', async (t) => {
  const e = compileExpr('a + b', { scope, type: 'number' });
  t.throws(() => e.evaluate({ a: 1 }), ExprError, 'a missing name is an error, not a prototype lookup');
  const polluted = Object.create({ b: 100 }) as Record<string, number>;
  polluted.a = 1;
  t.throws(() => e.evaluate(polluted), ExprError, 'inherited properties are not read');
  t.throws(() => e.evaluate({ a: 1, b: 'x' as unknown as number }), ExprError, 'only numbers are read');
});

t.test('sqrt and log of negatives give NaN, never a complex number', async (t) => {
  t.ok(Number.isNaN(compileExpr('sqrt(-a)', { scope, type: 'number' }).number(values)));
  t.ok(Number.isNaN(compileExpr('log(-a)', { scope, type: 'number' }).number(values)));
});

t.test('every expression renders to LaTeX', async (t) => {
  const tex = new Map([['snr', '\\mathrm{SNR}'], ['nLabeled', 'n_L']]);
  const e = compileExpr('nLabeled * snr^q >= C_pre', { scope: new Set([...scope, 'C_pre']), type: 'boolean', tex });
  t.match(e.tex, /n_L/);
  t.match(e.tex, /\\mathrm\{SNR\}/);
  t.match(e.tex, /C_\{\\mathrm\{pre\}\}/);
  t.match(e.tex, /\\geq C/, 'a space separates a command from the next symbol');
});
