import { map } from 'rxjs';
import { describe, expect, test } from 'vitest';
import { binary } from '../src/codecs/binary.js';
import { codec } from '../src/codecs/codec.js';
import { decodeWith } from '../src/codecs/decode-with.js';
import type { Decoded } from '../src/codecs/decoded.js';
import { encodeWith } from '../src/codecs/encode-with.js';
import { json } from '../src/codecs/json.js';
import { text } from '../src/codecs/text.js';
import { testScheduler } from './helpers/marbles.js';

const show = <T>(result: Decoded<T>) =>
  result.ok ? { ok: result.value } : { failed: result.error.code, says: result.error.message };

describe('codecs', () => {
  test('json: values round-trip; a bad message is a DECODE_FAILED value naming it, and the stream goes on', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const messages = cold('a-b-c|', { a: '{"n":1}', b: '{oops', c: Buffer.from('{"n":3}') });
      expectObservable(messages.pipe(decodeWith(json<{ n: number }>()), map(show))).toBe('a-b-c|', {
        a: { ok: { n: 1 } },
        b: {
          failed: 'DECODE_FAILED',
          says: expect.stringMatching(
            /^json codec could not decode message #1 \(text of 5 chars: "\{oops"\)/,
          ),
        },
        c: { ok: { n: 3 } },
      });
    });
  });

  test('json with validate: a wrong shape is a failure value', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const isPoint = (v: unknown): v is { x: number } =>
        typeof (v as { x?: unknown })?.x === 'number';
      expectObservable(
        cold('a-b|', { a: '{"x":1}', b: '{"y":1}' }).pipe(
          decodeWith(json({ validate: isPoint })),
          map((r) => r.ok),
        ),
      ).toBe('a-b|', { a: true, b: false });
    });
  });

  test('text: invalid UTF-8 bytes are a failure, not replacement characters', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('a-b-c|', {
        a: 'plain',
        b: Buffer.from('bytes'),
        c: Buffer.from([0xff, 0xfe]),
      });
      expectObservable(
        source.pipe(
          decodeWith(text()),
          map((r) => (r.ok ? r.value : r.error.code)),
        ),
      ).toBe('a-b-c|', {
        a: 'plain',
        b: 'bytes',
        c: 'DECODE_FAILED',
      });
    });
  });

  test('binary: bytes pass, text is a failure', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const bytes = Buffer.from([1, 2, 3]);
      expectObservable(
        cold('a-b|', { a: bytes, b: 'text' }).pipe(
          decodeWith(binary()),
          map((r) => r.ok),
        ),
      ).toBe('a-b|', { a: true, b: false });
    });
  });

  test('a custom codec, and encodeWith', () => {
    const upper = codec<string>({
      name: 'upper',
      encode: (v) => v.toUpperCase(),
      decode: (m) => String(m).toLowerCase(),
    });
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('a-b|', { a: 'x', b: 'y' }).pipe(encodeWith(upper))).toBe('a-b|', {
        a: 'X',
        b: 'Y',
      });
      expectObservable(cold('a-b|', { a: { n: 1 }, b: [2] }).pipe(encodeWith(json()))).toBe(
        'a-b|',
        { a: '{"n":1}', b: '[2]' },
      );
      expectObservable(cold('a|', { a: 'ABC' }).pipe(decodeWith(upper), map(show))).toBe('a|', {
        a: { ok: 'abc' },
      });
    });
  });
});
