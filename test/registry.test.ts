import t from 'tap';
import { checkerFor, checkers } from '../proofs-check/index.js';
import { engines, getEngine, registerEngine } from '../src/engine/engine.js';
import '../src/engine/engines.js';
import { formats, resolveFormats } from '../src/report/formats/index.js';
import { Registry } from '../src/registry.js';
import { CLAIM_KINDS } from '../src/spec/schema.js';
import { InputError } from '../src/util/errors.js';

t.test('a name registered twice is an InputError naming both origins', async (t) => {
  const r = new Registry<number>('widget');
  r.register('a', 1, 'first.ts');
  t.throws(() => r.register('a', 2, 'second.ts'), { name: 'InputError', message: /widget 'a' is registered twice: by first\.ts and by second\.ts/ });
  t.equal(r.get('a'), 1, 'the first registration stands');
  t.throws(() => r.register('', 3, 'third.ts'), InputError);
  t.same(r.names(), ['a']);
});

t.test('require() names the field and lists what is known', async (t) => {
  const r = new Registry<number>('widget');
  r.register('a', 1);
  r.register('b', 2);
  t.throws(() => r.require('c', '--widget'), { message: '--widget: unknown widget "c" (known: a, b)' });
});

t.test('the shipped components are in the registries, registered as the harness', async (t) => {
  t.same(checkers.names(), [...CLAIM_KINDS], 'every built-in claim kind has a checker');
  for (const kind of CLAIM_KINDS) t.equal(checkerFor(kind).kind, kind);
  t.same(formats.names(), ['md', 'html', 'tex', 'junit']);
  t.same(engines.names(), ['tensor', 'exact', 'auto'], 'the shipped engines are registered, auto included');
  t.equal(engines.origin('tensor'), 'theorem-harness');
});

t.test('names are validated against the registry, not a closed list', async (t) => {
  t.throws(() => checkerFor('no-such-kind'), { name: 'InputError', message: /unknown claim kind "no-such-kind" \(known: bound, comparison/ });
  t.throws(() => resolveFormats(['md', 'pdf']), { name: 'InputError', message: /--format: unknown report format "pdf" \(known: md, html, tex, junit/ });
  t.same(resolveFormats(['markdown', 'latex', 'md']).map((f) => f.name), ['md', 'tex'], 'aliases, duplicates dropped');
  await t.rejects(getEngine('no-such-engine'), { name: 'InputError', message: /unknown engine "no-such-engine" \(known: tensor, exact/ });
  t.throws(() => registerEngine('tensor', async () => { throw new Error('never built'); }, 'my-plugin.ts'), { message: /engine 'tensor' is registered twice: by theorem-harness and by my-plugin\.ts/ });
});
