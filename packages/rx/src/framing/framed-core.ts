import { describeGiven } from '../errors/argument-checks.js';
import { RxError } from '../errors/rx-error.js';
import type { Crc32 } from './crc32.js';
import { toRawMessage } from './frame-encoder.js';
import { FrameReceiver } from './frame-receiver.js';
import { FrameSender, type PacketCarrier } from './frame-sender.js';
import { DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_WINDOW } from './wire-format.js';

/**
 * What a framed channel needs of the channel under it, whatever the platform: a `@rxdc/core`
 * channel in Node, an `RTCDataChannel` in a browser.
 *
 * @internal
 */
export interface CarrierDriver extends PacketCarrier {
  readonly isOpen: boolean;
  readonly isClosed: boolean;
  /** Calls {@link FramedCore.room} once the buffer falls to the low-water mark. */
  armRoom(): void;
  /** Calls `done` once the channel's buffer is empty (or the channel closed). */
  whenEmpty(done: () => void): void;
  /** True when `error`, thrown by `send`, means the channel closed under us. */
  isClosedFailure(error: unknown): boolean;
}

/** Options of {@link FramedCore}. @internal */
export interface FramedCoreOptions {
  maxMessageSize?: number;
  packetSize?: number;
  queueLimit?: number;
  /** The carrier's buffered amount never passes this. */
  highWaterMark: number;
  window?: number;
  alloc?: (size: number) => Uint8Array;
  /** The CRC-32 implementation; default the table-driven one. */
  crc?: Crc32;
  copiesOnSend: boolean;
}

/** A consumer that is pushed every message (an RxJS subscriber of `messages$`). @internal */
export interface PushListener {
  next(message: string | Uint8Array): void;
  error(error: unknown): void;
  complete(): void;
}

type Terminal = { error: unknown } | 'complete';

/** Default send queue limit: 16 MiB, or twice the largest message if that is more. @internal */
export function defaultQueueLimit(maxMessageSize: number): number {
  return Math.max(16 * 1024 * 1024, 2 * maxMessageSize);
}

/**
 * A framed channel with credit-based flow control, platform-neutral (no Node API, no RxJS):
 * the one send pump, the receive queue, and the pull and push ways of consuming it. The Node
 * `framed()` and the browser module wrap it.
 *
 * A message counts as consumed when a pull reader takes it (`next()`, `readNow()`), or when
 * every push listener's `next` has returned. Push listeners, while there are any, take every
 * message; pull readers get what arrives while nobody listens.
 *
 * @internal
 */
export class FramedCore {
  readonly #driver: CarrierDriver;
  readonly #sender: FrameSender;
  readonly #receiver: FrameReceiver;
  #terminal: Terminal | undefined;
  #sendError: unknown;
  #started = false;
  #scheduled = false;
  #delivering = false;
  readonly #listeners = new Set<PushListener>();
  #waiters: Array<{
    resolve: (result: IteratorResult<string | Uint8Array>) => void;
    reject: (error: unknown) => void;
  }> = [];
  readonly #lowListeners = new Set<() => void>();
  readonly #pumpedListeners = new Set<() => void>();
  #readableWaiters: Array<() => void> = [];
  #lowThreshold = 0;
  #aboveLow = false;
  #drainWaiters: Array<() => void> = [];

  constructor(driver: CarrierDriver, options: FramedCoreOptions) {
    this.#driver = driver;
    const maxMessageSize = options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE;
    this.#sender = new FrameSender({
      maxMessageSize,
      queueLimit: options.queueLimit ?? defaultQueueLimit(maxMessageSize),
      highWaterMark: options.highWaterMark,
      copiesOnSend: options.copiesOnSend,
      ...(options.packetSize !== undefined && { packetSize: options.packetSize }),
      ...(options.alloc && { alloc: options.alloc }),
      ...(options.crc && { crc: options.crc }),
    });
    this.#receiver = new FrameReceiver({
      maxMessageSize,
      window: options.window ?? DEFAULT_WINDOW,
      ...(options.alloc && { alloc: options.alloc }),
      ...(options.crc && { crc: options.crc }),
      grant: (bytes) => {
        if (this.#driver.isClosed) return;
        try {
          this.#sender.sendCredit(this.#driver, bytes);
        } catch {
          // The channel closed under us: there is nobody left to grant to.
        }
      },
      credit: (bytes) => {
        this.#sender.addCredit(bytes);
        this.#schedule();
      },
    });
  }

  /** Bytes of packets granted ahead of the consumer. */
  get window(): number {
    return this.#receiver.window;
  }

  /** Bytes accepted by `send()` and not yet handed to the channel. */
  get queuedBytes(): number {
    return this.#sender.queuedBytes;
  }

  /** Messages received and not yet consumed. */
  get receivedMessages(): number {
    return this.#receiver.available;
  }

  get lowThreshold(): number {
    return this.#lowThreshold;
  }

  set lowThreshold(threshold: number) {
    if (!Number.isSafeInteger(threshold) || threshold < 0) {
      throw new RxError(
        'INVALID_ARGUMENT',
        `bufferedAmountLowThreshold must be a whole number of bytes >= 0, got ${describeGiven(threshold)}`,
      );
    }
    this.#lowThreshold = threshold;
    this.#aboveLow = this.#sender.queuedBytes > threshold;
  }

  // --- events of the channel underneath, reported by the platform wrapper ---

  /** The channel is open: grant the window, start sending. */
  opened(): void {
    if (this.#started || this.#driver.isClosed) return;
    this.#started = true;
    this.#receiver.start();
    this.#schedule();
  }

  /** A packet arrived. */
  packet(packet: string | Uint8Array): void {
    if (this.#terminal) return;
    // A message proves the channel open (its open event may come later).
    if (!this.#started) this.opened();
    try {
      this.#receiver.push(packet);
    } catch (error) {
      this.fail(error);
      return;
    }
    this.#deliver();
  }

  /** The channel closed (by either side). */
  closed(): void {
    for (const wake of this.#drainWaiters.splice(0)) wake();
    for (const listener of [...this.#pumpedListeners]) listener();
    if (this.#terminal) return;
    try {
      this.#receiver.end();
      this.#terminal = 'complete';
    } catch (error) {
      this.#terminal = { error };
    }
    this.#deliver();
  }

  /** Ends receiving with `error` (a bad packet, a channel error, a send failure), once. */
  fail(error: unknown): void {
    if (this.#terminal) return;
    this.#terminal = { error };
    this.#deliver();
  }

  /** The channel's buffer has room again. */
  room(): void {
    this.#pump();
  }

  // --- sending ---

  /**
   * Queues a message; the pump sends it at the end of the task (messages sent in the same
   * task share packets).
   *
   * @throws {@link RxError} `CHANNEL_CLOSED`, `MESSAGE_TOO_LARGE`, `QUEUE_OVERFLOW`.
   */
  send(message: unknown): void {
    if (this.#driver.isClosed || this.#sendError !== undefined) {
      throw new RxError(
        'CHANNEL_CLOSED',
        'framed channel is closed: open a new one to send again',
        this.#sendError !== undefined ? { cause: this.#sendError } : undefined,
      );
    }
    this.#sender.enqueue(toRawMessage(message));
    if (this.#sender.queuedBytes > this.#lowThreshold) this.#aboveLow = true;
    this.#schedule();
  }

  /** Calls `listener` each time the queued bytes fall to or below the low threshold. */
  onLow(listener: () => void): () => void {
    this.#lowListeners.add(listener);
    return () => this.#lowListeners.delete(listener);
  }

  /** Calls `listener` after each run of the send pump (and when sending failed). */
  onPumped(listener: () => void): () => void {
    this.#pumpedListeners.add(listener);
    return () => this.#pumpedListeners.delete(listener);
  }

  /** True once sending failed or the channel closed: `send` throws `CHANNEL_CLOSED`. */
  get sendStopped(): boolean {
    return this.#driver.isClosed || this.#sendError !== undefined;
  }

  /** Calls `done` once everything accepted has left the channel's buffer (or it closed). */
  whenDrained(done: () => void): () => void {
    this.#drainWaiters.push(done);
    this.#checkDrained();
    return () => {
      this.#drainWaiters = this.#drainWaiters.filter((waiter) => waiter !== done);
    };
  }

  // --- receiving ---

  /** Adds a push listener: held messages first, then each new one, then the end. */
  listen(listener: PushListener): () => void {
    this.#listeners.add(listener);
    this.#deliver();
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /**
   * The next message at once: a result, or `undefined` when none has arrived yet.
   *
   * @throws the receiving side's error, once every message before it was read.
   */
  readNow(): IteratorResult<string | Uint8Array> | undefined {
    const entry = this.#receiver.shift();
    if (entry) {
      this.#receiver.release(entry);
      return { done: false, value: entry.message };
    }
    const terminal = this.#terminal;
    if (terminal === 'complete') return { done: true, value: undefined };
    if (terminal) throw terminal.error;
    return undefined;
  }

  /**
   * Calls `ready` once, when {@link FramedCore.readNow} has something to return (a message, or
   * the end). Nothing is taken from the queue until the caller reads.
   */
  whenReadable(ready: () => void): void {
    if (this.#receiver.available > 0 || this.#terminal) {
      queueMicrotask(ready);
      return;
    }
    this.#readableWaiters.push(ready);
  }

  /** The next message, when it arrives; `done` once the channel closed and all were read. */
  next(): Promise<IteratorResult<string | Uint8Array>> {
    if (this.#waiters.length === 0 && this.#listeners.size === 0) {
      try {
        const result = this.readNow();
        if (result) return Promise.resolve(result);
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return new Promise((resolve, reject) => {
      this.#waiters.push({ resolve, reject });
      this.#deliver();
    });
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    // Wait for the end of the task so that messages sent together share packets.
    queueMicrotask(() => {
      this.#scheduled = false;
      this.#pump();
    });
  }

  #pump(): void {
    const driver = this.#driver;
    if (!this.#started || !driver.isOpen || this.#sendError !== undefined) return;
    try {
      if (this.#sender.pump(driver) === 'room') driver.armRoom();
    } catch (error) {
      this.#sendFailed(error);
      return;
    }
    if (this.#aboveLow && this.#sender.queuedBytes <= this.#lowThreshold) {
      this.#aboveLow = false;
      for (const listener of [...this.#lowListeners]) listener();
    }
    for (const listener of [...this.#pumpedListeners]) listener();
    this.#checkDrained();
  }

  #sendFailed(error: unknown): void {
    const closed = this.#driver.isClosed || this.#driver.isClosedFailure(error);
    this.#sendError = closed
      ? new RxError(
          'CHANNEL_CLOSED',
          `the channel closed with ${this.#sender.queuedBytes} bytes not sent`,
          { cause: error },
        )
      : error;
    for (const wake of this.#drainWaiters.splice(0)) wake();
    for (const listener of [...this.#pumpedListeners]) listener();
    // Closed under us: the close reaches the receiving side by itself. Anything else must not
    // pass silently.
    if (!closed) this.fail(error);
  }

  #checkDrained(): void {
    if (this.#drainWaiters.length === 0) return;
    if (this.#driver.isClosed || this.#sendError !== undefined) {
      for (const wake of this.#drainWaiters.splice(0)) wake();
      return;
    }
    if (this.#sender.pending) return;
    this.#driver.whenEmpty(() => {
      if (this.#sender.pending) return;
      for (const wake of this.#drainWaiters.splice(0)) wake();
    });
  }

  #deliver(): void {
    if (this.#delivering) return;
    this.#delivering = true;
    try {
      const receiver = this.#receiver;
      for (;;) {
        if (this.#listeners.size > 0) {
          const entry = receiver.shift();
          if (!entry) break;
          for (const listener of [...this.#listeners]) listener.next(entry.message);
          receiver.release(entry);
          continue;
        }
        const waiter = this.#waiters[0];
        if (!waiter) break;
        const entry = receiver.shift();
        if (!entry) break;
        this.#waiters.shift();
        receiver.release(entry);
        waiter.resolve({ done: false, value: entry.message });
      }
      const terminal = this.#terminal;
      if ((receiver.available > 0 || terminal) && this.#readableWaiters.length > 0) {
        for (const ready of this.#readableWaiters.splice(0)) ready();
      }
      if (terminal && receiver.available === 0) {
        const listeners = [...this.#listeners];
        this.#listeners.clear();
        const waiters = this.#waiters.splice(0);
        for (const listener of listeners) {
          if (terminal === 'complete') listener.complete();
          else listener.error(terminal.error);
        }
        for (const waiter of waiters) {
          if (terminal === 'complete') waiter.resolve({ done: true, value: undefined });
          else waiter.reject(terminal.error);
        }
      }
    } finally {
      this.#delivering = false;
    }
  }
}
