import { AsyncSubject, Observable, Subject } from 'rxjs';
import { RtcError } from '../errors/rtc-error.js';
import { TypedEventEmitter } from '../events/typed-event-emitter.js';
import {
  keepAlive,
  type LiveObject,
  type LiveObjectKind,
  markClosing,
  settle,
} from '../lifetime/live-objects.js';
import { listenNative } from '../native/listen-native.js';
import { HeldStream } from '../streams/held-stream.js';

/** A message as node-datachannel delivers it: text as `string`, binary as `Buffer`. */
export type Message = string | Buffer;

/** What may be sent on a channel: text, or bytes (a `Buffer` is a `Uint8Array`). */
export type Sendable = string | Uint8Array;

/**
 * The events every channel emits, for code that does not use RxJS.
 *
 * @example
 * ```ts
 * channel.on('message', (message) => console.log(message));
 * ```
 */
export type ChannelEvents<M extends Message = Message> = {
  /** The channel opened (the same moment as `open$`). */
  open: () => void;
  /** The channel closed, by either side (the same moment as `closed$`). */
  closed: () => void;
  /** The channel reported an error (as `error$`). */
  error: (error: RtcError) => void;
  /** A message arrived; held messages go to the first listener, in order (as `messages$`). */
  message: (message: M) => void;
  /** The buffered amount fell to or below the low threshold (as `bufferedAmountLow$`). */
  bufferedAmountLow: () => void;
};

/**
 * The part of node-datachannel's DataChannel, Track and WebSocket that the channel base uses.
 *
 * @internal
 */
export interface NativeChannel {
  close(): void;
  sendMessage(message: string): boolean;
  sendMessageBinary(message: Uint8Array): boolean;
  isOpen(): boolean;
  maxMessageSize(): number;
  bufferedAmount?(): number;
  setBufferedAmountLowThreshold?(threshold: number): void;
  onOpen(callback: () => void): void;
  onClosed(callback: () => void): void;
  onError(callback: (error: string) => void): void;
  onBufferedAmountLow?(callback: () => void): void;
  // biome-ignore lint/suspicious/noExplicitAny: each kind of channel types its messages differently
  onMessage(callback: (message: any) => void): void;
}

type Phase = 'connecting' | 'open' | 'closed';

/**
 * What DataChannel, Track and WebSocket share, as libdatachannel's C API shares one set of
 * channel functions: open and close, messages, buffered amount and flow control.
 *
 * A channel is kept alive (and so is its native object) until it is closed; messages that
 * arrive before anyone subscribes to {@link Channel.messages$} wait for the first subscriber.
 *
 * @example
 * ```ts
 * channel.open$.subscribe(() => channel.send('hello'));
 * channel.messages$.subscribe((message) => console.log('received', message));
 * ```
 */
export abstract class Channel<M extends Message = Message>
  extends TypedEventEmitter<ChannelEvents<M>>
  implements LiveObject
{
  /** Which kind of channel this is. */
  abstract readonly kind: LiveObjectKind;

  /** @internal */
  protected readonly native: NativeChannel;
  /** The native close, kept aside: a subclass may route the native object's own `close` here. */
  readonly #closeNative: () => void;
  #phase: Phase = 'connecting';
  #maxMessageSize = 0;
  #lowThreshold = 0;
  #settled = false;
  #failure: RtcError | undefined;
  readonly #messages = new HeldStream<M>();
  readonly #opened = new Subject<void>();
  readonly #closed = new AsyncSubject<void>();
  readonly #errors = new Subject<RtcError>();
  readonly #low = new Subject<void>();
  readonly #settledWaiters: Array<() => void> = [];

  /**
   * Emits once when the channel is open (at once if it already is), then completes. Completes
   * without emitting if the channel closes first; errors with the channel's error.
   */
  readonly open$: Observable<void> = new Observable<void>((subscriber) => {
    if (this.#phase === 'open') {
      subscriber.next();
      return subscriber.complete();
    }
    if (this.#failure) return subscriber.error(this.#failure);
    if (this.#phase === 'closed') return subscriber.complete();
    return this.#opened.subscribe(subscriber);
  });

  /** Emits once when the channel is closed (at once if it already is), then completes. */
  readonly closed$: Observable<void> = this.#closed.asObservable();

  /** Each error the channel reports, as an {@link RtcError} with code `CHANNEL_ERROR`. Completes on close. */
  readonly error$: Observable<RtcError> = this.#errors.asObservable();

  /**
   * Every message, in order. Messages that arrived while nobody was subscribed are delivered
   * first. Completes on close; errors with the channel's error.
   */
  readonly messages$: Observable<M> = this.#messages.stream$;

  /** Emits each time the buffered amount falls to or below the low threshold. Completes on close. */
  readonly bufferedAmountLow$: Observable<void> = this.#low.asObservable();

  /** @internal */
  protected constructor(native: NativeChannel) {
    super();
    this.native = native;
    this.#closeNative = native.close.bind(native);
    keepAlive(this);
    // Message slot first and closed slot last: node-datachannel dispatches its callback queues
    // in the order they were created, so queued messages are delivered before the close.
    listenNative(native.onMessage.bind(native), (message: M) => {
      // Each callback kind has its own native queue, so a message can be dispatched before the
      // open event: a message proves the channel open.
      if (this.#phase === 'connecting') this.#handleOpen();
      this.#messages.push(message);
    });
    listenNative(native.onOpen.bind(native), () => this.#handleOpen());
    listenNative(native.onError.bind(native), (reason: string) => this.#handleError(reason));
    if (native.onBufferedAmountLow) {
      listenNative(native.onBufferedAmountLow.bind(native), () => {
        if (this.#phase !== 'closed') this.#low.next();
      });
    }
    listenNative(native.onClosed.bind(native), () => this.#handleNativeClosed());
    // An incoming channel is already open when it is handed over.
    if (native.isOpen()) this.#handleOpen();
  }

  /** True while the channel is open. */
  get isOpen(): boolean {
    return this.#phase === 'open';
  }

  /** True once the channel is closed, by either side. */
  get isClosed(): boolean {
    return this.#phase === 'closed';
  }

  /** Bytes queued for sending and not yet handed to the network (0 when closed). */
  get bufferedAmount(): number {
    if (this.#phase === 'closed' || !this.native.bufferedAmount) return 0;
    return this.native.bufferedAmount();
  }

  /** The buffered amount at or below which `bufferedAmountLow$` emits (default 0). */
  get bufferedAmountLowThreshold(): number {
    return this.#lowThreshold;
  }

  set bufferedAmountLowThreshold(threshold: number) {
    if (!Number.isSafeInteger(threshold) || threshold < 0) {
      throw new RtcError(
        'INVALID_ARGUMENT',
        `bufferedAmountLowThreshold must be a whole number of bytes >= 0, got ${String(threshold)}`,
      );
    }
    this.#lowThreshold = threshold;
    if (this.#phase !== 'closed') this.native.setBufferedAmountLowThreshold?.(threshold);
  }

  /** The largest message `send` accepts, in bytes (0 until open and after close). */
  get maxMessageSize(): number {
    return this.#phase === 'open' ? this.#maxMessageSize : 0;
  }

  /**
   * Sends a text (`string`) or binary (`Uint8Array`, `Buffer`) message. A message that cannot
   * go out at once is queued (see `bufferedAmount`); it is never dropped.
   *
   * @throws {@link RtcError} `NOT_OPEN` before the channel opens, `CLOSED` after it closes,
   * `MESSAGE_TOO_LARGE` over `maxMessageSize`, `INVALID_ARGUMENT` for anything else.
   */
  send(data: Sendable): void {
    if (this.#phase !== 'open') throw this.#notOpenError();
    const max = this.#maxMessageSize;
    const isText = typeof data === 'string';
    if (isText) {
      // A string of n UTF-16 units has at most 3n UTF-8 bytes: measure only when it could matter.
      if (data.length * 3 > max && Buffer.byteLength(data) > max)
        throw this.#tooLargeError(Buffer.byteLength(data));
    } else if (data instanceof Uint8Array) {
      if (data.byteLength > max) throw this.#tooLargeError(data.byteLength);
    } else {
      throw new RtcError(
        'INVALID_ARGUMENT',
        `send() takes a string or a Uint8Array, got ${describe(data)}`,
      );
    }
    try {
      // false means "queued", never "failed": nothing to do with the result.
      if (isText) this.native.sendMessage(data);
      else this.native.sendMessageBinary(data);
    } catch (error) {
      throw this.#sendError(error);
    }
  }

  /** Closes the channel: every stream completes and later sends fail with `CLOSED`. Idempotent. */
  close(): void {
    if (this.#phase === 'closed') return;
    markClosing(this);
    // When the remote side is already closing (it was open, and is no longer), the native
    // close event is on its way; closing natively now would drop node-datachannel's last
    // reference and that event with it, leaving a callback that keeps the process alive.
    const wasOpen = this.#phase === 'open';
    const delay = wasOpen ? this.nativeCloseDelayMs() : 0;
    if (delay > 0) {
      // The remote side may be closing at this very moment: give its close a moment to arrive.
      setTimeout(() => {
        if (!this.#settled && this.#nativeIsOpen()) this.#closeNativeQuietly();
      }, delay);
    } else if (!(wasOpen && !this.#nativeIsOpen())) {
      this.#closeNativeQuietly();
    }
    this.#finish();
  }

  /**
   * Closes the channel because its peer connection is closing natively. The peer's native
   * close closes and confirms the channel too, while node-datachannel's handle is still held.
   * Releasing the handle here instead (a native channel close) could race a close arriving
   * from the remote side: libdatachannel drops the callbacks of a released handle, the close
   * event with it, and the event's slot then keeps the process alive. A channel that never
   * opened is closed natively at once: the peer's close does not confirm those.
   *
   * @internal
   */
  closeWithPeer(): void {
    if (this.#phase !== 'open') {
      this.close();
      return;
    }
    markClosing(this);
    this.#finish();
  }

  /**
   * Closes natively a channel that its peer's close did not confirm, once that close is long
   * done (nothing can race it any more). Does nothing to a confirmed channel.
   *
   * @internal
   */
  closeNativeIfUnconfirmed(): void {
    if (!this.#settled) this.#closeNativeQuietly();
  }

  /**
   * How long to wait before closing an open channel natively (0: at once). A subclass whose
   * native close can lose its confirmation when both sides close at once uses a short delay.
   *
   * @internal
   */
  protected nativeCloseDelayMs(): number {
    return 0;
  }

  /** Closes the channel, for `using`. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** Closes the channel and waits until node-datachannel has released it, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    this.close();
    return this.whenReleased();
  }

  /** Resolves once node-datachannel has confirmed the close and released the channel. @internal */
  whenReleased(): Promise<void> {
    if (this.#settled) return Promise.resolve();
    return new Promise((resolve) => this.#settledWaiters.push(resolve));
  }

  /** @internal */
  protected override eventSource(event: keyof ChannelEvents<M>): Observable<unknown> {
    switch (event) {
      case 'open':
        return this.open$;
      case 'closed':
        return this.closed$;
      case 'error':
        return this.error$;
      case 'message':
        return this.messages$;
      case 'bufferedAmountLow':
        return this.bufferedAmountLow$;
    }
  }

  #handleOpen(): void {
    if (this.#phase !== 'connecting') return;
    this.#phase = 'open';
    this.#maxMessageSize = this.native.maxMessageSize();
    if (this.#lowThreshold > 0) this.native.setBufferedAmountLowThreshold?.(this.#lowThreshold);
    this.#opened.next();
    this.#opened.complete();
  }

  #handleError(reason: string): void {
    if (this.#phase === 'closed') return;
    const error = new RtcError('CHANNEL_ERROR', `${this.kind} error: ${reason}`);
    this.#failure ??= error;
    this.#errors.next(error);
    this.#messages.error(error);
    this.#opened.error(error);
  }

  #handleNativeClosed(): void {
    this.#finish();
    // When the remote side closed, node-datachannel releases only the closed callback; the
    // others (message, open, error, ...) stay registered and keep the process alive until the
    // channel is closed from JavaScript too.
    this.#closeNativeQuietly();
    this.#release();
  }

  #finish(): void {
    if (this.#phase === 'closed') return;
    this.#phase = 'closed';
    this.#opened.complete();
    this.#messages.complete();
    this.#errors.complete();
    this.#low.complete();
    this.#closed.next();
    this.#closed.complete();
  }

  #closeNativeQuietly(): void {
    try {
      this.#closeNative();
    } catch {
      // Already destroyed natively: closing is still final here.
    }
  }

  #nativeIsOpen(): boolean {
    try {
      return this.native.isOpen();
    } catch {
      return false;
    }
  }

  #release(): void {
    if (this.#settled) return;
    this.#settled = true;
    settle(this);
    for (const wake of this.#settledWaiters.splice(0)) wake();
  }

  #sendError(error: unknown): RtcError {
    if (!this.#nativeIsOpen()) {
      return new RtcError('CLOSED', `${this.kind} closed before the message could be sent`, {
        cause: error,
      });
    }
    const reason = error instanceof Error ? error.message : String(error);
    return new RtcError('NATIVE_FAILURE', `send failed: ${reason}`, { cause: error });
  }

  #notOpenError(): RtcError {
    return this.#phase === 'closed'
      ? new RtcError('CLOSED', `${this.kind} is closed: open a new one to send again`)
      : new RtcError(
          'NOT_OPEN',
          `${this.kind} is not open yet: wait for open$ (or the 'open' event) before sending`,
        );
  }

  #tooLargeError(size: number): RtcError {
    return new RtcError(
      'MESSAGE_TOO_LARGE',
      `message of ${size} bytes exceeds this ${this.kind}'s maxMessageSize of ${this.#maxMessageSize} bytes: ` +
        'split it, or send it through a framed channel from @rxdc/rx',
    );
  }
}

/** A short description of a value for error messages. @internal */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? (value.constructor?.name ?? 'an object') : typeof value;
}
