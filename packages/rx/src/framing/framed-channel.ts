import type { Duplex } from 'node:stream';
import type { Message, Sendable } from '@rxdc/core';
import { from, Observable, type ObservableInput } from 'rxjs';
import { DrainWatch } from '../backpressure/drain-watch.js';
import { type FlowChannel, type FlowOptions, resolveFlow } from '../backpressure/flow-channel.js';
import {
  checkArgument,
  checkOptions,
  FLOW_CHANNEL_MEMBERS,
  hasMembers,
  isFunction,
} from '../errors/argument-checks.js';
import { isClosedFailure } from '../errors/closed-failure.js';
import type { FramingOptions } from './frame-encoder.js';
import { type CarrierDriver, FramedCore } from './framed-core.js';
import { type FramedDuplexOptions, framedDuplex } from './framed-duplex.js';
import { readableOf, writableOf } from './framed-web-streams.js';
import { nativeCrc32 } from './native-crc32.js';
import { DEFAULT_MAX_MESSAGE_SIZE, FRAMED_CHANNEL_OPTIONS } from './wire-format.js';

/**
 * The channel a framed channel runs on: a flow-controlled channel with `messages$` and
 * `close()` (any `@rxdc/core` DataChannel or WebSocket).
 *
 * @example
 * ```ts
 * const carrier: FramedCarrier = peer.createDataChannel('framed');
 * ```
 */
export interface FramedCarrier extends FlowChannel {
  /**
   * The channel's native messages (framed packets), in order. Messages that arrive before
   * anyone subscribes must be held for the first subscriber, as `@rxdc/core` channels do.
   */
  readonly messages$: Observable<Message>;
  /** Closes the channel; called by {@link FramedChannel.close}. */
  close(): void;
}

/**
 * Options of {@link framed}. `highWaterMark` (default 1 MiB) and `lowWaterMark` bound the
 * buffer of the channel underneath.
 *
 * @example
 * ```ts
 * const options: FramedOptions = { maxMessageSize: 128 << 20, window: 8 << 20 };
 * ```
 */
export interface FramedOptions extends FramingOptions, FlowOptions {
  /**
   * Bytes of messages accepted by `send()` and not yet handed to the channel. Past it `send()`
   * throws `QUEUE_OVERFLOW`. Default: 16 MiB, or twice `maxMessageSize` if that is larger.
   */
  queueLimit?: number;
  /**
   * Receive window: credit this side lets the other side spend ahead of its consumer (flow
   * control), counting the bytes of packets plus 256 per message so that it bounds memory
   * however small the messages are. At least 1 MiB; default 4 MiB, which keeps a loopback channel
   * busy while the reader keeps up. A slow reader holds at most about this much (plus one
   * message being reassembled, for messages larger than the window).
   */
  window?: number;
}

/**
 * A channel that carries messages of any size up to `maxMessageSize` (default 64 MiB) over a
 * channel whose own limit is far smaller, keeping message boundaries and order, with
 * end-to-end flow control: the sender never gets more than the receiver's `window` ahead of
 * the receiving consumer. See {@link framed}.
 *
 * It is a channel like any other: `sendFrom`, `sendWithBackpressure` and `channelSubject`
 * accept it. Its `bufferedAmount` is the bytes accepted by `send()` and not yet handed to the
 * channel underneath (waiting for room or for credit); `bufferedAmountLow$` reports that
 * queue falling to `bufferedAmountLowThreshold`.
 *
 * Reading, and when a message counts as consumed (credit goes back to the sender):
 * - `for await (const message of channel)`: when the loop receives it (the next one is taken
 *   when the loop body asks for it).
 * - `duplex()` (Node streams), `readable()` (web streams): when the stream takes it into its
 *   own buffer, which it does only while below its high-water mark.
 * - `messages$` (RxJS): when every subscriber's `next` has returned. Work done after `next`
 *   returns (a Promise, `mergeMap`, `delay`) is not waited for; for asynchronous work use
 *   `consume(work)`, which takes the next message only once `work`'s Observable completes.
 * While `messages$` has subscribers they take every message; pull readers get what arrives
 * while nobody is subscribed. Messages nobody took yet are held (at most the window).
 *
 * @example
 * ```ts
 * const channel: FramedChannel = framed(dataChannel);
 * channel.send(new Uint8Array(5 << 20));
 * for await (const message of channel) console.log(message.length);
 * ```
 */
export interface FramedChannel extends FlowChannel, AsyncIterable<Message> {
  /**
   * Whole messages, in order (text as `string`, binary as `Buffer`). Fails with an `RxError`
   * (`FRAME_*`) on a bad packet. Completes on close. Subscribe, leave and come back at will:
   * messages that arrive while nobody is subscribed are held for the next subscriber (or
   * reader), never dropped. A message counts as consumed once every subscriber's `next` returned.
   */
  readonly messages$: Observable<Message>;
  /**
   * Queues a message. Messages queued in the same task are coalesced into shared packets;
   * large ones are split. Never blocks: the queue drains as the channel and the receiver's
   * credit allow.
   *
   * @throws {@link RxError} `MESSAGE_TOO_LARGE` over `maxMessageSize`, `QUEUE_OVERFLOW` when
   * `queueLimit` bytes are already waiting, `CHANNEL_CLOSED` after close.
   */
  send(message: Sendable): void;
  /**
   * Bytes queued by `send()` and not yet handed to the channel, plus 256 per message waiting
   * (what a queued message costs beyond its bytes, so that empty messages fill the queue too);
   * same as `bufferedAmount`, and what `queueLimit` bounds.
   */
  readonly queuedBytes: number;
  /** This side's receive window, in bytes. */
  readonly window: number;
  /** Emits once (then completes) when every queued message has left the channel's buffer. */
  drained$(): Observable<void>;
  /**
   * Runs `work` for each message, one at a time: the next message is taken (and credit for
   * this one goes back) only when `work`'s Observable, Promise or iterable completes. Emits what
   * `work` emits; completes when the channel closes and every message was worked on.
   * Unsubscribing leaves the messages not yet taken in the channel.
   */
  consume<R>(work: (message: Message) => ObservableInput<R>): Observable<R>;
  /** A Node `Duplex` over this channel (object mode), for `stream.pipeline`. */
  duplex(options?: FramedDuplexOptions): Duplex;
  /** A web `ReadableStream` of the messages (pulled: `highWaterMark` messages, default 16). */
  readable(highWaterMark?: number): ReadableStream<Message>;
  /** A web `WritableStream` into the channel: writes wait while `highWaterMark` bytes (default 1 MiB) are queued. */
  writable(highWaterMark?: number): WritableStream<Sendable>;
  /** Closes the underlying channel. */
  close(): void;
}

/**
 * Wraps a channel (both sides must) so that it carries messages up to `maxMessageSize`
 * (default 64 MiB) whatever the channel's own `maxMessageSize`, with message boundaries and
 * order kept, and end-to-end flow control: the receiver grants credit as its consumer takes
 * messages, so a slow reader slows the sender and memory stays bounded at both ends. Messages
 * sent in the same task are coalesced into shared native messages and split again on the
 * other side; large ones are fragmented and reassembled. The wire format (version 3) is in
 * the package README. Needs a reliable, ordered channel (the default).
 *
 * @example
 * ```ts
 * import { framed } from '@rxdc/rx';
 * const left = framed(localChannel);
 * const right = framed(remoteChannel);
 * right.messages$.subscribe((message) => console.log(message.length));
 * left.send(Buffer.alloc(5 * 1024 * 1024)); // arrives as one 5 MiB message
 * left.send('and a small one after it');
 * ```
 */
export function framed(channel: FramedCarrier, options: FramedOptions = {}): FramedChannel {
  const where = 'framed(channel, options)';
  checkArgument(
    where,
    'channel',
    channel,
    hasMembers('a data channel', {
      ...FLOW_CHANNEL_MEMBERS,
      messages$: 'observable',
      close: 'function',
    }),
  );
  checkOptions(where, options, FRAMED_CHANNEL_OPTIONS);
  return new NodeFramedChannel(channel, options, where);
}

const allocUnsafe = (size: number): Uint8Array => Buffer.allocUnsafe(size);

class NodeFramedChannel implements FramedChannel {
  readonly messages$: Observable<Message>;
  readonly bufferedAmountLow$: Observable<void>;
  readonly #channel: FramedCarrier;
  readonly #core: FramedCore;
  readonly #maxMessageSize: number;

  constructor(channel: FramedCarrier, options: FramedOptions, where: string) {
    this.#channel = channel;
    const flow = resolveFlow(options, where);
    this.#maxMessageSize = options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE;
    let watch: DrainWatch | undefined;
    const getWatch = (): DrainWatch => {
      watch ??= new DrainWatch(channel, flow, () => core.room());
      return watch;
    };
    const driver: CarrierDriver = {
      send: (packet) => channel.send(packet),
      get bufferedAmount() {
        return channel.bufferedAmount;
      },
      get maxMessageSize() {
        return channel.maxMessageSize;
      },
      get isOpen() {
        return channel.isOpen;
      },
      get isClosed() {
        return channel.isClosed;
      },
      armRoom: () => getWatch().arm(),
      whenEmpty: (done) => getWatch().whenEmpty(done),
      isClosedFailure: (error) => isClosedFailure(channel, error),
    };
    const core = new FramedCore(driver, {
      highWaterMark: flow.high,
      maxMessageSize: this.#maxMessageSize,
      alloc: allocUnsafe,
      ...(nativeCrc32 && { crc: nativeCrc32 }),
      // A core channel copies what it is given before send() returns (node-datachannel copies
      // into its own queue); any other carrier might keep a reference.
      copiesOnSend: isCoreChannel(channel),
      ...(options.packetSize !== undefined && { packetSize: options.packetSize }),
      ...(options.queueLimit !== undefined && { queueLimit: options.queueLimit }),
      ...(options.window !== undefined && { window: options.window }),
    });
    this.#core = core;
    channel.messages$.subscribe({
      next: (packet) => core.packet(packet),
      error: (error) => core.fail(error),
      complete: () => core.closed(),
    });
    channel.open$.subscribe({ next: () => core.opened(), error: () => {} });
    channel.closed$.subscribe(() => {
      watch?.dispose();
      core.closed();
    });
    this.messages$ = new Observable<Message>((subscriber) =>
      core.listen({
        next: (message) => subscriber.next(message as Message),
        error: (error) => subscriber.error(error),
        complete: () => subscriber.complete(),
      }),
    );
    this.bufferedAmountLow$ = new Observable<void>((subscriber) => {
      const off = core.onLow(() => subscriber.next());
      const closed = channel.closed$.subscribe(() => subscriber.complete());
      return () => {
        off();
        closed.unsubscribe();
      };
    });
  }

  get open$(): Observable<void> {
    return this.#channel.open$;
  }

  get closed$(): Observable<void> {
    return this.#channel.closed$;
  }

  get isOpen(): boolean {
    return this.#channel.isOpen;
  }

  get isClosed(): boolean {
    return this.#channel.isClosed;
  }

  get maxMessageSize(): number {
    return this.#channel.isOpen ? this.#maxMessageSize : 0;
  }

  get bufferedAmount(): number {
    return this.#core.queuedBytes;
  }

  get bufferedAmountLowThreshold(): number {
    return this.#core.lowThreshold;
  }

  set bufferedAmountLowThreshold(threshold: number) {
    this.#core.lowThreshold = threshold;
  }

  get queuedBytes(): number {
    return this.#core.queuedBytes;
  }

  get window(): number {
    return this.#core.window;
  }

  send(message: Sendable): void {
    this.#core.send(message);
  }

  drained$(): Observable<void> {
    return new Observable<void>((subscriber) =>
      this.#core.whenDrained(() => {
        subscriber.next();
        subscriber.complete();
      }),
    );
  }

  consume<R>(work: (message: Message) => ObservableInput<R>): Observable<R> {
    checkArgument('consume(work)', 'work', work, isFunction);
    const core = this.#core;
    return new Observable<R>((subscriber) => {
      let inner: { unsubscribe(): void } | undefined;
      const step = (): void => {
        if (subscriber.closed) return;
        let result: IteratorResult<string | Uint8Array> | undefined;
        try {
          result = core.readNow();
        } catch (error) {
          subscriber.error(error);
          return;
        }
        if (!result) {
          core.whenReadable(step);
          return;
        }
        if (result.done) {
          subscriber.complete();
          return;
        }
        inner = from(work(result.value as Message)).subscribe({
          next: (value) => subscriber.next(value),
          error: (error) => subscriber.error(error),
          complete: () => {
            inner = undefined;
            step();
          },
        });
      };
      step();
      return () => inner?.unsubscribe();
    });
  }

  duplex(options?: FramedDuplexOptions): Duplex {
    return framedDuplex(this.#core, options);
  }

  readable(highWaterMark?: number): ReadableStream<Message> {
    return readableOf<Message>(this.#core, highWaterMark);
  }

  writable(highWaterMark = 1024 * 1024): WritableStream<Sendable> {
    return writableOf<Sendable>(this.#core, highWaterMark);
  }

  close(): void {
    this.#channel.close();
  }

  [Symbol.asyncIterator](): AsyncIterator<Message> {
    const core = this.#core;
    return {
      next: () => core.next() as Promise<IteratorResult<Message>>,
      // Leaving the loop leaves the channel as it is: later messages wait for the next reader.
      return: async () => ({ done: true, value: undefined }),
    };
  }
}

/** True for a `@rxdc/core` channel (it copies a message before `send` returns). */
function isCoreChannel(channel: FramedCarrier): boolean {
  // Duck-typed on a core-only method, so that two copies of @rxdc/core both count.
  return typeof (channel as { whenReleased?: unknown }).whenReleased === 'function';
}
