// Every public function of @rxdc/rx checks its arguments (issue 20): a wrong one is an RxError
// INVALID_ARGUMENT naming the function, the argument, what it must be and what was given,
// thrown before anything is done. One table over every runtime export of both entry points;
// the table must name every export, so a new export without a row fails here.
import { PeerConnection } from '@rxdc/core';
import { of } from 'rxjs';
import { describe, expect, test } from 'vitest';
import * as browser from '../src/browser.js';
import * as rx from '../src/index.js';

type Call = (channel: () => rx.FramedCarrier) => unknown;
interface Row {
  /** What the user wrote. */
  readonly call: string;
  readonly run: Call;
  /** The message must match each of these (what was wrong, what was given). */
  readonly says: readonly (string | RegExp)[];
}

const bad = (value: unknown): never => value as never;

/** Per export: the wrong calls a user makes, or why it takes nothing to check. */
const table: Record<string, readonly Row[] | string> = {
  holdWhile: [
    {
      call: 'holdWhile(undefined)',
      run: () => rx.holdWhile(bad(undefined)),
      says: ['holdWhile(open$, options): open$ must be an Observable', 'got undefined'],
    },
    {
      call: "holdWhile(of(true), { overflow: 'drop' })",
      run: () => rx.holdWhile(of(true), { overflow: bad('drop') }),
      says: [
        "options.overflow must be one of 'error', 'drop-newest', 'drop-oldest'",
        'got the string "drop"',
      ],
    },
    {
      call: 'holdWhile(of(true), { queueLimit: 0 })',
      run: () => rx.holdWhile(of(true), { queueLimit: 0 }),
      says: ['options.queueLimit must be a number > 0', 'got the number 0'],
    },
    {
      call: 'holdWhile(of(true), { limit: 5 })',
      run: () => rx.holdWhile(of(true), bad({ limit: 5 })),
      says: ['unknown option "limit"', 'queueLimit'],
    },
  ],
  sendFrom: [
    {
      call: 'sendFrom(undefined, [])',
      run: () => rx.sendFrom(bad(undefined), []),
      says: ['sendFrom(channel, source, options): channel must be a channel', 'got undefined'],
    },
    {
      call: 'sendFrom(dc, 42)',
      run: (channel) => rx.sendFrom(channel(), bad(42)),
      says: [
        'source must be an (async) iterable, a Node Readable or a web ReadableStream',
        'got the number 42',
      ],
    },
    {
      call: "sendFrom(dc, 'text')",
      run: (channel) => rx.sendFrom(channel(), bad('text')),
      says: ['source must be', 'got the string "text"'],
    },
    {
      call: 'sendFrom(dc, [], { highWaterMark: -1 })',
      run: (channel) => rx.sendFrom(channel(), [], { highWaterMark: -1 }),
      says: ['options.highWaterMark must be a whole number of bytes >= 1', 'got the number -1'],
    },
    {
      call: 'sendFrom(dc, [], { highWaterMark: 10, lowWaterMark: 10 })',
      run: (channel) => rx.sendFrom(channel(), [], { highWaterMark: 10, lowWaterMark: 10 }),
      says: ['options.lowWaterMark must be', 'below highWaterMark (10), got 10'],
    },
  ],
  sendWithBackpressure: [
    {
      call: 'sendWithBackpressure({})',
      run: () => rx.sendWithBackpressure(bad({})),
      says: [
        'sendWithBackpressure(channel, options): channel must be a channel',
        'send is missing',
        'got an empty object',
      ],
    },
    {
      call: "sendWithBackpressure(dc, { queueLimit: '1mb' })",
      run: (channel) => rx.sendWithBackpressure(channel(), { queueLimit: bad('1mb') }),
      says: ['options.queueLimit must be a number > 0', 'got the string "1mb"'],
    },
  ],
  binary: 'takes no arguments',
  text: 'takes no arguments',
  codec: [
    {
      call: "codec({ name: 'x' })",
      run: () => rx.codec(bad({ name: 'x' })),
      says: ['codec(definition): definition must be a codec', 'encode is missing'],
    },
  ],
  decodeWith: [
    {
      call: 'decodeWith(JSON)',
      run: () => rx.decodeWith(bad(JSON)),
      says: ['decodeWith(codec): codec must be a codec', 'name is missing'],
    },
  ],
  encodeWith: [
    {
      call: 'encodeWith(null)',
      run: () => rx.encodeWith(bad(null)),
      says: ['encodeWith(codec): codec must be a codec', 'got null'],
    },
  ],
  json: [
    {
      call: 'json({ validate: true })',
      run: () => rx.json({ validate: bad(true) }),
      says: ['json(options): options.validate must be a function', 'got the boolean true'],
    },
    {
      call: 'json().encode(undefined)',
      run: () => rx.json().encode(undefined),
      says: ['json codec: cannot encode undefined'],
    },
  ],
  coalesce: [
    {
      call: "coalesce({ maxBytes: '64k' })",
      run: () => rx.coalesce({ maxBytes: bad('64k') }),
      says: [
        'coalesce(options): options.maxBytes must be a whole number of bytes >= 1',
        'got the string "64k"',
      ],
    },
    {
      call: 'coalesce({ scheduler: 5 })',
      run: () => rx.coalesce({ scheduler: bad(5) }),
      says: ['options.scheduler must be an RxJS scheduler', 'got the number 5'],
    },
  ],
  decodeFrames: [
    {
      call: 'decodeFrames({ maxMessageSize: 2 ** 32 })',
      run: () => rx.decodeFrames({ maxMessageSize: 2 ** 32 }),
      says: [
        'decodeFrames(options): options.maxMessageSize must be a whole number of bytes from 0 to 4294967295',
        'got the number 4294967296',
      ],
    },
    {
      call: 'decodeFrames(64)',
      run: () => rx.decodeFrames(bad(64)),
      says: ['options must be an object or undefined', 'got the number 64'],
    },
  ],
  encodeFrames: [
    {
      call: 'encodeFrames({ packetSize: 8 })',
      run: () => rx.encodeFrames({ packetSize: 8 }),
      says: [
        'encodeFrames(options): options.packetSize must be a whole number of bytes from 16',
        'got the number 8',
      ],
    },
  ],
  framed: [
    {
      call: 'framed(undefined)',
      run: () => rx.framed(bad(undefined)),
      says: ['framed(channel, options): channel must be a data channel', 'got undefined'],
    },
    {
      call: 'framed(dc, { window: 1000 })',
      run: (channel) => rx.framed(channel(), { window: 1000 }),
      says: ['options.window must be a whole number of bytes from 1048576', 'got the number 1000'],
    },
    {
      call: 'framed(dc, { windowSize: 1 << 20 })',
      run: (channel) => rx.framed(channel(), bad({ windowSize: 1 << 20 })),
      says: ['unknown option "windowSize"', 'window'],
    },
    {
      call: 'framed(dc).consume(undefined)',
      run: (channel) => rx.framed(channel()).consume(bad(undefined)),
      says: ['consume(work): work must be a function', 'got undefined'],
    },
    {
      call: 'framed(dc).readable(0)',
      run: (channel) => rx.framed(channel()).readable(0),
      says: [
        'readable(highWaterMark): highWaterMark must be a whole number of messages >= 1',
        'got the number 0',
      ],
    },
    {
      call: "framed(dc).writable('1mb')",
      run: (channel) => rx.framed(channel()).writable(bad('1mb')),
      says: ['writable(highWaterMark): highWaterMark must be', 'got the string "1mb"'],
    },
    {
      call: 'framed(dc).duplex({ readableHighWaterMark: -1 })',
      run: (channel) => rx.framed(channel()).duplex({ readableHighWaterMark: -1 }),
      says: ['duplex(options): options.readableHighWaterMark must be', 'got the number -1'],
    },
    {
      call: 'framed(dc).bufferedAmountLowThreshold = -1',
      run: (channel) => {
        rx.framed(channel()).bufferedAmountLowThreshold = -1;
      },
      says: [
        'bufferedAmountLowThreshold must be a whole number of bytes >= 0',
        'got the number -1',
      ],
    },
    {
      call: 'framed(dc).send(42)',
      run: (channel) => rx.framed(channel()).send(bad(42)),
      says: [
        'a framed channel: send() takes a string, an ArrayBuffer or an ArrayBufferView',
        'got number',
      ],
    },
  ],
  backoffDelay: [
    {
      call: "backoffDelay('3')",
      run: () => rx.backoffDelay(bad('3')),
      says: [
        'backoffDelay(retry, options): retry must be a whole number >= 0',
        'got the string "3"',
      ],
    },
    {
      call: 'backoffDelay(1, { jitter: 2 })',
      run: () => rx.backoffDelay(1, { jitter: 2 }),
      says: ['options.jitter must be a number >= 0 and <= 1', 'got the number 2'],
    },
  ],
  reconnectingWebSocket: [
    {
      call: "reconnectingWebSocket('http://x')",
      run: () => rx.reconnectingWebSocket('http://x'),
      says: [
        'reconnectingWebSocket(url, options): url must be a ws:// or wss:// URL string',
        'got the string "http://x"',
      ],
    },
    {
      call: "reconnectingWebSocket('ws://x', { maxAttempts: 0 })",
      run: () => rx.reconnectingWebSocket('ws://x', { maxAttempts: 0 }),
      says: ['options.maxAttempts must be a whole number >= 1', 'got the number 0'],
    },
  ],
  retryWithBackoff: [
    {
      call: "retryWithBackoff({ maxRetries: 'many' })",
      run: () => rx.retryWithBackoff({ maxRetries: bad('many') }),
      says: [
        'retryWithBackoff(options): options.maxRetries must be a whole number >= 0',
        'got the string "many"',
      ],
    },
    {
      call: 'retryWithBackoff({ retries: 3 })',
      run: () => rx.retryWithBackoff(bad({ retries: 3 })),
      says: ['unknown option "retries"', 'maxRetries'],
    },
  ],
  connectPeers: [
    {
      call: 'connectPeers(undefined, undefined)',
      run: () => rx.connectPeers(bad(undefined), bad(undefined)),
      says: ['connectPeers(a, b, onError): a must be a PeerConnection', 'got undefined'],
    },
    {
      call: 'connectPeers(create, { openRetries: -1 })',
      run: () => rx.connectPeers(() => bad([]), { openRetries: -1 }),
      says: [
        'connectPeers(create, options): options.openRetries must be a whole number >= 0',
        'got the number -1',
      ],
    },
    {
      call: 'connectPeers(() => [])',
      run: () => rx.connectPeers(() => bad([])),
      says: ['what create() returns must be an array of two PeerConnections', 'got an array of 0'],
    },
  ],
  localChannelPair: [
    {
      call: "localChannelPair({ timeoutMs: '10s' })",
      run: () => rx.localChannelPair({ timeoutMs: bad('10s') }),
      says: [
        'localChannelPair(options): options.timeoutMs must be a number > 0',
        'got the string "10s"',
      ],
    },
  ],
  stats$: [
    {
      call: 'stats$(undefined)',
      run: () => rx.stats$(bad(undefined)),
      says: [
        'stats$(peer, intervalMs, scheduler): peer must be a peer connection',
        'got undefined',
      ],
    },
  ],
  channelSubject: [
    {
      call: 'channelSubject(undefined)',
      run: () => rx.channelSubject(bad(undefined)),
      says: ['channelSubject(channel, options): channel must be a data channel', 'got undefined'],
    },
    {
      call: 'channelSubject(dc, { codec: JSON })',
      run: (channel) => rx.channelSubject(channel(), { codec: bad(JSON) }),
      says: ['options.codec must be a codec', 'name is missing'],
    },
  ],
  ChannelSubject: [
    {
      call: 'new ChannelSubject(dc, { overflow: 1 })',
      run: (channel) => new rx.ChannelSubject(channel(), { overflow: bad(1) }),
      says: ['options.overflow must be one of', 'got the number 1'],
    },
  ],
  RxError: 'the error class itself (constructed by rx, not called with user input)',
};

const browserTable: Record<string, readonly Row[] | string> = {
  framed: [
    {
      call: 'framed(undefined) in a page',
      run: () => browser.framed(bad(undefined)),
      says: ['framed(channel, options): channel must be an RTCDataChannel', 'got undefined'],
    },
    {
      call: "framed(rtc, { highWaterMark: '1mb' }) in a page",
      run: () =>
        browser.framed(
          bad({
            readyState: 'open',
            bufferedAmount: 0,
            send() {},
            close() {},
            addEventListener() {},
          }),
          { highWaterMark: bad('1mb') },
        ),
      says: ['options.highWaterMark must be a whole number of bytes >= 1', 'got the string "1mb"'],
    },
  ],
  RxError: 'the error class itself',
};

/** Runs `row`, with `channel()` giving a real core channel closed afterwards; returns what was thrown (or rejected). */
async function outcome(row: Row): Promise<unknown> {
  const peers: PeerConnection[] = [];
  const channel = (): rx.FramedCarrier => {
    const peer = new PeerConnection({ iceServers: [], bindAddress: '127.0.0.1' });
    peers.push(peer);
    return peer.createDataChannel('arguments');
  };
  try {
    const result = row.run(channel);
    if (result instanceof Promise) await result;
    return undefined;
  } catch (error) {
    return error;
  } finally {
    for (const peer of peers) peer.close();
  }
}

for (const [entry, exports, rows] of [
  ['@rxdc/rx', rx, table],
  ['@rxdc/rx/browser', browser, browserTable],
] as const) {
  describe(`${entry}: every export checks its arguments`, () => {
    test('the table names every runtime export', () => {
      expect(Object.keys(rows).sort()).toEqual(Object.keys(exports).sort());
    });
    const cases = Object.entries(rows).flatMap(([name, value]) =>
      typeof value === 'string' ? [] : value.map((row) => ({ name, call: row.call, row })),
    );
    test.each(cases)('$name: $call', async ({ row }) => {
      const error = await outcome(row);
      expect(error, `${row.call} did not throw`).toBeInstanceOf(rx.RxError);
      expect((error as rx.RxError).code).toBe('INVALID_ARGUMENT');
      for (const part of row.says) expect((error as Error).message).toContain(part);
    });
  });
}
