import {
  type ChannelCallbacks,
  ChannelLifetime,
  isDetachedView,
  type LiveObjectKind,
  type NativeChannelSlots,
  RtcError,
  resolveHoldLimits,
} from '@rxdc/native';
import { Observable, Subject } from 'rxjs';
import { describeValue } from '../errors/describe-value.js';
import { reportUncaughtError } from '../errors/report-uncaught-error.js';
import { TypedEventEmitter } from '../events/typed-event-emitter.js';
import { HeldStream, type HeldStreamLimits } from '../streams/held-stream.js';

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
export interface NativeChannel extends NativeChannelSlots {
  sendMessage(message: string): boolean;
  sendMessageBinary(message: Uint8Array): boolean;
  maxMessageSize(): number;
  bufferedAmount?(): number;
  setBufferedAmountLowThreshold?(threshold: number): void;
}

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
export abstract class Channel<M extends Message = Message> extends TypedEventEmitter<
  ChannelEvents<M>
> {
  /** Which kind of channel this is. */
  abstract readonly kind: LiveObjectKind;

  /** @internal */
  protected readonly native: NativeChannel;
  /** The close rules and the native callbacks live in @rxdc/native. */
  readonly #lifetime: ChannelLifetime<M>;
  #maxMessageSize = 0;
  #lowThreshold = 0;
  #failure: RtcError | undefined;
  // The message hold and the subjects below are made on first use, and each stream getter
  // returns a new cold Observable over them: a server holds thousands of channels, most of
  // which nobody watches for errors or low buffers, and whose messages are read as they come
  // (measured: about half of a channel's JS heap went to streams nobody had subscribed to).
  #messages: HeldStream<M> | undefined;
  #holdLimits: HeldStreamLimits<Message> = messageHold(defaultHoldLimits);
  #opened: Subject<void> | undefined;
  #closed: Subject<void> | undefined;
  #errors: Subject<RtcError> | undefined;
  #low: Subject<void> | undefined;

  /**
   * Emits once when the channel is open (at once if it already is), then completes. Completes
   * without emitting if the channel closes first; errors with the channel's error.
   */
  get open$(): Observable<void> {
    return new Observable<void>((subscriber) => {
      const phase = this.#lifetime.phase;
      if (phase === 'open') {
        subscriber.next();
        return subscriber.complete();
      }
      if (this.#failure) return subscriber.error(this.#failure);
      if (phase === 'closed') return subscriber.complete();
      this.#opened ??= new Subject<void>();
      return this.#opened.subscribe(subscriber);
    });
  }

  /** Emits once when the channel is closed (at once if it already is), then completes. */
  get closed$(): Observable<void> {
    return new Observable<void>((subscriber) => {
      if (this.#lifetime.phase === 'closed') {
        subscriber.next();
        return subscriber.complete();
      }
      this.#closed ??= new Subject<void>();
      return this.#closed.subscribe(subscriber);
    });
  }

  /**
   * Each error the channel reports, as an {@link RtcError}: `CHANNEL_ERROR` from the remote side
   * or the transport, `MESSAGE_TOO_LARGE` for a received message over `maxMessageSize` (it is
   * not delivered, and the channel closes). Completes on close.
   */
  get error$(): Observable<RtcError> {
    return new Observable<RtcError>((subscriber) => {
      if (this.#lifetime.phase === 'closed') return subscriber.complete();
      this.#errors ??= new Subject<RtcError>();
      return this.#errors.subscribe(subscriber);
    });
  }

  /**
   * Every message, in order. Messages that arrived while nobody was subscribed are delivered
   * first. Completes on close; errors with the channel's error. A received message larger
   * than the local `maxMessageSize` is never delivered (libdatachannel would cut it): the
   * stream errors with `MESSAGE_TOO_LARGE` and the channel closes.
   *
   * Order: rxdc adds no reordering. libdatachannel 0.24.5 itself can swap messages of an
   * incoming data channel that arrive while the channel is being handed over (before its first
   * JavaScript callback runs, on a busy event loop): its queue is flushed from two threads at
   * once. Only then, and only for messages queued before the hand-over; a framed channel of
   * `@rxdc/rx` detects it (its frames carry a sequence number).
   */
  get messages$(): Observable<M> {
    return this.#heldMessages().stream$;
  }

  /** Emits each time the buffered amount falls to or below the low threshold. Completes on close. */
  get bufferedAmountLow$(): Observable<void> {
    return new Observable<void>((subscriber) => {
      if (this.#lifetime.phase === 'closed') return subscriber.complete();
      this.#lifetime.watchBufferedAmountLow();
      this.#low ??= new Subject<void>();
      return this.#low.subscribe(subscriber);
    });
  }

  /** @internal */
  protected constructor(
    native: NativeChannel,
    kind: LiveObjectKind & ('DataChannel' | 'Track' | 'WebSocket'),
    options: { accepted?: boolean; receiveLimit?: number } = {},
  ) {
    super();
    this.native = native;
    this.#lifetime = new ChannelLifetime<M>(
      kind,
      native,
      // One object whose methods are on its prototype, instead of five closures per channel.
      new Channel.#Callbacks<M>(this),
      {
        report: reportUncaughtError,
        accepted: options.accepted === true,
        // Set once someone subscribes to bufferedAmountLow$ (most channels never do).
        lazyBufferedAmountLow: true,
        ...(options.receiveLimit !== undefined && { receiveLimit: options.receiveLimit }),
      },
    );
    // An incoming channel is already open when it is handed over.
    this.#lifetime.openIfAlreadyOpen();
  }

  /** True while the channel is open. */
  get isOpen(): boolean {
    return this.#lifetime.phase === 'open';
  }

  /** True once the channel is closed, by either side. */
  get isClosed(): boolean {
    return this.#lifetime.phase === 'closed';
  }

  /** Bytes queued for sending and not yet handed to the network (0 when closed). */
  get bufferedAmount(): number {
    if (this.isClosed || !this.native.bufferedAmount) return 0;
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
    if (!this.isClosed) this.native.setBufferedAmountLowThreshold?.(threshold);
  }

  /** The largest message `send` accepts, in bytes (0 until open and after close). */
  get maxMessageSize(): number {
    return this.isOpen ? this.#maxMessageSize : 0;
  }

  /**
   * Sends a text (`string`) or binary (`Uint8Array`, `Buffer`) message. A message that cannot
   * go out at once is queued (see `bufferedAmount`); it is never dropped.
   *
   * @throws {@link RtcError} `NOT_OPEN` before the channel opens, `CLOSED` after it closes,
   * `MESSAGE_TOO_LARGE` over `maxMessageSize`, `INVALID_ARGUMENT` for anything else.
   */
  send(data: Sendable): void {
    if (!this.isOpen) throw this.#notOpenError();
    const max = this.#maxMessageSize;
    const isText = typeof data === 'string';
    if (isText) {
      // A string of n UTF-16 units has at most 3n UTF-8 bytes: measure only when it could matter.
      if (data.length * 3 > max && Buffer.byteLength(data) > max)
        throw this.#tooLargeError(Buffer.byteLength(data));
    } else if (data instanceof Uint8Array) {
      if (data.byteLength > max) throw this.#tooLargeError(data.byteLength);
      if (isDetachedView(data)) {
        throw new RtcError(
          'INVALID_ARGUMENT',
          'send() got a view of a detached (transferred) ArrayBuffer: its bytes are gone',
        );
      }
    } else {
      throw new RtcError(
        'INVALID_ARGUMENT',
        `send() takes a string or a Uint8Array, got ${describeValue(data)}`,
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
    this.#lifetime.close();
  }

  /**
   * How much `messages$` holds for a missing subscriber (set by whoever creates the channel,
   * before a message can arrive). @internal
   */
  setHoldLimits(limits: { maxBytes: number; maxCount: number }): void {
    this.#holdLimits = messageHold(limits);
    this.#messages?.setLimits(this.#holdLimits);
  }

  /** The native lifetime, for the peer connection that adopts this channel. @internal */
  get lifetime(): ChannelLifetime<M> {
    return this.#lifetime;
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
    return this.#lifetime.whenReleased();
  }

  /** @internal */
  protected override eventSource(event: keyof ChannelEvents<M>): Observable<unknown> | undefined {
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
      default:
        return undefined;
    }
  }

  /** What the native lifetime calls on this channel's events. */
  static readonly #Callbacks = class Callbacks<T extends Message> implements ChannelCallbacks<T> {
    readonly #channel: Channel<T>;
    constructor(channel: Channel<T>) {
      this.#channel = channel;
    }
    message(message: T): void {
      const channel = this.#channel;
      if (!channel.#heldMessages().push(message)) channel.#handleHoldOverflow();
    }
    open(): void {
      this.#channel.#handleOpen();
    }
    error(reason: string, error?: RtcError): void {
      this.#channel.#handleError(this.#channel.kind, reason, error);
    }
    bufferedAmountLow(): void {
      this.#channel.#low?.next();
    }
    closed(): void {
      this.#channel.#finish();
    }
  };

  /**
   * The hold behind `messages$`, made on first use; one made after the channel ended starts
   * ended the same way (its first error, or complete), as it would have.
   */
  #heldMessages(): HeldStream<M> {
    if (this.#messages) return this.#messages;
    const held = new HeldStream<M>(this.#holdLimits);
    if (this.#failure) held.error(this.#failure);
    else if (this.#lifetime.phase === 'closed') held.complete();
    this.#messages = held;
    return held;
  }

  #handleOpen(): void {
    // node-datachannel runs one byte above the receive limit (see @rxdc/native's size check).
    this.#maxMessageSize = Math.min(
      this.native.maxMessageSize(),
      this.#lifetime.receiveLimit ?? Number.POSITIVE_INFINITY,
    );
    if (this.#lowThreshold > 0) this.native.setBufferedAmountLowThreshold?.(this.#lowThreshold);
    this.opened();
    this.#opened?.next();
    this.#opened?.complete();
  }

  /**
   * Called once when the channel opens, before `open$` emits (a subclass remembers what it
   * can read only while open). Runs inside the base constructor for a channel that is
   * already open: subclass fields may not be set yet. @internal
   */
  protected opened(): void {}

  #handleError(kind: LiveObjectKind, reason: string, found?: RtcError): void {
    const error = found ?? new RtcError('CHANNEL_ERROR', `${kind} error: ${reason}`);
    this.#failure ??= error;
    this.#errors?.next(error);
    this.#messages?.error(error);
    this.#opened?.error(error);
  }

  /** Nobody read and the hold is full: report HOLD_OVERFLOW (after what was held) and close. */
  #handleHoldOverflow(): void {
    const label = (this as { label?: unknown }).label;
    const error = this.#heldMessages().overflowError(
      typeof label === 'string' ? `${this.kind} "${label}"` : this.kind,
    );
    this.#failure ??= error;
    this.#errors?.next(error);
    this.#messages?.error(error);
    this.close();
  }

  #finish(): void {
    this.#opened?.complete();
    this.#messages?.complete();
    this.#errors?.complete();
    this.#low?.complete();
    this.#closed?.next();
    this.#closed?.complete();
  }

  #sendError(error: unknown): RtcError {
    if (!this.#lifetime.nativeIsOpen()) {
      return new RtcError('CLOSED', `${this.kind} closed before the message could be sent`, {
        cause: error,
      });
    }
    const reason = error instanceof Error ? error.message : String(error);
    return new RtcError('NATIVE_FAILURE', `send failed: ${reason}`, { cause: error });
  }

  #notOpenError(): RtcError {
    return this.isClosed
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

/** A message's size as held: bytes of a Buffer, UTF-16 units of a string (its memory at least). */
const sizeOfMessage = (message: Message): number =>
  typeof message === 'string' ? message.length : message.byteLength;

/** The hold limits of each `messages$`, by the limits they come from (a peer's, shared). */
const messageHolds = new WeakMap<object, HeldStreamLimits<Message>>();

/**
 * The hold limits of `messages$`, sized by {@link sizeOfMessage}: one object for all the
 * channels of a peer (they share its limits), not one per channel.
 */
function messageHold(limits: { maxBytes: number; maxCount: number }): HeldStreamLimits<Message> {
  let hold = messageHolds.get(limits);
  if (!hold) {
    hold = { maxBytes: limits.maxBytes, maxCount: limits.maxCount, sizeOf: sizeOfMessage };
    messageHolds.set(limits, hold);
  }
  return hold;
}

/** The default hold limits, resolved once. */
const defaultHoldLimits = resolveHoldLimits(undefined);
