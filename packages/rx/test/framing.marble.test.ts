import { catchError, map, of } from 'rxjs';
import { describe, expect, test } from 'vitest';
import { RxError } from '../src/errors/rx-error.js';
import { coalesce } from '../src/framing/coalesce.js';
import { decodeFrames } from '../src/framing/decode-frames.js';
import { encodeFrames } from '../src/framing/encode-frames.js';
import { packetChecksum } from '../src/framing/wire-format.js';
import { testScheduler } from './helpers/marbles.js';

const kinds = ['?', 'batch', 'first', 'next', 'credit'];
/** A packet as `kind:seq:bytes`, read from its header, for readable marbles. */
const describePacket = (packet: Buffer): string =>
  `${kinds[packet[1] as number]}:${packet.readUInt32BE(2)}:${packet.byteLength}`;
const codeOf = (error: unknown) =>
  of(error instanceof RxError ? `error ${error.code}` : `other ${String(error)}`);
const big = Buffer.alloc(150_000, 7);

describe('encodeFrames', () => {
  test('a small message is one batch packet; a large one is split into fragments of packetSize', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('a-b------|', { a: 'hi', b: big });
      const expected = 'a-(bcd)--|';
      expectObservable(source.pipe(encodeFrames({ packetSize: 65_536 }), map(describePacket))).toBe(
        expected.trim(),
        {
          a: 'batch:0:17',
          b: 'first:1:65536',
          c: 'next:2:65536',
          d: `next:3:${150_000 - (65_536 - 15) - (65_536 - 14) + 14}`,
        },
      );
    });
  });

  test('a group from coalesce shares batch packets, up to packetSize each', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const group = Array.from({ length: 10 }, () => Buffer.alloc(100));
      expectObservable(
        cold('a---|', { a: group }).pipe(
          encodeFrames({ packetSize: 10 + 5 * 105 }),
          map(describePacket),
        ),
      ).toBe('(ab)|', {
        a: 'batch:0:535',
        b: 'batch:1:535',
      });
    });
  });

  test('a message over maxMessageSize fails with MESSAGE_TOO_LARGE', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('a-b', { a: 'ok', b: Buffer.alloc(2000) });
      expectObservable(
        source.pipe(
          encodeFrames({ maxMessageSize: 1000 }),
          map(describePacket),
          catchError(codeOf),
        ),
      ).toBe('a-(b|)', {
        a: 'batch:0:17',
        b: 'error MESSAGE_TOO_LARGE',
      });
    });
  });
});

describe('decodeFrames', () => {
  test('round trip keeps boundaries, order and kinds (text stays text)', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const values = { a: 'héllo', b: big, c: Buffer.from([]), d: 'x'.repeat(70_000) };
      const source = cold('a-b-c-d-|', values);
      expectObservable(source.pipe(encodeFrames({ packetSize: 65_536 }), decodeFrames())).toBe(
        'a-b-c-d-|',
        values,
      );
    });
  });

  test('a corrupted byte gives FRAME_CORRUPT and no message', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const [good, bad] = encodePackets(['one', 'two']);
      bad[12] = (bad[12] as number) ^ 0xff;
      expectObservable(
        cold('a-b-c', { a: good, b: bad, c: good }).pipe(decodeFrames(), catchError(codeOf)),
      ).toBe('a-(b|)', {
        a: 'one',
        b: 'error FRAME_CORRUPT',
      });
    });
  });

  test('a missing packet gives FRAME_SEQUENCE', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const [p0, , p2] = encodePackets(['one', 'two', 'three']);
      expectObservable(cold('a-b', { a: p0, b: p2 }).pipe(decodeFrames(), catchError(codeOf))).toBe(
        'a-(b|)',
        {
          a: 'one',
          b: 'error FRAME_SEQUENCE',
        },
      );
    });
  });

  test('two swapped packets (libdatachannel can swap messages at hand-over) give FRAME_SEQUENCE, the swapped one is not delivered', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const [p0, p1, p2] = encodePackets(['one', 'two', 'three']);
      expectObservable(
        cold('a-b-c', { a: p0, b: p2, c: p1 }).pipe(decodeFrames(), catchError(codeOf)),
      ).toBe('a-(b|)', {
        a: 'one',
        b: 'error FRAME_SEQUENCE',
      });
    });
  });

  test('a stream that ends mid-message gives FRAME_TRUNCATED', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const [first] = encodePackets([big]);
      expectObservable(cold('a|', { a: first }).pipe(decodeFrames(), catchError(codeOf))).toBe(
        '-(b|)',
        {
          b: 'error FRAME_TRUNCATED',
        },
      );
    });
  });

  test('a new message while a fragmented one is incomplete gives FRAME_TRUNCATED', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const packets = encodePackets([big, 'after']);
      // Drop the middle fragments and renumber the batch so only the truncation is wrong.
      const batch = resequence(packets.at(-1) as Buffer, 1);
      expectObservable(
        cold('a-b', { a: packets[0], b: batch }).pipe(decodeFrames(), catchError(codeOf)),
      ).toBe('--(b|)', {
        b: 'error FRAME_TRUNCATED',
      });
    });
  });

  test('a batch entry cut short (length rewritten, checksum fixed) gives FRAME_TRUNCATED', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const [packet] = encodePackets(['abcdef']);
      const cut = resequence((packet as Buffer).subarray(0, (packet as Buffer).byteLength - 3), 0);
      expectObservable(cold('a', { a: cut }).pipe(decodeFrames(), catchError(codeOf))).toBe(
        '(b|)',
        { b: 'error FRAME_TRUNCATED' },
      );
    });
  });

  test('text, unknown versions and announced sizes over the maximum are refused', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const [packet] = encodePackets([Buffer.alloc(300)]);
      const v4 = Buffer.from(packet as Buffer);
      v4[0] = 4;
      const v1 = Buffer.from(packet as Buffer);
      v1[0] = 1;
      const v2 = Buffer.from(packet as Buffer);
      v2[0] = 2;
      expectObservable(
        cold('a', { a: 'plain text' }).pipe(decodeFrames(), catchError(codeOf)),
      ).toBe('(b|)', { b: 'error FRAME_VERSION' });
      expectObservable(cold('a', { a: v4 }).pipe(decodeFrames(), catchError(codeOf))).toBe('(b|)', {
        b: 'error FRAME_VERSION',
      });
      // A peer on wire version 1 (no flow control) is named as such.
      expectObservable(
        cold('a', { a: v1 }).pipe(
          decodeFrames(),
          catchError((error) =>
            of(/wire version 1: the other side runs an @rxdc\/rx older/.test(error.message)),
          ),
        ),
      ).toBe('(b|)', { b: true });
      // A peer on wire version 2 (credit counting bytes only) too.
      expectObservable(
        cold('a', { a: v2 }).pipe(
          decodeFrames(),
          catchError((error) =>
            of(
              /wire version 2: the other side runs an @rxdc\/rx whose flow control counts bytes only/.test(
                error.message,
              ),
            ),
          ),
        ),
      ).toBe('(b|)', { b: true });
      expectObservable(
        cold('a', { a: packet }).pipe(decodeFrames({ maxMessageSize: 100 }), catchError(codeOf)),
      ).toBe('(b|)', {
        b: 'error MESSAGE_TOO_LARGE',
      });
    });
  });
});

describe('coalesce', () => {
  test('values of the same frame are grouped; a value alone goes alone', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('(abc)-d-(ef|)').pipe(coalesce())).toBe('a-----b-(c|)', {
        a: ['a', 'b', 'c'],
        b: ['d'],
        c: ['e', 'f'],
      });
    });
  });

  test('a group is emitted as soon as it reaches maxBytes', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(
        cold('(abcde)', { a: 'xx', b: 'xx', c: 'xx', d: 'xx', e: 'xx' }).pipe(
          coalesce({ maxBytes: 4 }),
        ),
      ).toBe('(abc)', {
        a: ['xx', 'xx'],
        b: ['xx', 'xx'],
        c: ['xx'],
      });
    });
  });

  test('coalesced, encoded and decoded: the same messages come out', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const values = { a: 'a', b: Buffer.from('b'), c: 'c', d: big };
      expectObservable(
        cold('(abc)-d|', values).pipe(coalesce(), encodeFrames(), decodeFrames()),
      ).toBe('(abc)-d|', values);
    });
  });
});

function encodePackets(messages: Array<string | Buffer>): [Buffer, Buffer, Buffer, ...Buffer[]] {
  const packets: Buffer[] = [];
  of(...messages)
    .pipe(encodeFrames({ packetSize: 65_536 }))
    .subscribe((packet) => packets.push(packet));
  return packets as [Buffer, Buffer, Buffer, ...Buffer[]];
}

function resequence(packet: Buffer, seq: number): Buffer {
  const copy = Buffer.from(packet);
  copy.writeUInt32BE(seq, 2);
  copy.writeUInt32BE(packetChecksum(copy), 6);
  return copy;
}

test('resequence helper keeps packets valid', () => {
  expect(resequence(encodePackets(['x'])[0] as Buffer, 0).byteLength).toBe(16);
});
