import { DrainWatch } from '../backpressure/drain-watch.js';
import { checkArgument, checkOptions, hasMembers } from '../errors/argument-checks.js';
import { RxError } from '../errors/rx-error.js';
import { type CarrierDriver, FramedCore } from '../framing/framed-core.js';
import { readableOf, whenDrained, writableOf } from '../framing/framed-web-streams.js';
import { DEFAULT_MAX_MESSAGE_SIZE, FRAMED_CHANNEL_OPTIONS } from '../framing/wire-format.js';

/**
 * Options of the browser {@link framed}: the same meaning as in the Node entry.
 *
 * @example
 * ```ts
 * const options: BrowserFramedOptions = { window: 8 << 20, maxMessageSize: 128 << 20 };
 * ```
 */
export interface BrowserFramedOptions {
  /** The largest message, in bytes. Default 64 MiB. */
  maxMessageSize?: number;
  /**
   * The largest packet (native message), in bytes. Default 64 KiB; at most the smaller of
   * the two peers' SCTP `maxMessageSize`.
   */
  packetSize?: number;
  /** Bytes `send()` may queue before it throws `QUEUE_OVERFLOW`. Default 16 MiB (or 2 × maxMessageSize). */
  queueLimit?: number;
  /** Receive window in bytes (at least 1 MiB). Default 4 MiB. */
  window?: number;
  /** The data channel's `bufferedAmount` never passes this. Default 1 MiB. */
  highWaterMark?: number;
}

/**
 * A framed channel over a browser `RTCDataChannel`: the same wire format (version 3) and
 * credit-based flow control as `framed()` from `@rxdc/rx` in Node, so a page and a Node peer
 * can exchange messages of any size with a slow reader slowing the sender on either side.
 *
 * Read with `for await (const message of channel)` or `readable()` (a message counts as
 * consumed when the loop or the stream takes it); write with `send()` or `writable()`. Text
 * arrives as `string`, binary as `Uint8Array`.
 *
 * @example
 * ```ts
 * import { framed } from '@rxdc/rx/browser';
 * const channel = framed(peerConnection.createDataChannel('files'));
 * await channel.opened;
 * channel.send(new Uint8Array(5 << 20));
 * for await (const message of channel) console.log(message);
 * ```
 */
export interface BrowserFramedChannel extends AsyncIterable<string | Uint8Array> {
  /** Resolves when the data channel is open (at once if it is). */
  readonly opened: Promise<void>;
  /** Resolves when the data channel has closed, by either side. */
  readonly closed: Promise<void>;
  /**
   * Queues a message (sent at the end of the task; messages sent together share packets).
   *
   * @throws {@link RxError} `MESSAGE_TOO_LARGE`, `QUEUE_OVERFLOW`, `CHANNEL_CLOSED`.
   */
  send(message: string | Uint8Array): void;
  /** Bytes queued by `send()` and not yet handed to the data channel. */
  readonly queuedBytes: number;
  /** This side's receive window, in bytes. */
  readonly window: number;
  /** The next message; `done` once the channel closed and every message was read. */
  next(): Promise<IteratorResult<string | Uint8Array>>;
  /** Resolves once every queued message has left the data channel's buffer. */
  drained(): Promise<void>;
  /** A `ReadableStream` of the messages (pulled: `highWaterMark` messages, default 16). */
  readable(highWaterMark?: number): ReadableStream<string | Uint8Array>;
  /** A `WritableStream`: a write resolves once at most `highWaterMark` bytes (default 1 MiB) are queued. */
  writable(highWaterMark?: number): WritableStream<string | Uint8Array>;
  /** Closes the data channel. */
  close(): void;
}

/**
 * The part of a browser `RTCDataChannel` a framed channel uses (declared here so that the
 * package's types need no DOM library).
 *
 * @example
 * ```ts
 * const channel: BrowserDataChannel = peerConnection.createDataChannel('files');
 * ```
 */
export interface BrowserDataChannel {
  /** Where the channel is in its life. */
  readonly readyState: 'connecting' | 'open' | 'closing' | 'closed';
  /** Bytes queued by `send` and not yet sent. */
  readonly bufferedAmount: number;
  /** The buffered amount at or below which `bufferedamountlow` fires (set by the sender). */
  bufferedAmountLowThreshold: number;
  /** Set to `'arraybuffer'` by {@link framed}. */
  binaryType: string;
  /** Sends one native message (a packet). */
  send(data: string | ArrayBufferView): void;
  /** Closes the channel. */
  close(): void;
  /** Stops listening (used when the framed channel is done with the channel). */
  removeEventListener?(type: 'bufferedamountlow', listener: () => void): void;
  /** Listens for the channel's events. */
  addEventListener(
    type: 'open' | 'close' | 'bufferedamountlow' | 'error' | 'message',
    listener: (event: { readonly data?: unknown; readonly error?: { message?: string } }) => void,
    options?: { once?: boolean },
  ): void;
}

/** The browser options: those of the Node `framed()` but `lowWaterMark` (3/4 of the high mark). */
const { lowWaterMark: _low, ...BROWSER_FRAMED_OPTIONS } = FRAMED_CHANNEL_OPTIONS;

/**
 * Wraps a browser `RTCDataChannel` (reliable and ordered, the default) in a framed channel
 * with flow control. The other side must be framed too: `framed()` from `@rxdc/rx` in Node,
 * or this function in another page. Plain ES module, no Node API and no dependency: a page
 * can import it without a bundler.
 *
 * @example
 * ```ts
 * import { framed } from '@rxdc/rx/browser';
 * const channel = framed(dataChannel, { window: 4 << 20 });
 * for await (const message of channel) {
 *   await saveSlowly(message); // the Node sender waits for this reader
 * }
 * ```
 */
export function framed(
  channel: BrowserDataChannel,
  options: BrowserFramedOptions = {},
): BrowserFramedChannel {
  const where = 'framed(channel, options)';
  checkArgument(
    where,
    'channel',
    channel,
    hasMembers('an RTCDataChannel', {
      readyState: 'string',
      bufferedAmount: 'number',
      send: 'function',
      close: 'function',
      addEventListener: 'function',
    }),
  );
  checkOptions(where, options, BROWSER_FRAMED_OPTIONS);
  channel.binaryType = 'arraybuffer';
  const high = options.highWaterMark ?? 1024 * 1024;
  const isClosed = (): boolean =>
    channel.readyState === 'closed' || channel.readyState === 'closing';
  // The same drain watch as the Node senders, over the page's channel.
  const watch = new DrainWatch(
    {
      get bufferedAmount() {
        return channel.bufferedAmount;
      },
      get bufferedAmountLowThreshold() {
        return channel.bufferedAmountLowThreshold;
      },
      set bufferedAmountLowThreshold(threshold: number) {
        channel.bufferedAmountLowThreshold = threshold;
      },
      get isClosed() {
        return isClosed();
      },
      bufferedAmountLow$: {
        subscribe: (next) => {
          const listener = (): void => next();
          channel.addEventListener('bufferedamountlow', listener);
          return {
            unsubscribe: () => channel.removeEventListener?.('bufferedamountlow', listener),
          };
        },
      },
    },
    { high, low: Math.floor((high * 3) / 4) },
    () => core.room(),
  );
  const driver: CarrierDriver = {
    send: (packet) => channel.send(packet),
    get bufferedAmount() {
      return channel.bufferedAmount;
    },
    // The SCTP limit is the peer connection's, not the channel's: packetSize bounds packets.
    maxMessageSize: 0,
    get isOpen() {
      return channel.readyState === 'open';
    },
    get isClosed() {
      return isClosed();
    },
    armRoom: () => watch.arm(),
    whenEmpty: (done) => watch.whenEmpty(done),
    isClosedFailure: () => channel.readyState !== 'open',
  };
  const core = new FramedCore(driver, {
    highWaterMark: high,
    maxMessageSize: options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE,
    copiesOnSend: false,
    ...(options.packetSize !== undefined && { packetSize: options.packetSize }),
    ...(options.queueLimit !== undefined && { queueLimit: options.queueLimit }),
    ...(options.window !== undefined && { window: options.window }),
  });
  const opened = new Promise<void>((resolve) => {
    if (channel.readyState === 'open') resolve();
    else channel.addEventListener('open', () => resolve(), { once: true });
  });
  const closed = new Promise<void>((resolve) => {
    if (channel.readyState === 'closed') resolve();
    else channel.addEventListener('close', () => resolve(), { once: true });
  });
  opened.then(() => core.opened());
  closed.then(() => {
    watch.dispose();
    core.closed();
  });
  channel.addEventListener('message', (event) => {
    const data = event.data as string | ArrayBuffer;
    core.packet(typeof data === 'string' ? data : new Uint8Array(data));
  });
  channel.addEventListener('error', (event) => {
    const reason = event.error?.message ?? 'unknown';
    core.fail(new RxError('CHANNEL_CLOSED', `data channel error: ${reason}`));
  });
  return {
    opened,
    closed,
    send: (message) => core.send(message),
    get queuedBytes() {
      return core.queuedBytes;
    },
    get window() {
      return core.window;
    },
    next: () => core.next(),
    drained: () => whenDrained(core),
    readable: (highWaterMark) => readableOf(core, highWaterMark),
    writable: (highWaterMark = 1024 * 1024) => writableOf(core, highWaterMark),
    close: () => channel.close(),
    [Symbol.asyncIterator]: () => ({
      next: () => core.next(),
      return: async () => ({ done: true, value: undefined }),
    }),
  };
}
