import { ChannelLifetime, describeError, type NativeDataChannel, RtcError } from '@rxdc/native';
import { domException } from '../errors/dom-exceptions.js';
import { RTCError } from '../errors/rtc-error.js';
import { defineEventHandlers } from '../events/event-handler-attributes.js';
import { RTCErrorEvent } from '../events/rtc-error-event.js';
import { toEnum, toUnsignedInteger, toUSVString } from '../webidl/convert.js';
import { scheduleBufferedAmountSync, settleBufferedAmounts } from './buffered-amount-sync.js';
import type { ResolvedDataChannelInit } from './data-channel-init.js';
import { brandRTCDataChannel } from './rtc-data-channel-brand.js';

/**
 * The state of an {@link RTCDataChannel} (WebRTC 1.0 `RTCDataChannelState`).
 *
 * @example
 * ```ts
 * import type { RTCDataChannelState } from '@rxdc/webrtc';
 * const state: RTCDataChannelState = 'open';
 * ```
 */
export type RTCDataChannelState = 'connecting' | 'open' | 'closing' | 'closed';

/**
 * How binary messages are delivered: `'arraybuffer'` (the default) or `'blob'`.
 *
 * @example
 * ```ts
 * import type { BinaryType } from '@rxdc/webrtc';
 * const type: BinaryType = 'blob';
 * ```
 */
export type BinaryType = 'blob' | 'arraybuffer';

/** What an RTCDataChannel needs from its RTCPeerConnection. @internal */
export interface DataChannelOwner {
  /** The largest message this side receives. */
  readonly receiveLimit: number;
  /** The largest message `send` accepts (the SCTP transport's maxMessageSize). */
  maxMessageSize(): number;
  /** Reports an error thrown by our own code inside a native callback. */
  report(error: unknown): void;
}

/** Only this package creates channels (`new RTCDataChannel()` is a TypeError, as in browsers). */
const constructing = Symbol('RTCDataChannel');

/**
 * WebRTC 1.0's RTCDataChannel on @rxdc/native's ChannelLifetime: `send` increases
 * `bufferedAmount` at once (it decreases as libdatachannel hands the bytes to the network),
 * `bufferedamountlow` fires when it falls to or below `bufferedAmountLowThreshold`, the channel
 * stays alive (and so does the process) until it is closed, and nothing a listener throws
 * reaches native code. Get one from `RTCPeerConnection.createDataChannel()` or the
 * `datachannel` event.
 *
 * @example
 * ```ts
 * import { RTCPeerConnection } from '@rxdc/webrtc';
 * const pc = new RTCPeerConnection();
 * const channel = pc.createDataChannel('chat');
 * channel.onopen = () => channel.send('hello');
 * channel.onmessage = (event) => console.log(event.data);
 * pc.close();
 * ```
 */
export class RTCDataChannel extends EventTarget {
  /** Called for the `open` event. */
  declare onopen: ((this: RTCDataChannel, event: Event) => unknown) | null;
  /** Called for each `message` event. */
  declare onmessage: ((this: RTCDataChannel, event: MessageEvent) => unknown) | null;
  /** Called for each `bufferedamountlow` event. */
  declare onbufferedamountlow: ((this: RTCDataChannel, event: Event) => unknown) | null;
  /** Called for the `error` event. */
  declare onerror: ((this: RTCDataChannel, event: RTCErrorEvent) => unknown) | null;
  /** Called for the `closing` event. */
  declare onclosing: ((this: RTCDataChannel, event: Event) => unknown) | null;
  /** Called for the `close` event. */
  declare onclose: ((this: RTCDataChannel, event: Event) => unknown) | null;
  readonly #native: NativeDataChannel;
  readonly #owner: DataChannelOwner;
  readonly #lifetime: ChannelLifetime<string | Buffer>;
  readonly #init: ResolvedDataChannelInit;
  #id: number | null;
  #readyState: RTCDataChannelState;
  #binaryType: BinaryType = 'arraybuffer';
  #threshold = 0;
  /** Bytes given to `send` this turn of the event loop (libdatachannel counts its queue later). */
  #unsynced = 0;
  /** This channel as buffered-amount-sync sees it (not a member of the W3C interface). */
  readonly #sync = {
    syncBufferedAmount: (): boolean => {
      // libdatachannel now counts what it did not hand to the network yet.
      this.#unsynced = 0;
      return this.#checkLow();
    },
  };
  /** Native events held while a bufferedamountlow they followed is handled (see #deliver). */
  #held: (() => void)[] | null = null;
  /** True while close() runs (see #deliver). */
  #closingNow = false;
  #wasAboveThreshold = false;
  #frozenBufferedAmount = 0;
  /** Blob sends read their bytes asynchronously: later sends wait behind them, in order. */
  #sendTail: Promise<void> | null = null;
  /** Set by the peer's close: the channel is closed without events, as the spec says. */
  #silenced = false;
  #closeReported = false;
  #error: RTCError | null = null;
  /** Counters for getStats. @internal */
  readonly stats = { messagesSent: 0, bytesSent: 0, messagesReceived: 0, bytesReceived: 0 };

  /** @internal Created by RTCPeerConnection only. */
  constructor(
    token: typeof constructing,
    native: NativeDataChannel,
    init: ResolvedDataChannelInit,
    owner: DataChannelOwner,
    incoming: boolean,
  ) {
    if (token !== constructing) throw new TypeError('Illegal constructor');
    super();
    brandRTCDataChannel(this);
    this.#native = native;
    this.#owner = owner;
    this.#init = init;
    this.#id = init.id;
    // A remote channel is announced open (WebRTC 1.0 "announce the data channel"); its open
    // event follows the datachannel event (see announceOpen).
    this.#readyState = incoming ? 'open' : 'connecting';
    this.#lifetime = new ChannelLifetime<string | Buffer>(
      'DataChannel',
      native,
      {
        message: (message) => this.#deliver(() => this.#handleMessage(message)),
        open: () => this.#deliver(() => this.#handleOpen()),
        error: (reason, error) => this.#deliver(() => this.#handleError(reason, error)),
        bufferedAmountLow: () => this.#checkLow(),
        closed: () => this.#deliver(() => this.#handleClosed()),
      },
      { report: owner.report, receiveLimit: owner.receiveLimit },
    );
  }

  /** @internal */
  static create(
    native: NativeDataChannel,
    init: ResolvedDataChannelInit,
    owner: DataChannelOwner,
    incoming: boolean,
  ): RTCDataChannel {
    return new RTCDataChannel(constructing, native, init, owner, incoming);
  }

  /** The native lifetime, for the RTCPeerConnection that adopts the channel. @internal */
  get lifetime(): ChannelLifetime<string | Buffer> {
    return this.#lifetime;
  }

  /** The label given at creation. */
  get label(): string {
    return this.#init.label;
  }
  /** False when messages may arrive out of order. */
  get ordered(): boolean {
    return this.#init.ordered;
  }
  /** The partial-reliability lifetime in milliseconds, or null. */
  get maxPacketLifeTime(): number | null {
    return this.#init.maxPacketLifeTime;
  }
  /** The partial-reliability retransmission count, or null. */
  get maxRetransmits(): number | null {
    return this.#init.maxRetransmits;
  }
  /** The sub-protocol given at creation. */
  get protocol(): string {
    return this.#init.protocol;
  }
  /** True when the application negotiated the channel (same id on both sides). */
  get negotiated(): boolean {
    return this.#init.negotiated;
  }
  /** The SCTP stream id, or null until libdatachannel assigns one (after the DTLS role is known). */
  get id(): number | null {
    if (this.#id === null && !this.#lifetime.isReleased && this.#readyState !== 'closed') {
      try {
        const id = this.#native.getId();
        // node-datachannel reports 65535 until the id is assigned.
        if (id !== 65535) this.#id = id;
      } catch {
        // Destroyed natively: no id was ever assigned.
      }
    }
    return this.#id;
  }
  /** The channel's state. */
  get readyState(): RTCDataChannelState {
    return this.#readyState;
  }
  /**
   * Bytes given to `send` and not yet handed to the network: it grows at once on `send`, and
   * keeps its last value once the channel is closed.
   */
  get bufferedAmount(): number {
    if (this.#readyState === 'closed') return this.#frozenBufferedAmount;
    return this.#unsynced + this.#nativeBufferedAmount();
  }
  /** The buffered amount at or below which `bufferedamountlow` fires (default 0). */
  get bufferedAmountLowThreshold(): number {
    return this.#threshold;
  }
  set bufferedAmountLowThreshold(value: number) {
    // WebIDL unsigned long (no [EnforceRange]): modulo 2^32.
    this.#threshold = toUnsignedInteger(value, 32, 'bufferedAmountLowThreshold');
    if (this.#readyState === 'open') this.#setNativeThreshold();
  }
  /** How binary messages are delivered: 'arraybuffer' (default) or 'blob'. */
  get binaryType(): BinaryType {
    return this.#binaryType;
  }
  set binaryType(value: BinaryType) {
    // WebIDL: assigning a value outside an enumeration is ignored.
    try {
      this.#binaryType = toEnum(value, ['blob', 'arraybuffer'] as const, 'binaryType');
    } catch {
      // ignored, as WebIDL says
    }
  }

  /**
   * Sends a message: a string (as UTF-8 text), a Blob, an ArrayBuffer or a view of one.
   *
   * @throws DOMException `InvalidStateError` unless the channel is open; `TypeError` for a
   * message larger than the SCTP transport's `maxMessageSize`; `OperationError` when
   * libdatachannel refuses it.
   */
  send(data: string | Blob | ArrayBuffer | ArrayBufferView): void {
    // biome-ignore lint/complexity/noArguments: WebIDL counts the arguments actually given
    if (arguments.length < 1) throw new TypeError('send: 1 argument required');
    let payload: string | Uint8Array | Blob;
    let size: number;
    // The common cases first: this is every sender's hot path.
    if (typeof data === 'string') {
      payload = toUSVString(data, 'send');
      size = Buffer.byteLength(payload);
    } else if (data instanceof Uint8Array) {
      payload = data;
      size = data.byteLength;
    } else if (data instanceof Blob) {
      payload = data;
      size = data.size;
    } else if (
      data instanceof ArrayBuffer ||
      (typeof SharedArrayBuffer === 'function' && data instanceof SharedArrayBuffer)
    ) {
      payload = new Uint8Array(data as ArrayBuffer);
      size = payload.byteLength;
    } else if (ArrayBuffer.isView(data)) {
      payload = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      size = payload.byteLength;
    } else {
      // WebIDL overload resolution: anything else is converted to a USVString.
      payload = toUSVString(data, 'send');
      size = Buffer.byteLength(payload);
    }
    if (this.#readyState !== 'open')
      throw domException('InvalidStateError', `send: the data channel is ${this.#readyState}`);
    if (payload instanceof Blob || this.#sendTail !== null) {
      // Sent later, in order: the size is checked now against the same effective limit.
      const max = this.#owner.maxMessageSize();
      if (size > max)
        throw new TypeError(
          `send: the message is ${size} bytes, larger than maxMessageSize ${max}`,
        );
      this.#account(size);
      // A copy: the caller may reuse its buffer once send returns.
      this.#sendLater(payload instanceof Uint8Array ? payload.slice() : payload, size);
      return;
    }
    this.#sendNow(payload, size);
    this.#account(size);
  }

  /** WebRTC 1.0: bufferedAmount grows by the message at once. */
  #account(size: number): void {
    this.#unsynced += size;
    // Read libdatachannel's count only when this turn's bytes alone do not decide it.
    if (
      !this.#wasAboveThreshold &&
      (this.#unsynced > this.#threshold || this.bufferedAmount > this.#threshold)
    )
      this.#wasAboveThreshold = true;
    this.#scheduleSync();
  }

  /** Closes the channel; `close` fires once it is closed. Does nothing if already closing. */
  close(): void {
    if (this.#readyState === 'closing' || this.#readyState === 'closed') return;
    this.#readyState = 'closing';
    // Native events this call raises at once belong to this task: they settle nothing.
    this.#closingNow = true;
    try {
      this.#lifetime.close();
    } finally {
      this.#closingNow = false;
    }
  }

  /** The peer's close: closed at once, without events (WebRTC 1.0 "close the connection"). @internal */
  closeWithPeer(): void {
    if (this.#readyState === 'closed') return;
    this.#frozenBufferedAmount = this.bufferedAmount;
    this.#silenced = true;
    this.#readyState = 'closed';
  }

  /** Fires the open event of a channel the remote side opened, after its datachannel event. @internal */
  announceOpen(): void {
    this.#lifetime.openIfAlreadyOpen();
  }

  /** @rxdc/native's send (its limit, its checks), its errors as the spec names them. */
  #sendNow(payload: string | Uint8Array, size: number): void {
    try {
      this.#lifetime.send(payload);
    } catch (error) {
      throw sendException(error);
    }
    this.stats.messagesSent += 1;
    this.stats.bytesSent += size;
  }

  #sendLater(payload: string | Uint8Array | Blob, size: number): void {
    const previous = this.#sendTail ?? Promise.resolve();
    const tail: Promise<void> = previous
      .then(async () => {
        const bytes =
          payload instanceof Blob ? new Uint8Array(await payload.arrayBuffer()) : payload;
        // Data given before close is discarded once the channel closes (WebRTC 1.0 close()).
        if (this.#readyState !== 'open') return;
        this.#sendNow(bytes, size);
      })
      .catch(() => {
        // The channel closed or failed meanwhile (its error and close events say so): the
        // bytes no longer count.
        this.#unsynced = Math.max(0, this.#unsynced - size);
      })
      .finally(() => {
        if (this.#sendTail === tail) this.#sendTail = null;
      });
    this.#sendTail = tail;
  }

  #nativeBufferedAmount(): number {
    if (this.#readyState !== 'open' && this.#readyState !== 'closing') return 0;
    try {
      return this.#native.bufferedAmount();
    } catch {
      return 0;
    }
  }

  #scheduleSync(): void {
    scheduleBufferedAmountSync(this.#sync);
  }

  /** Dispatches `bufferedamountlow` if the amount fell to the threshold; true if it did. */
  #checkLow(): boolean {
    if (!this.#wasAboveThreshold || this.#readyState !== 'open') return false;
    if (this.bufferedAmount > this.#threshold) return false;
    this.#wasAboveThreshold = false;
    this.dispatchEvent(new Event('bufferedamountlow'));
    return true;
  }

  /**
   * Runs a native event's handler after the bufferedAmount reports of earlier sends (their
   * tasks come first). If one of them dispatched `bufferedamountlow`, this event and the ones
   * after it wait for the next turn, so that code awaiting that event runs first, as it would
   * between two tasks in a browser; their order is kept.
   */
  #deliver(run: () => void): void {
    if (this.#held !== null) {
      this.#held.push(run);
      return;
    }
    if (this.#closingNow || !settleBufferedAmounts()) {
      run();
      return;
    }
    const held = [run];
    this.#held = held;
    setImmediate(() => {
      this.#held = null;
      for (const next of held) next();
    });
  }

  #setNativeThreshold(): void {
    try {
      this.#native.setBufferedAmountLowThreshold(this.#threshold);
    } catch {
      // Destroyed natively: the close event is on its way.
    }
  }

  #handleOpen(): void {
    if (this.#silenced) return;
    void this.id;
    if (this.#threshold > 0) this.#setNativeThreshold();
    if (this.#readyState === 'connecting') this.#readyState = 'open';
    if (this.#readyState !== 'open') return;
    this.dispatchEvent(new Event('open'));
  }

  #handleMessage(message: string | Buffer): void {
    if (this.#readyState !== 'open' || this.#silenced) return;
    let data: string | ArrayBuffer | Blob;
    if (typeof message === 'string') {
      data = message;
      this.stats.bytesReceived += Buffer.byteLength(message);
    } else {
      this.stats.bytesReceived += message.byteLength;
      if (this.#binaryType === 'blob') data = new Blob([message]);
      else if (message.byteOffset === 0 && message.byteLength === message.buffer.byteLength)
        // node-datachannel gives each message its own memory: hand it over without a copy.
        data = message.buffer as ArrayBuffer;
      else
        data = message.buffer.slice(
          message.byteOffset,
          message.byteOffset + message.byteLength,
        ) as ArrayBuffer;
    }
    this.stats.messagesReceived += 1;
    this.dispatchEvent(new MessageEvent('message', { data }));
  }

  #handleError(reason: string, error?: RtcError): void {
    if (this.#silenced) return;
    const detail = error?.code === 'MESSAGE_TOO_LARGE' ? 'data-channel-failure' : 'sctp-failure';
    this.#error = new RTCError({ errorDetail: detail }, error?.message ?? reason);
  }

  #handleClosed(): void {
    if (this.#silenced || this.#closeReported) return;
    this.#closeReported = true;
    // Closed by the remote side (or the transport): the closing procedure starts.
    if (this.#readyState === 'open' || this.#readyState === 'connecting') {
      this.#readyState = 'closing';
      this.dispatchEvent(new Event('closing'));
    }
    // WebRTC 1.0: "queue a task" to report the channel closed, after the messages before it.
    setImmediate(() => {
      if (this.#silenced) return;
      this.#frozenBufferedAmount = this.bufferedAmount;
      this.#readyState = 'closed';
      const error = this.#error;
      if (error) this.dispatchEvent(new RTCErrorEvent('error', { error }));
      this.dispatchEvent(new Event('close'));
    });
  }
}

defineEventHandlers(RTCDataChannel.prototype, [
  'open',
  'message',
  'bufferedamountlow',
  'error',
  'closing',
  'close',
]);

/** The exception WebRTC 1.0 names for a send @rxdc/native refused. */
function sendException(error: unknown): Error {
  const message = `send: ${describeError(error)}`;
  if (error instanceof RtcError) {
    // Over the SCTP transport's maxMessageSize, or bytes that are gone (a detached buffer).
    if (error.code === 'MESSAGE_TOO_LARGE' || error.code === 'INVALID_ARGUMENT')
      return new TypeError(message);
    if (error.code === 'NOT_OPEN' || error.code === 'CLOSED')
      return domException('InvalidStateError', message);
  }
  return domException('OperationError', message);
}
