import type { NativeTrack } from '../binding.js';
import {
  type ChannelCallbacks,
  installBufferedAmountLowCallback,
  installChannelCallbacks,
  type NativeChannelSlots,
} from '../callbacks/install-channel-callbacks.js';
import { describeError } from '../errors/describe-error.js';
import type { ThrowReporter } from '../errors/guarded.js';
import { explainNativeError } from '../errors/native-error-reason.js';
import { RtcError } from '../errors/rtc-error.js';
import { BoundedHold } from '../hold/bounded-hold.js';
import type { HoldBudget } from '../hold/hold-budget.js';
import { resolveHoldLimits } from '../hold/hold-limits.js';
import { TrackMedia } from '../media/track-media.js';

/** The default hold limits, resolved once for every channel. */
const defaultHoldLimits = resolveHoldLimits(undefined);

import {
  effectiveMessageLimit,
  type SendData,
  sendBytes,
  sizeOver,
} from '../messages/send-message.js';
import { isOverReceiveLimit, receivedTooLargeError } from '../messages/size-check.js';
import type { LiveObject } from './process-store.js';
import { keepAlive, markClosing, settle } from './registry.js';
import { confirmedLate, settleUnconfirmed } from './unconfirmed-release.js';

/**
 * Callbacks for a channel nobody will use (abandoned, or arrived after its owner stopped): its
 * slots are installed, as every channel's are, and what they receive is ignored.
 *
 * @internal
 */
export const NO_CHANNEL_CALLBACKS: ChannelCallbacks<unknown> = {
  message: () => {},
  open: () => {},
  error: () => {},
  bufferedAmountLow: () => {},
  closed: () => {},
};

/**
 * Where a channel is in its life, as rxdc tells it: `closed` from the moment either side
 * closed it (the native confirmation may still be pending).
 *
 * @example
 * ```ts
 * import type { ChannelPhase } from '@rxdc/native';
 * const phase: ChannelPhase = 'connecting';
 * ```
 */
export type ChannelPhase = 'connecting' | 'open' | 'closed';

/**
 * What a channel face (core's Channel, capi-compat's channel id) hands to its lifetime.
 *
 * @example
 * ```ts
 * import type { ChannelLifetimeOptions } from '@rxdc/native';
 * const options: ChannelLifetimeOptions = { report: console.error, accepted: true };
 * ```
 */
export interface ChannelLifetimeOptions {
  /** Where an error thrown by a callback goes (never into native code). */
  readonly report: ThrowReporter;
  /** A WebSocket accepted by a server (its close has its own rules). */
  readonly accepted?: boolean;
  /**
   * The largest message delivered, in bytes (see {@link receiveLimit}); node-datachannel must
   * run at {@link nativeMaxMessageSize} of it. Undefined for a track (RTP packets).
   */
  readonly receiveLimit?: number;
  /**
   * Hold messages while nobody reads (see {@link ChannelLifetime.setReading}) instead of
   * handing each to `callbacks.message` at once. Default false: every message is handed over.
   */
  readonly holdUntilRead?: boolean;
  /**
   * How the channel is named in its errors (`DataChannel "chat"`, `channel 3`). Default the
   * callbacks' `describe`, else its kind.
   */
  readonly describe?: () => string;
  /**
   * Set the native buffered-amount-low slot only when `watchBufferedAmountLow()`
   * is called (someone listens), not at once: a closure and a native handle less per channel.
   */
  readonly lazyBufferedAmountLow?: boolean;
  /**
   * The face calls {@link ChannelLifetime.openIfAlreadyOpen} right after constructing the
   * lifetime (core does): a channel open already then gets no native open slot, a closure and
   * a native handle less per incoming channel. Default false.
   */
  readonly openCheckedAtOnce?: boolean;
  /**
   * Takes a message before it is delivered or held: true when taken (core's track sends its
   * RTCP to a live stream of its own, so RTCP never waits in, or overflows, the hold of RTP
   * nobody reads). Runs after the track's media handlers and interceptor. Default the
   * callbacks' `divert`, if any.
   */
  readonly divert?: (message: unknown) => boolean;
}

/**
 * The callbacks of a {@link ChannelLifetime}: node-datachannel's (see {@link ChannelCallbacks}),
 * plus `held`, called when a message was held for a missing reader and the hold was empty
 * before (C's "available" event).
 *
 * @example
 * ```ts
 * import type { ChannelLifetimeCallbacks } from '@rxdc/native';
 * type OnHeld = ChannelLifetimeCallbacks<string>['held'];
 * ```
 */
export interface ChannelLifetimeCallbacks<M> extends ChannelCallbacks<M> {
  /** A message was held while the hold was empty: there is something to read now. */
  held?(): void;
  /**
   * How the channel is named in its errors, asked only when one is made (a method of the
   * callbacks object costs nothing per channel, unlike a `describe` closure in the options).
   */
  describe?(): string;
  /** Takes a message before it is delivered or held, as the `divert` option (a method costs nothing per channel). */
  divert?(message: M): boolean;
}

/** The hold limits a channel was given before its hold was made. */
interface HoldLimitsSetting {
  maxBytes: number;
  maxCount: number;
  budget?: HoldBudget | undefined;
}

/** What few channels of a {@link ChannelLifetime} have (see its `#rare`). */
interface RareState {
  describe?: () => string;
  closeNative?: () => void;
  divert?: (message: unknown) => boolean;
  media?: TrackMedia;
  releasedWaiters?: Array<() => void> | undefined;
  finishedListeners?: Array<() => void> | undefined;
  /** A client WebSocket's connection attempts (see `retryConnectWith`). */
  connect?: ConnectAttempts;
}

/** Where a client WebSocket is in its connection attempts (see `retryConnectWith`). */
interface ConnectAttempts {
  /** Makes and opens a new native client for a retried connection. */
  readonly reconnect: () => NativeChannelSlots;
  startedAt: number;
  attempts: number;
  /** The current attempt reported an error (its close is then not retried). */
  errored: boolean;
  /** A retried connection's new native object is being made (the next tick). */
  reconnecting: boolean;
}

/** The bits of a {@link ChannelLifetime}'s `#flags`. */
const Flag = {
  Reading: 1,
  CloseRequested: 2,
  Settled: 4,
  NeverOpened: 8,
  LowInstalled: 16,
} as const;
type Flag = (typeof Flag)[keyof typeof Flag];

/** The part of a native channel that sending uses (DataChannel, Track and WebSocket have it). */
interface NativeSender {
  sendMessage?(message: string): boolean;
  sendMessageBinary?(message: Uint8Array): boolean;
  maxMessageSize?(): number;
}

/** A message's size as held: UTF-8 bytes of text, bytes of binary. */
function heldSize(message: unknown): number {
  return typeof message === 'string'
    ? Buffer.byteLength(message)
    : (message as ArrayBuffer | ArrayBufferView).byteLength;
}

/**
 * How {@link ChannelLifetime.close} tells the face: `now` calls `closed` before returning
 * (a data channel's C semantics, core's streams); `on-confirm` when node-datachannel confirms
 * (a C WebSocket's graceful close).
 *
 * @example
 * ```ts
 * import type { CloseOptions } from '@rxdc/native';
 * const graceful: CloseOptions = { notify: 'on-confirm' };
 * ```
 */
export interface CloseOptions {
  /** When the face's `closed` callback runs (default `now`). */
  readonly notify?: 'now' | 'on-confirm';
  /** Close a WebSocket without its closing handshake. */
  readonly force?: boolean;
}

/** The native close of an accepted socket waits this long for a close started by its client. */
const acceptedCloseDelayMs = 50;

/**
 * A WebSocket closed from this side whose close is still unconfirmed this much later, and that
 * is no longer open natively, will never be confirmed: libdatachannel loses the close event of
 * a client closed as it opens (measured raw: 2 of 1,500; core 4-6 of 1,500; `forceClose()` does
 * not bring it back). It is settled, so that `liveObjects()` and the cleanup gate stop waiting
 * (and the process can exit within a second of its last close: 2 s before).
 */
const lostWebSocketCloseMs = 500;

/**
 * A client WebSocket whose connection attempt fails this soon after it started, before it
 * opened, is tried again on a new native object (see `ChannelLifetime.retryConnectWith`).
 * libdatachannel 0.24.5's poll thread looks sockets up by descriptor number after `poll()`
 * returned: an error event of a socket closed meanwhile is handed to a new socket that got the
 * same number, and a connect that succeeded (the server accepted it) is reported as "TCP
 * connection failed", or closes before it opens without an error (measured raw: 108-142 and
 * 39-141 of 20,000 sequential connections on loopback, the server accepting all 20,000). Such
 * failures come within milliseconds; a real timeout does not, and is not retried.
 */
const quickConnectFailureMs = 1000;

/** Where a never-opened client WebSocket is opened to be closed (see `#closeNeverOpened`). */
const neverOpenedCloseUrl = 'ws://127.0.0.1:0/';

/** How many times a quickly failed client connection is tried again (3 attempts in all). */
const connectRetries = 2;

/**
 * Native objects of failed connection attempts that were replaced, by the slot their close
 * arrives on, kept referenced until node-datachannel confirms that close (its wrapper stays in
 * its `instances` set until then, see unconfirmed-release.ts); it follows the failure at once.
 */
const retiredNatives = new Map<object, object>();

/**
 * The one owner of a native DataChannel, Track or WebSocket: it installs the callbacks (see
 * {@link installChannelCallbacks}), keeps the native object alive in the process registry
 * until its close is confirmed, and applies every close rule:
 * - a message proves the channel open (each callback kind has its own native queue, so a
 *   message can be dispatched before the open event);
 * - a message over the receive limit is never delivered: `MESSAGE_TOO_LARGE` is reported as
 *   the channel's error and the channel closes (libdatachannel cuts such a message to its
 *   limit and would deliver the cut part as if whole);
 * - no event reaches the face after the channel closed, and `closed` reaches it exactly once;
 * - a close started by the remote side is followed by a native close again (node-datachannel
 *   then releases only the closed callback; the others would keep the process alive);
 * - a close asked while the remote side is already closing waits for that close, and an
 *   accepted socket's native close waits 50 ms for its client's close
 *   (node-datachannel loses the confirmation of an accepted socket closed by both sides at
 *   once: 7 of 90 measured);
 * - a server's `stop()` never closes an accepted socket behind its lifetime's back;
 * - {@link ChannelLifetime.send} refuses what would reach native code wrong: a type send does
 *   not take, a detached buffer, a channel not open, a message over the one effective limit
 *   (see {@link effectiveMessageLimit});
 * - with `holdUntilRead`, messages nobody reads are held (limits: {@link HoldLimits}); past a
 *   limit the channel reports `HOLD_OVERFLOW` once, as its error, and closes; what was held
 *   stays readable.
 *
 * @example
 * ```ts
 * import { ChannelLifetime, type ChannelCallbacks, type NativeChannelSlots } from '@rxdc/native';
 * declare const native: NativeChannelSlots;
 * declare const callbacks: ChannelCallbacks<string | Buffer>;
 * const lifetime = new ChannelLifetime('DataChannel', native, callbacks, { report: console.error });
 * lifetime.openIfAlreadyOpen();
 * lifetime.close();
 * ```
 */
export class ChannelLifetime<M = unknown> implements LiveObject {
  /** Which kind of channel it owns. */
  readonly kind: 'DataChannel' | 'Track' | 'WebSocket';
  #native: NativeChannelSlots & NativeSender & { forceClose?(): void };
  readonly #callbacks: ChannelLifetimeCallbacks<M>;
  /**
   * The hold once a message had to wait (typed unknown so that a ChannelLifetime<M> is a
   * ChannelLifetime<unknown>: variance), else the limits it will be made with (the defaults
   * when unset).
   */
  #holdOrLimits: BoundedHold<unknown> | HoldLimitsSetting | undefined;
  /** The booleans of its life, one bit each (see `Flag`): a server holds thousands of channels. */
  #flags = 0;
  /** The one effective send limit, read once when the channel opens (or first sends). */
  #maxMessageSize: number | undefined;
  readonly #receiveLimit: number | undefined;
  #phase: ChannelPhase = 'connecting';
  #slot: (ChannelCallbacks<M> & { owner: ChannelLifetime<M> | undefined }) | undefined;
  /** The set of its peer's channels this one leaves when it finishes (see {@link tieTo}). */
  #tiedTo: Set<ChannelLifetime> | undefined;
  readonly #report: ThrowReporter;
  /**
   * What few channels have (made on first use): each field of a lifetime costs every channel
   * 8 bytes, and most channels never have a waiter, a media side, a diverter or a shadowed close.
   */
  #rare: RareState | undefined;

  /** Names the channel in errors; else the callbacks' `describe`, else its kind. */
  get #describe(): (() => string) | undefined {
    return this.#rare?.describe;
  }
  /** The native close, kept aside when it is shadowed (an accepted socket); else undefined. */
  get #closeNative(): (() => void) | undefined {
    return this.#rare?.closeNative;
  }
  get #divert(): ((message: unknown) => boolean) | undefined {
    return this.#rare?.divert;
  }
  get #media(): TrackMedia | undefined {
    return this.#rare?.media;
  }
  set #media(media: TrackMedia) {
    this.#rareState().media = media;
  }
  #rareState(): RareState {
    this.#rare ??= {};
    return this.#rare;
  }
  get #held(): BoundedHold<unknown> | undefined {
    const hold = this.#holdOrLimits;
    return hold instanceof BoundedHold ? hold : undefined;
  }
  get #reading(): boolean {
    return (this.#flags & Flag.Reading) !== 0;
  }
  set #reading(value: boolean) {
    this.#setFlag(Flag.Reading, value);
  }
  get #closeRequested(): boolean {
    return (this.#flags & Flag.CloseRequested) !== 0;
  }
  set #closeRequested(value: boolean) {
    this.#setFlag(Flag.CloseRequested, value);
  }
  get #settled(): boolean {
    return (this.#flags & Flag.Settled) !== 0;
  }
  set #settled(value: boolean) {
    this.#setFlag(Flag.Settled, value);
  }
  get #neverOpened(): boolean {
    return (this.#flags & Flag.NeverOpened) !== 0;
  }
  /** Whether the native buffered-amount-low slot is set (see `lazyBufferedAmountLow`). */
  get #lowInstalled(): boolean {
    return (this.#flags & Flag.LowInstalled) !== 0;
  }
  set #lowInstalled(value: boolean) {
    this.#setFlag(Flag.LowInstalled, value);
  }
  #setFlag(flag: Flag, value: boolean): void {
    this.#flags = value ? this.#flags | flag : this.#flags & ~flag;
  }

  constructor(
    kind: 'DataChannel' | 'Track' | 'WebSocket',
    native: NativeChannelSlots,
    callbacks: ChannelLifetimeCallbacks<M>,
    options: ChannelLifetimeOptions,
  ) {
    this.kind = kind;
    this.#reading = options.holdUntilRead !== true;
    this.#native = native;
    this.#callbacks = callbacks;
    this.#receiveLimit = options.receiveLimit;
    if (options.describe) this.#rareState().describe = options.describe;
    if (options.divert) this.#rareState().divert = options.divert;
    // Kept aside before an accepted socket's own close is shadowed below.
    if (options.accepted === true) this.#rareState().closeNative = native.close.bind(native);
    keepAlive(this);
    // The installed closures reach this lifetime through a holder that is cut when the channel
    // is abandoned: node-datachannel keeps each closure as a GC root while its callback is
    // registered, and an abandoned native object is released only when it is collected. The
    // holder is one object whose methods are on its prototype (not five closures per channel).
    const slot = new ChannelLifetime.#Slot<M>(this);
    this.#slot = slot;
    this.#report = options.report;
    this.#lowInstalled = options.lazyBufferedAmountLow !== true;
    // A channel open already (an incoming data channel is open when it is handed over) whose
    // face calls openIfAlreadyOpen() at once: the open slot would only cost a closure and a
    // native handle per channel, for an event that would be ignored.
    const openAlready = options.openCheckedAtOnce === true && this.nativeIsOpen();
    installChannelCallbacks<M>(native, slot, options.report, this.#lowInstalled, !openAlready);
    if (this.#closeNative) {
      // node-datachannel's server closes every accepted socket natively when it stops: shadow
      // it, so an accepted socket closes only through this lifetime and its rules.
      Object.defineProperty(native, 'close', {
        value: () => {},
        configurable: true,
        writable: true,
      });
    }
  }

  /**
   * The media side of a track (its handler chain, RTP timestamps, frames, keyframe and bitrate
   * requests), created on first use. Its handlers live as long as the track: they are released
   * when it closes, and every later call is refused with `CLOSED`.
   *
   * @throws {@link RtcError} `INVALID_ARGUMENT` for a data channel or WebSocket.
   */
  get media(): TrackMedia {
    if (this.kind !== 'Track')
      throw new RtcError('INVALID_ARGUMENT', `a ${this.kind} has no media handlers (tracks only)`);
    if (!this.#media) {
      this.#media = new TrackMedia(this.#native as unknown as NativeTrack, {
        isClosed: () => this.#phase === 'closed',
        isOpen: () => this.#phase === 'open' && this.nativeIsOpen(),
        report: this.#report,
      });
      if (this.#phase === 'closed') this.#media.release();
    }
    return this.#media;
  }

  /** Where the channel is in its life. */
  get phase(): ChannelPhase {
    return this.#phase;
  }

  /** True once node-datachannel confirmed the close and the native object was released. */
  get isReleased(): boolean {
    return this.#settled;
  }

  /**
   * Reports the channel open now if it already is natively (an incoming channel is open when
   * it is handed over). The face calls it once it is ready to be told.
   */
  openIfAlreadyOpen(): void {
    if (this.nativeIsOpen()) this.#handleOpen();
  }

  /** The native `isOpen()`, false once the native object is destroyed. */
  nativeIsOpen(): boolean {
    try {
      return this.#native.isOpen();
    } catch {
      return false;
    }
  }

  /**
   * True for a client WebSocket whose `open()` was not called (or threw): node-datachannel never
   * confirms its close, so {@link ChannelLifetime.close} abandons it at once, whoever closes it
   * (the face, or `closeEverything()` through the registry). The face sets it.
   */
  set neverOpened(value: boolean) {
    this.#setFlag(Flag.NeverOpened, value);
  }

  /**
   * For a client WebSocket whose `open(url)` was just called: a connection attempt that fails
   * quickly before it opens ("TCP connection failed", or a close without an error, within
   * one second) is tried again, up to twice, with the native object that
   * `reconnect` makes and opens (libdatachannel reports connections that succeeded as failed,
   * see `quickConnectFailureMs`). The failed attempt's error and close never reach the face;
   * when the last attempt fails too, its error says how many attempts were made. @internal
   */
  retryConnectWith(reconnect: () => NativeChannelSlots): void {
    this.#rareState().connect = {
      reconnect,
      startedAt: Date.now(),
      attempts: 1,
      errored: false,
      reconnecting: false,
    };
  }

  /** Whether a failure of the current connection attempt is tried again. */
  #mayRetryConnect(): boolean {
    const connect = this.#rare?.connect;
    return (
      connect !== undefined &&
      this.#phase === 'connecting' &&
      !this.#closeRequested &&
      connect.attempts <= connectRetries &&
      Date.now() - connect.startedAt < quickConnectFailureMs
    );
  }

  /**
   * Replaces the failed native client with a new one, opened again: the old one's callbacks are
   * cut (its coming close is node-datachannel's own, confirmed; it is kept referenced until
   * then), and the new one is made on the next tick (never inside a native callback).
   */
  #retryConnect(connect: ConnectAttempts, closedAlready: boolean): void {
    const old = this.#native;
    const oldSlot = this.#slot;
    if (oldSlot) oldSlot.owner = undefined;
    if (closedAlready) {
      // Confirmed already: closed natively again, so that its other callbacks are released.
      this.#closeNativeQuietly(false);
    } else if (oldSlot) {
      retiredNatives.set(oldSlot, old);
    }
    this.#slot = undefined;
    connect.reconnecting = true;
    setImmediate(() => {
      connect.reconnecting = false;
      if (this.#phase === 'closed') {
        // Closed meanwhile: no native object of its own is left (the old one closes by itself).
        this.#release();
        return;
      }
      connect.attempts++;
      connect.startedAt = Date.now();
      connect.errored = false;
      let next: NativeChannelSlots;
      try {
        next = connect.reconnect();
      } catch (error) {
        this.#callbacks.error(`WebSocket connection failed: ${describeError(error)}`);
        this.#finish();
        this.#release();
        return;
      }
      this.#native = next as NativeChannelSlots & NativeSender;
      const slot = new ChannelLifetime.#Slot<M>(this);
      this.#slot = slot;
      installChannelCallbacks<M>(next, slot, this.#report, this.#lowInstalled);
    });
  }

  /** Closes the channel from this side. Idempotent; does nothing after the remote side closed it. */
  close(options: CloseOptions = {}): void {
    if (this.#neverOpened) {
      if (!this.#settled && !this.#closeRequested) this.#closeNeverOpened();
      return;
    }
    if (this.#phase === 'closed') return;
    if (this.#closeRequested) {
      // A close that waits for its confirmation, asked again to report now (C: rtcDelete).
      if (options.notify !== 'on-confirm') this.#finish();
      return;
    }
    this.#closeRequested = true;
    markClosing(this);
    if (this.#rare?.connect?.reconnecting) {
      // Between two connection attempts: the next one is not made (see #retryConnect).
      this.#finish();
      return;
    }
    // When the remote side is already closing (it was open, and is no longer), the native
    // close event is on its way; closing natively now would drop node-datachannel's last
    // reference and that event with it, leaving a callback that keeps the process alive.
    const wasOpen = this.#phase === 'open';
    const force = options.force === true;
    if (wasOpen && this.#accepted) {
      setTimeout(() => {
        if (!this.#settled && this.nativeIsOpen()) this.#closeNativeQuietly(force);
      }, acceptedCloseDelayMs);
    } else if (!(wasOpen && !this.nativeIsOpen())) {
      this.#closeNativeQuietly(force);
    }
    if (options.notify !== 'on-confirm') this.#finish();
    if (this.kind === 'WebSocket') {
      setTimeout(() => {
        if (!this.#settled && !this.nativeIsOpen()) this.#release(false);
      }, lostWebSocketCloseMs).unref();
    }
  }

  /**
   * Closes a client WebSocket whose `open()` was never called (or threw). libdatachannel's
   * `close()` does nothing to a socket that never opened, so node-datachannel would never
   * confirm it and would keep it (and rxdc its native object, see unconfirmed-release.ts) until
   * `cleanup()`: a server making such sockets all the time would hold more and more. It is
   * opened instead to port 0 of the loopback address, which nothing can listen on: the connect
   * is refused at once, and libdatachannel closes and confirms it (measured: 5 of 5, and every
   * one of 20,000 in the test child). Abandoned as before if even that open throws.
   */
  #closeNeverOpened(): void {
    this.#closeRequested = true;
    markClosing(this);
    try {
      (this.#native as { open?(url: string): void }).open?.(neverOpenedCloseUrl);
    } catch {
      this.abandon();
      return;
    }
    this.#finish();
    setTimeout(() => {
      if (!this.#settled) this.#release(false);
    }, lostWebSocketCloseMs).unref();
  }

  /**
   * Closes the channel because its peer connection is closing natively. The peer's native
   * close closes and confirms an open channel too, while node-datachannel's handle is still
   * held; releasing the handle here instead could race a close arriving from the remote side
   * (libdatachannel drops the callbacks of a released handle, the close event with it). A
   * channel that never opened is closed natively at once: the peer's close does not confirm it.
   */
  closeWithPeer(): void {
    if (this.#phase !== 'open') {
      this.close();
      return;
    }
    if (this.#closeRequested) return;
    this.#closeRequested = true;
    markClosing(this);
    this.#finish();
  }

  /**
   * Ends a channel that its peer's close did not confirm, once that close is long done (nothing
   * can race it any more, and no confirmation will come): see {@link ChannelLifetime.abandon}.
   * Does nothing to a confirmed channel.
   */
  closeNativeIfUnconfirmed(): void {
    if (!this.#settled) this.abandon();
  }

  /** Resolves once node-datachannel has confirmed the close and released the channel. */
  whenReleased(): Promise<void> {
    if (this.#settled) return Promise.resolve();
    const rare = this.#rareState();
    rare.releasedWaiters ??= [];
    const waiters = rare.releasedWaiters;
    return new Promise((resolve) => waiters.push(resolve));
  }

  /**
   * Sets the native buffered-amount-low slot if it is not set yet (with `lazyBufferedAmountLow`,
   * call it when someone starts listening). Nothing once closed. @internal
   */
  watchBufferedAmountLow(): void {
    if (this.#lowInstalled || this.#phase === 'closed' || !this.#slot) return;
    this.#lowInstalled = true;
    installBufferedAmountLowCallback(this.#native, this.#slot, this.#report);
  }

  /**
   * Keeps this channel in `channels` (its peer's) until it finishes: no listener closure per
   * channel, unlike {@link onFinished}. @internal
   */
  tieTo(channels: Set<ChannelLifetime>): void {
    if (this.#phase === 'closed') return;
    channels.add(this as unknown as ChannelLifetime);
    this.#tiedTo = channels;
  }

  /** Calls `listener` once, when the channel closes (at once if it already has). @internal */
  onFinished(listener: () => void): void {
    if (this.#phase === 'closed') listener();
    else {
      const rare = this.#rareState();
      if (rare.finishedListeners) rare.finishedListeners.push(listener);
      else rare.finishedListeners = [listener];
    }
  }

  /**
   * Checks an incoming channel or track (one the remote side opened) after its callbacks are
   * installed: true when it is not closed (a data channel is handed over open, a track before
   * it opens). False when it closed natively before that (libdatachannel then loses its close
   * event for good: its `close()` wipes the stored event), in which case it is
   * {@link ChannelLifetime.abandon | abandoned} and must not be handed out. The face still
   * reports the open with {@link ChannelLifetime.openIfAlreadyOpen} when it is ready to.
   */
  keepIfNotClosed(): boolean {
    if (this.kind === 'Track') {
      let closed = true;
      try {
        closed = this.#native.isClosed?.() ?? false;
      } catch {
        // Destroyed natively: closed.
      }
      if (!closed) return true;
    } else if (this.nativeIsOpen()) return true;
    // A close that arrived between the install and this check already settled it.
    this.abandon();
    return false;
  }

  /**
   * Ends a channel whose close node-datachannel will never confirm (closed before its callbacks
   * were installed, a WebSocket client never opened, a channel of a closed peer still
   * unconfirmed after the grace period): closes it natively, reports it closed, releases it from
   * the registry, and cuts its callbacks so that garbage collection can free the native object
   * (it then stops keeping the process alive). Idempotent.
   */
  abandon(): void {
    this.#closeRequested = true;
    this.#closeNativeQuietly(false);
    this.#finish();
    this.#release(false);
    if (this.#slot) this.#slot.owner = undefined;
    this.#slot = undefined;
  }

  /** The holder the native callbacks call through (see the constructor). */
  static readonly #Slot = class ChannelSlot<T> implements ChannelCallbacks<T> {
    owner: ChannelLifetime<T> | undefined;
    constructor(owner: ChannelLifetime<T>) {
      this.owner = owner;
    }
    message(message: T): void {
      const owner = this.owner;
      if (owner) owner.#handleMessage(message);
    }
    open(): void {
      const owner = this.owner;
      if (owner) owner.#handleOpen();
    }
    error(reason: string): void {
      const owner = this.owner;
      if (owner) owner.#handleError(reason);
    }
    bufferedAmountLow(): void {
      const owner = this.owner;
      if (owner) owner.#handleBufferedAmountLow();
    }
    closed(): void {
      const owner = this.owner;
      if (owner) owner.#handleNativeClosed();
      else {
        const retired = retiredNatives.get(this);
        if (!retired) return;
        // Closed natively again: node-datachannel released only its closed callback.
        try {
          (retired as { close(): void }).close();
        } catch {
          // Already destroyed natively.
        }
        retiredNatives.delete(this);
      }
    }
  };

  #handleMessage(message: M): void {
    if (this.#phase === 'closed') return;
    if (this.#phase === 'connecting') this.#handleOpen();
    const limit = this.#receiveLimit;
    if (limit !== undefined && isOverReceiveLimit(message, limit)) {
      this.#handleTooLarge(limit);
      return;
    }
    // rxdc's own media handlers (PLI, REMB) and the interceptor see each packet first: the
    // interceptor may replace or drop it before it is delivered or held.
    const media = this.#media;
    if (media?.hasIncomingWork) {
      const passed = media.incoming(message as Buffer);
      if (passed === undefined) return;
      message = passed as M;
    }
    const divert = this.#divert;
    if (divert ? divert(message) : this.#callbacks.divert?.(message)) return;
    if (this.#reading) {
      this.#callbacks.message(message);
      return;
    }
    const held = this.#hold();
    const wasEmpty = held.count === 0;
    if (!held.push(message)) {
      this.#handleHoldOverflow(held);
      return;
    }
    if (wasEmpty) this.#callbacks.held?.();
  }

  /**
   * Nobody read and the hold is full: the policy is to report `HOLD_OVERFLOW` once, as the
   * channel's error (after what was held, which stays readable), and close the channel: a
   * stream with a hole in it would be worse than an ended one.
   */
  #handleHoldOverflow(held: BoundedHold<unknown>): void {
    const error = held.overflowError(
      this.#describe?.() ?? this.#callbacks.describe?.() ?? this.kind,
    );
    this.#callbacks.error(error.message, error);
    this.close();
  }

  #hold(): BoundedHold<unknown> {
    const current = this.#holdOrLimits;
    if (current instanceof BoundedHold) return current;
    const held = new BoundedHold<unknown>(current ?? defaultHoldLimits, heldSize);
    this.#holdOrLimits = held;
    return held;
  }

  /**
   * Sets how much is held for a missing reader (see {@link HoldLimits}). What is already held
   * is kept, in order; false (nothing changed) when it does not fit the new limits.
   */
  setHoldLimits(limits: {
    maxBytes: number;
    maxCount: number;
    budget?: HoldBudget | undefined;
  }): boolean {
    const current = this.#held;
    // Nothing held yet (the usual case, set at creation): keep the limits, make the hold when
    // a message has to wait (most channels are read as their messages come).
    if (!current) {
      this.#holdOrLimits = limits;
      return true;
    }
    const next = new BoundedHold<unknown>(limits, heldSize);
    for (const message of current) if (!next.push(message)) return false;
    this.#holdOrLimits = next;
    return true;
  }

  /**
   * Whether someone reads now (core: `messages$` has a subscriber; C: a message callback is
   * set). Turning it on hands the held messages to `callbacks.message` first, in order (even
   * after close: they arrived before it), while it stays on.
   */
  setReading(reading: boolean): void {
    this.#reading = reading;
    const held = this.#held;
    while (this.#reading && held && held.count > 0) this.#callbacks.message(held.shift() as M);
  }

  /** The oldest held message, left held (C's peek); undefined when none. */
  peekHeld(): M | undefined {
    return this.#held?.peek() as M | undefined;
  }

  /** The oldest held message, taken (C's polling receive); undefined when none. */
  takeHeld(): M | undefined {
    return this.#held?.shift() as M | undefined;
  }

  /** Messages held now. */
  get heldCount(): number {
    return this.#held?.count ?? 0;
  }

  /** Bytes held now (text counted in UTF-8). */
  get heldBytes(): number {
    return this.#held?.bytes ?? 0;
  }

  /** True once the hold overflowed (the channel reported `HOLD_OVERFLOW` and closed). */
  get holdOverflowed(): boolean {
    return this.#held?.overflowed === true;
  }

  /**
   * The largest message {@link ChannelLifetime.send} takes, in bytes: the one effective limit
   * (see {@link effectiveMessageLimit}), read once when the channel opens; 0 unless open.
   */
  get maxMessageSize(): number {
    return this.#phase === 'open' ? (this.#maxMessageSize ?? 0) : 0;
  }

  /**
   * Sends a message (see {@link SendData}): text as text, anything binary as its bytes (a view,
   * never a copy). Checks, in this order: the type and a detached buffer (`INVALID_ARGUMENT`),
   * the state (`NOT_OPEN` before open, `CLOSED` after close), the size (`MESSAGE_TOO_LARGE`
   * over {@link ChannelLifetime.maxMessageSize}). A message that cannot go out at once is
   * queued natively (see `bufferedAmount`), never dropped: the native `false` means queued.
   *
   * @throws {@link RtcError} as above; `CLOSED` when the channel closed natively while sending,
   * `NATIVE_FAILURE` when node-datachannel refuses it for another reason.
   * @example
   * ```ts
   * import type { ChannelLifetime } from '@rxdc/native';
   * declare const lifetime: ChannelLifetime;
   * lifetime.send(new Float32Array([1, 2, 3]));
   * ```
   */
  send(data: SendData): void {
    const message = sendBytes(data);
    // An incoming channel is open natively before its face is told (C: inside the data-channel
    // callback): sending then is allowed, as libdatachannel allows it.
    if (this.#phase !== 'open' && !(this.#phase === 'connecting' && this.nativeIsOpen())) {
      throw this.#notOpenError();
    }
    this.#maxMessageSize ??= this.#readSendLimit();
    const limit = this.#maxMessageSize;
    const size = sizeOver(message, limit);
    if (size >= 0) {
      throw new RtcError(
        'MESSAGE_TOO_LARGE',
        `message of ${size} bytes exceeds this ${this.kind}'s maxMessageSize of ${limit} bytes: ` +
          'split it, or send it through a framed channel from @rxdc/rx',
      );
    }
    const native = this.#native;
    try {
      if (typeof message === 'string') native.sendMessage?.(message);
      // node-datachannel's Track types its binary send as a Buffer: a view, not a copy.
      else if (this.kind === 'Track')
        native.sendMessageBinary?.(
          Buffer.from(message.buffer, message.byteOffset, message.byteLength),
        );
      else native.sendMessageBinary?.(message);
    } catch (error) {
      if (!this.nativeIsOpen()) {
        throw new RtcError('CLOSED', `${this.kind} closed before the message could be sent`, {
          cause: error,
        });
      }
      throw new RtcError('NATIVE_FAILURE', `send failed: ${describeError(error)}`, {
        cause: error,
      });
    }
  }

  #readSendLimit(): number {
    try {
      const nativeMax = this.#native.maxMessageSize?.() ?? Number.POSITIVE_INFINITY;
      return effectiveMessageLimit(nativeMax, this.#receiveLimit);
    } catch {
      return 0; // destroyed natively as it opened: nothing can be sent
    }
  }

  #notOpenError(): RtcError {
    return this.#phase === 'closed'
      ? new RtcError('CLOSED', `${this.kind} is closed: open a new one to send again`)
      : new RtcError(
          'NOT_OPEN',
          `${this.kind} is not open yet: wait for open$ (or the 'open' event, or the open callback) before sending`,
        );
  }

  /**
   * A message over the receive limit (libdatachannel cut it): never delivered as if whole. The
   * policy: report `MESSAGE_TOO_LARGE` on the channel, then close it (later messages are not
   * delivered either: the stream would have a hole).
   */
  #handleTooLarge(limit: number): void {
    const error = receivedTooLargeError(this.kind, limit);
    this.#callbacks.error(error.message, error);
    this.close();
  }

  /** The largest message this channel delivers, in bytes (undefined for a track). */
  get receiveLimit(): number | undefined {
    return this.#receiveLimit;
  }

  #handleError(reason: string): void {
    if (this.#phase === 'closed') return;
    const connect = this.#rare?.connect;
    if (connect && reason === 'TCP connection failed' && this.#mayRetryConnect()) {
      this.#retryConnect(connect, false);
      return;
    }
    if (connect) connect.errored = true;
    const attempts = connect && connect.attempts > 1 ? ` (${connect.attempts} attempts)` : '';
    this.#callbacks.error(explainNativeError(reason) + attempts);
  }

  #handleBufferedAmountLow(): void {
    if (this.#phase !== 'closed') this.#callbacks.bufferedAmountLow();
  }

  #handleOpen(): void {
    if (this.#phase !== 'connecting') return;
    this.#maxMessageSize ??= this.#readSendLimit();
    this.#phase = 'open';
    this.#callbacks.open();
  }

  #handleNativeClosed(): void {
    if (this.#settled) {
      // Settled unconfirmed after a grace period, and confirmed after all: nothing to keep
      // (closed natively again, as below, to release its other callbacks).
      this.#closeNativeQuietly(false);
      confirmedLate(this.#native);
      return;
    }
    const connect = this.#rare?.connect;
    if (connect && !connect.errored && this.#mayRetryConnect()) {
      // Closed before it opened, without an error: the same lost connection as above.
      this.#retryConnect(connect, true);
      return;
    }
    this.#finish();
    // When the remote side closed, node-datachannel releases only the closed callback; the
    // others (message, open, error, ...) stay registered and keep the process alive until the
    // channel is closed from JavaScript too.
    this.#closeNativeQuietly(false);
    this.#release();
  }

  #finish(): void {
    if (this.#phase === 'closed') return;
    this.#phase = 'closed';
    this.#media?.release();
    this.#tiedTo?.delete(this as unknown as ChannelLifetime);
    this.#tiedTo = undefined;
    const rare = this.#rare;
    const listeners = rare?.finishedListeners;
    if (rare) rare.finishedListeners = undefined;
    for (const listener of listeners ?? []) listener();
    this.#callbacks.closed();
  }

  /** An accepted socket (its native close is shadowed, see the constructor). */
  get #accepted(): boolean {
    return this.#closeNative !== undefined;
  }

  #closeNativeQuietly(force: boolean): void {
    try {
      if (force && this.#native.forceClose) this.#native.forceClose();
      else if (this.#closeNative) this.#closeNative();
      else this.#native.close();
    } catch {
      // Already destroyed natively: closing is still final here.
    }
  }

  /** `confirmed` false: node-datachannel still holds its callbacks (see settleUnconfirmed). */
  #release(confirmed = true): void {
    if (this.#settled) return;
    this.#settled = true;
    if (confirmed) settle(this);
    else settleUnconfirmed(this, this.#native);
    const rare = this.#rare;
    const waiters = rare?.releasedWaiters;
    if (rare) rare.releasedWaiters = undefined;
    for (const wake of waiters ?? []) wake();
  }
}
