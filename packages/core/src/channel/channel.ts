import {
  ChannelLifetime,
  type ChannelLifetimeCallbacks,
  type HoldBudget,
  type LiveObjectKind,
  type NativeChannelSlots,
  RtcError,
  type SendData,
} from '@rxdc/native';
import { Observable, Subject } from 'rxjs';
import { reportUncaughtError } from '../errors/report-uncaught-error.js';
import { TypedEventEmitter } from '../events/typed-event-emitter.js';

/**
 * A message as node-datachannel delivers it: text as `string`, binary as `Buffer`.
 *
 * @example
 * ```ts
 * import type { Message } from '@rxdc/core';
 * const describe = (m: Message) => (typeof m === 'string' ? m : `${m.byteLength} bytes`);
 * ```
 */
export type Message = string | Buffer;

/**
 * What may be sent on a channel, as the W3C `RTCDataChannel.send` takes it (@rxdc/native's
 * {@link SendData}): text, an `ArrayBuffer`, or any `ArrayBufferView` (`Uint8Array`, `Buffer`,
 * `DataView`, ...). A `Blob` is refused: read it first (`new Uint8Array(await blob.arrayBuffer())`).
 *
 * @example
 * ```ts
 * import type { Sendable } from '@rxdc/core';
 * const messages: Sendable[] = ['hello', new Uint8Array([1, 2]), new ArrayBuffer(8)];
 * ```
 */
export type Sendable = SendData;

/**
 * The events every channel emits, for code that does not use RxJS.
 *
 * @example
 * ```ts
 * import type { DataChannel } from '@rxdc/core';
 * declare const channel: DataChannel;
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

/** The state of a {@link Channel} that someone watches (see its `#watched`). */
interface WatchedState<M> {
  lowThreshold: number;
  failure?: RtcError;
  live?: Subject<M>;
  terminal?: { error: unknown } | 'complete';
  closed?: Subject<void>;
  errors?: Subject<RtcError>;
  low?: Subject<void>;
}

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
 * import type { Channel } from '@rxdc/core';
 * declare const channel: Channel;
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
  /**
   * What only channels someone watches have, made on first use: each field of a channel costs
   * every channel 8 bytes, and a server holds thousands that nobody watches for errors, low
   * buffers or the close (measured: about half of a channel's JS heap once went to streams
   * and subjects nobody had subscribed to). Each stream getter returns a new cold Observable
   * over these subjects.
   */
  #watched: WatchedState<M> | undefined;
  /** open$'s subscribers until the channel opens (then dropped: later ones see the phase). */
  #opened: Subject<void> | undefined;

  #watchedState(): WatchedState<M> {
    this.#watched ??= { lowThreshold: 0 };
    return this.#watched;
  }
  get #lowThreshold(): number {
    return this.#watched?.lowThreshold ?? 0;
  }
  get #failure(): RtcError | undefined {
    return this.#watched?.failure;
  }
  /** Messages while someone reads; held ones wait in the lifetime (see `messages$`). */
  get #live(): Subject<M> | undefined {
    return this.#watched?.live;
  }
  get #terminal(): { error: unknown } | 'complete' | undefined {
    return this.#watched?.terminal;
  }
  get #closed(): Subject<void> | undefined {
    return this.#watched?.closed;
  }
  get #errors(): Subject<RtcError> | undefined {
    return this.#watched?.errors;
  }
  get #low(): Subject<void> | undefined {
    return this.#watched?.low;
  }

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
      const watched = this.#watchedState();
      watched.closed ??= new Subject<void>();
      return watched.closed.subscribe(subscriber);
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
      const watched = this.#watchedState();
      watched.errors ??= new Subject<RtcError>();
      return watched.errors.subscribe(subscriber);
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
    return new Observable<M>((subscriber) => {
      const lifetime = this.#lifetime;
      // Held messages go to the first subscriber, in order, before anything newer.
      for (let held = lifetime.takeHeld(); held !== undefined; held = lifetime.takeHeld()) {
        subscriber.next(held);
        if (subscriber.closed) return;
      }
      const terminal = this.#terminal;
      if (terminal === 'complete') return subscriber.complete();
      if (terminal) return subscriber.error(terminal.error);
      const watched = this.#watchedState();
      watched.live ??= new Subject<M>();
      const live = watched.live;
      const subscription = live.subscribe(subscriber);
      lifetime.setReading(true);
      return () => {
        subscription.unsubscribe();
        if (!live.observed) lifetime.setReading(false);
      };
    });
  }

  /** Emits each time the buffered amount falls to or below the low threshold. Completes on close. */
  get bufferedAmountLow$(): Observable<void> {
    return new Observable<void>((subscriber) => {
      if (this.#lifetime.phase === 'closed') return subscriber.complete();
      this.#lifetime.watchBufferedAmountLow();
      const watched = this.#watchedState();
      watched.low ??= new Subject<void>();
      return watched.low.subscribe(subscriber);
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
      // One object whose methods are on its prototype, instead of six closures per channel.
      new Channel.#Callbacks<M>(this),
      {
        report: reportUncaughtError,
        accepted: options.accepted === true,
        holdUntilRead: true,
        // Set once someone subscribes to bufferedAmountLow$ (most channels never do).
        lazyBufferedAmountLow: true,
        // openIfAlreadyOpen() follows at once (below): an incoming channel needs no open slot.
        openCheckedAtOnce: true,
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
    if (threshold !== 0 || this.#watched) this.#watchedState().lowThreshold = threshold;
    if (!this.isClosed) this.native.setBufferedAmountLowThreshold?.(threshold);
  }

  /** The largest message `send` accepts, in bytes (0 until open and after close). */
  get maxMessageSize(): number {
    return this.#lifetime.maxMessageSize;
  }

  /**
   * Sends a message (see {@link SendData}): text as text, anything binary as its bytes. A
   * message that cannot go out at once is queued (see `bufferedAmount`); it is never dropped.
   * The checks are @rxdc/native's (`ChannelLifetime.send`).
   *
   * @throws {@link RtcError} `NOT_OPEN` before the channel opens, `CLOSED` after it closes,
   * `MESSAGE_TOO_LARGE` over `maxMessageSize`, `INVALID_ARGUMENT` for anything else.
   */
  send(data: SendData): void {
    this.#lifetime.send(data);
  }

  /** Closes the channel: every stream completes and later sends fail with `CLOSED`. Idempotent. */
  close(): void {
    this.#lifetime.close();
  }

  /**
   * How much `messages$` holds for a missing subscriber (set by whoever creates the channel,
   * before a message can arrive). @internal
   */
  setHoldLimits(limits: { maxBytes: number; maxCount: number; budget?: HoldBudget }): void {
    this.#lifetime.setHoldLimits(limits);
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
  static readonly #Callbacks = class Callbacks<T extends Message>
    implements ChannelLifetimeCallbacks<T>
  {
    readonly #channel: Channel<T>;
    constructor(channel: Channel<T>) {
      this.#channel = channel;
    }
    message(message: T): void {
      this.#channel.#live?.next(message);
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
    divert(message: T): boolean {
      return this.#channel.divert(message);
    }
    describe(): string {
      const channel = this.#channel;
      const label = (channel as { label?: unknown }).label;
      return typeof label === 'string' ? `${channel.kind} "${label}"` : channel.kind;
    }
  };

  /**
   * Takes a message before `messages$` delivers or holds it (a track's RTCP goes to its own
   * live stream): true when taken. Runs in @rxdc/native's lifetime, before its hold. @internal
   */
  protected divert(_message: M): boolean {
    return false;
  }

  /** Emits on `bufferedAmountLow$` (a track's pacing queue drained). @internal */
  protected emitBufferedAmountLow(): void {
    if (!this.isClosed) this.#low?.next();
  }

  /** Reports an error on `error$` without failing the channel. @internal */
  protected reportError(error: RtcError): void {
    if (!this.isClosed) this.#errors?.next(error);
  }

  #handleOpen(): void {
    if (this.#lowThreshold > 0) this.native.setBufferedAmountLowThreshold?.(this.#lowThreshold);
    this.opened();
    // Dropped once it has done its job: later subscribers of open$ see the open phase.
    const opened = this.#opened;
    this.#opened = undefined;
    opened?.next();
    opened?.complete();
  }

  /**
   * Called once when the channel opens, before `open$` emits (a subclass remembers what it
   * can read only while open). Runs inside the base constructor for a channel that is
   * already open: subclass fields may not be set yet. @internal
   */
  protected opened(): void {}

  #handleError(kind: LiveObjectKind, reason: string, found?: RtcError): void {
    const error = found ?? new RtcError('CHANNEL_ERROR', `${kind} error: ${reason}`);
    const watched = this.#watchedState();
    watched.failure ??= error;
    this.#errors?.next(error);
    this.#endMessages({ error });
    this.#opened?.error(error);
  }

  /** Ends `messages$` once: now for its subscribers, after the held messages for later ones. */
  #endMessages(terminal: { error: unknown } | 'complete'): void {
    if (this.#terminal) return;
    this.#watchedState().terminal = terminal;
    if (terminal === 'complete') this.#live?.complete();
    else this.#live?.error(terminal.error);
  }

  #finish(): void {
    this.#opened?.complete();
    this.#endMessages('complete');
    this.#errors?.complete();
    this.#low?.complete();
    this.#closed?.next();
    this.#closed?.complete();
  }
}
