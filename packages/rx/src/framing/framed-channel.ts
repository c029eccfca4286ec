import { Channel, type Message, type Sendable } from '@rxdc/core';
import { Observable } from 'rxjs';
import { DEFAULT_QUEUE_LIMIT } from '../backpressure/bounded-queue.js';
import { DrainWatch } from '../backpressure/drain-watch.js';
import {
  type FlowChannel,
  type FlowOptions,
  hasRoom,
  resolveFlow,
} from '../backpressure/flow-channel.js';
import { RxError } from '../errors/rx-error.js';
import {
  FrameEncoder,
  type FramingOptions,
  type RawMessage,
  toRawMessage,
} from './frame-encoder.js';
import { FramedReceiver } from './framed-receiver.js';
import { DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_PACKET_SIZE, HEADER_SIZE } from './wire-format.js';

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
 * Options of {@link framed}.
 *
 * @example
 * ```ts
 * const options: FramedOptions = { maxMessageSize: 128 << 20, highWaterMark: 4 << 20 };
 * ```
 */
export interface FramedOptions extends FramingOptions, FlowOptions {
  /**
   * Bytes of messages accepted by `send()` and not yet handed to the channel. Past it `send()`
   * throws `QUEUE_OVERFLOW`. Default: 16 MiB, or twice `maxMessageSize` if that is larger.
   */
  queueLimit?: number;
}

/**
 * A channel that carries messages of any size up to `maxMessageSize` (default 64 MiB) over a
 * channel whose own limit is far smaller, keeping message boundaries and order. See
 * {@link framed}.
 *
 * @example
 * ```ts
 * const channel: FramedChannel = framed(dataChannel);
 * channel.send(new Uint8Array(5 << 20));
 * ```
 */
export interface FramedChannel {
  /**
   * Whole messages, in order. Fails with an `RxError` (`FRAME_*`) on a bad packet. Completes on
   * close. Subscribe, leave and come back at will: the decoding state belongs to the channel,
   * and messages that arrive while nobody is subscribed are held for the next subscriber (as
   * `@rxdc/core`'s `messages$` does), never dropped.
   */
  readonly messages$: Observable<Message>;
  /**
   * Queues a message. Messages queued in the same task are coalesced into shared packets;
   * large ones are split. Never blocks: the queue drains as the channel does.
   *
   * @throws {@link RxError} `MESSAGE_TOO_LARGE` over `maxMessageSize`, `QUEUE_OVERFLOW` when
   * `queueLimit` bytes are already waiting, `CHANNEL_CLOSED` after close.
   */
  send(message: Sendable): void;
  /** Bytes queued by `send()` and not yet handed to the channel. */
  readonly queuedBytes: number;
  /** Emits once (then completes) when every queued message has left the channel's buffer. */
  drained$(): Observable<void>;
  /** Closes the underlying channel. */
  close(): void;
}

/**
 * Wraps a channel (both sides must) so that it carries messages up to `maxMessageSize`
 * (default 64 MiB) whatever the channel's own `maxMessageSize`, with message boundaries and
 * order kept. Messages sent in the same task are coalesced into shared native messages and
 * split again on the other side; large ones are fragmented and reassembled. Sending is
 * flow-controlled like {@link sendWithBackpressure}. The wire format (version 1) is in the
 * package README. Needs a reliable, ordered channel (the default).
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
  return new FramedSender(channel, options);
}

class FramedSender implements FramedChannel {
  readonly messages$: Observable<Message>;
  readonly #channel: FramedCarrier;
  readonly #options: FramedOptions;
  readonly #flow;
  readonly #queueLimit: number;
  readonly #pending: RawMessage[] = [];
  #pendingHead = 0;
  #queuedBytes = 0;
  #encoder: FrameEncoder | undefined;
  #fragments: Generator<Buffer, void, undefined> | undefined;
  #scheduled = false;
  #packet: Buffer | undefined;
  #watch: DrainWatch | undefined;
  #drainWaiters: Array<() => void> = [];
  readonly #receiver: FramedReceiver;

  constructor(channel: FramedCarrier, options: FramedOptions) {
    this.#channel = channel;
    this.#options = options;
    this.#flow = resolveFlow(options);
    const max = options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE;
    this.#queueLimit = options.queueLimit ?? Math.max(DEFAULT_QUEUE_LIMIT, 2 * max);
    this.#receiver = new FramedReceiver(channel.messages$, { maxMessageSize: max });
    this.messages$ = this.#receiver.messages$;
    channel.open$.subscribe({ next: () => this.#schedule(), error: () => {} });
    channel.closed$.subscribe(() => {
      this.#watch?.dispose();
      for (const wake of this.#drainWaiters.splice(0)) wake();
    });
  }

  get queuedBytes(): number {
    return this.#queuedBytes;
  }

  send(message: Sendable): void {
    if (this.#channel.isClosed) {
      throw new RxError('CHANNEL_CLOSED', 'framed channel is closed: open a new one to send again');
    }
    const raw = toRawMessage(message);
    const encoder = this.#getEncoder();
    encoder.check(raw);
    const size = raw.bytes.byteLength;
    if (this.#queuedBytes > 0 && this.#queuedBytes + size > this.#queueLimit) {
      throw new RxError(
        'QUEUE_OVERFLOW',
        `framed send queue full: ${this.#queuedBytes} bytes waiting + ${size} exceeds the queueLimit of ${this.#queueLimit}: ` +
          'wait for drained$() before sending more, or raise queueLimit',
      );
    }
    this.#pending.push(raw);
    this.#queuedBytes += size;
    this.#schedule();
  }

  drained$(): Observable<void> {
    return new Observable<void>((subscriber) => {
      let done = false;
      const wake = (): void => {
        done = true;
        subscriber.next();
        subscriber.complete();
      };
      this.#drainWaiters.push(wake);
      this.#checkDrained();
      return () => {
        if (!done) this.#drainWaiters = this.#drainWaiters.filter((waiter) => waiter !== wake);
      };
    });
  }

  close(): void {
    this.#channel.close();
  }

  #getEncoder(): FrameEncoder {
    if (this.#encoder) return this.#encoder;
    // The packet size must fit the channel: known once it is open.
    const channelMax = this.#channel.maxMessageSize;
    const wanted = this.#options.packetSize ?? DEFAULT_PACKET_SIZE;
    const packetSize = channelMax > 0 ? Math.min(wanted, channelMax) : wanted;
    const encoder = new FrameEncoder({ ...this.#options, packetSize });
    if (channelMax > 0) this.#encoder = encoder;
    return encoder;
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    // Wait for the end of the task so that messages sent together are coalesced.
    queueMicrotask(() => {
      this.#scheduled = false;
      this.#pump();
    });
  }

  #pump(): void {
    const channel = this.#channel;
    if (!channel.isOpen) return;
    this.#watch ??= new DrainWatch(channel, this.#flow, () => this.#pump());
    const encoder = this.#getEncoder();
    const packetSize = encoder.packetSize;
    try {
      for (;;) {
        if (this.#fragments) {
          if (!hasRoom(channel, this.#flow, packetSize)) {
            this.#watch.arm();
            return;
          }
          const next = this.#fragments.next();
          if (!next.done) {
            channel.send(next.value);
            continue;
          }
          this.#fragments = undefined;
        }
        const first = this.#pending[this.#pendingHead];
        if (!first) break;
        if (
          !hasRoom(
            channel,
            this.#flow,
            Math.min(packetSize, HEADER_SIZE + 5 + first.bytes.byteLength),
          )
        ) {
          this.#watch.arm();
          return;
        }
        if (!encoder.fitsBatch(first)) {
          this.#take();
          this.#fragments = encoder.fragments(first);
          continue;
        }
        // Pack as many waiting messages as fit into one batch packet, written in place.
        const packet = this.#packetBuffer(packetSize);
        let size = HEADER_SIZE;
        for (;;) {
          const candidate = this.#pending[this.#pendingHead];
          if (!candidate || !encoder.fitsBatch(candidate)) break;
          if (size + FrameEncoder.entrySize(candidate) > packetSize) break;
          size = FrameEncoder.writeEntry(packet, size, candidate);
          this.#take();
        }
        channel.send(encoder.sealBatch(packet.subarray(0, size)));
      }
    } catch (error) {
      // Closed under us: closed$ says so. Anything else must not pass silently.
      if (!channel.isClosed) this.#receiver.fail(error);
      return;
    }
    this.#compact();
    this.#checkDrained();
  }

  /**
   * The buffer a batch packet is written into. A core channel copies what it is given before
   * `send()` returns (node-datachannel copies into its own queue), so one buffer serves every
   * packet; any other carrier might keep a reference, so it gets a fresh buffer per packet.
   */
  #packetBuffer(packetSize: number): Buffer {
    if (!(this.#channel instanceof Channel)) return Buffer.allocUnsafe(packetSize);
    let packet = this.#packet;
    if (!packet || packet.byteLength < packetSize) {
      packet = Buffer.allocUnsafeSlow(packetSize);
      this.#packet = packet;
    }
    return packet;
  }

  #take(): void {
    const message = this.#pending[this.#pendingHead] as RawMessage;
    this.#pending[this.#pendingHead] = undefined as never;
    this.#pendingHead++;
    this.#queuedBytes -= message.bytes.byteLength;
  }

  #compact(): void {
    if (this.#pendingHead === this.#pending.length) {
      this.#pending.length = 0;
      this.#pendingHead = 0;
    }
  }

  #checkDrained(): void {
    if (this.#drainWaiters.length === 0) return;
    if (this.#channel.isClosed) {
      for (const wake of this.#drainWaiters.splice(0)) wake();
      return;
    }
    if (this.#queuedBytes > 0 || this.#fragments || this.#pendingHead < this.#pending.length)
      return;
    const watch = this.#watch ?? new DrainWatch(this.#channel, this.#flow, () => this.#pump());
    this.#watch = watch;
    watch.whenEmpty(() => {
      if (this.#queuedBytes > 0 || this.#fragments) return;
      for (const wake of this.#drainWaiters.splice(0)) wake();
    });
  }
}
