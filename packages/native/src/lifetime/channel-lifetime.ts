import {
  type ChannelCallbacks,
  installBufferedAmountLowCallback,
  installChannelCallbacks,
  type NativeChannelSlots,
} from '../callbacks/install-channel-callbacks.js';
import type { ThrowReporter } from '../errors/guarded.js';
import { isOverReceiveLimit, receivedTooLargeError } from '../messages/size-check.js';
import type { LiveObject } from './process-store.js';
import { keepAlive, markClosing, settle } from './registry.js';

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
   * Set the native buffered-amount-low slot only when {@link ChannelLifetime.watchBufferedAmountLow}
   * is called (someone listens), not at once: a closure and a native handle less per channel.
   */
  readonly lazyBufferedAmountLow?: boolean;
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
 * not bring it back). It is settled, so that `liveObjects()` and the cleanup gate stop waiting.
 */
const lostWebSocketCloseMs = 2000;

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
 * - a server's `stop()` never closes an accepted socket behind its lifetime's back.
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
  readonly #native: NativeChannelSlots & { forceClose?(): void };
  readonly #callbacks: ChannelCallbacks<M>;
  /** The native close, kept aside when it is shadowed (an accepted socket); else undefined. */
  readonly #closeNative: (() => void) | undefined;
  readonly #receiveLimit: number | undefined;
  #phase: ChannelPhase = 'connecting';
  #closeRequested = false;
  #settled = false;
  // Made on first use (most channels never have a waiter): a server holds thousands.
  #releasedWaiters: Array<() => void> | undefined;
  #finishedListeners: Array<() => void> | undefined;
  #slot: (ChannelCallbacks<M> & { owner: ChannelLifetime<M> | undefined }) | undefined;
  /** The set of its peer's channels this one leaves when it finishes (see {@link tieTo}). */
  #tiedTo: Set<ChannelLifetime> | undefined;
  readonly #report: ThrowReporter;
  /** Whether the native buffered-amount-low slot is set (see `lazyBufferedAmountLow`). */
  #lowInstalled: boolean;

  constructor(
    kind: 'DataChannel' | 'Track' | 'WebSocket',
    native: NativeChannelSlots,
    callbacks: ChannelCallbacks<M>,
    options: ChannelLifetimeOptions,
  ) {
    this.kind = kind;
    this.#native = native;
    this.#callbacks = callbacks;
    this.#receiveLimit = options.receiveLimit;
    // Kept aside before an accepted socket's own close is shadowed below.
    this.#closeNative = options.accepted === true ? native.close.bind(native) : undefined;
    keepAlive(this);
    // The installed closures reach this lifetime through a holder that is cut when the channel
    // is abandoned: node-datachannel keeps each closure as a GC root while its callback is
    // registered, and an abandoned native object is released only when it is collected. The
    // holder is one object whose methods are on its prototype (not five closures per channel).
    const slot = new ChannelLifetime.#Slot<M>(this);
    this.#slot = slot;
    this.#report = options.report;
    this.#lowInstalled = options.lazyBufferedAmountLow !== true;
    installChannelCallbacks<M>(native, slot, options.report, this.#lowInstalled);
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

  /** Closes the channel from this side. Idempotent; does nothing after the remote side closed it. */
  close(options: CloseOptions = {}): void {
    if (this.#closeRequested || this.#phase === 'closed') return;
    this.#closeRequested = true;
    markClosing(this);
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
        if (!this.#settled && !this.nativeIsOpen()) this.#release();
      }, lostWebSocketCloseMs).unref();
    }
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
    this.#releasedWaiters ??= [];
    const waiters = this.#releasedWaiters;
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
    else if (this.#finishedListeners) this.#finishedListeners.push(listener);
    else this.#finishedListeners = [listener];
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
    this.#release();
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
    this.#callbacks.message(message);
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
    if (this.#phase !== 'closed') this.#callbacks.error(reason);
  }

  #handleBufferedAmountLow(): void {
    if (this.#phase !== 'closed') this.#callbacks.bufferedAmountLow();
  }

  #handleOpen(): void {
    if (this.#phase !== 'connecting') return;
    this.#phase = 'open';
    this.#callbacks.open();
  }

  #handleNativeClosed(): void {
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
    this.#tiedTo?.delete(this as unknown as ChannelLifetime);
    this.#tiedTo = undefined;
    const listeners = this.#finishedListeners;
    this.#finishedListeners = undefined;
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

  #release(): void {
    if (this.#settled) return;
    this.#settled = true;
    settle(this);
    const waiters = this.#releasedWaiters;
    this.#releasedWaiters = undefined;
    for (const wake of waiters ?? []) wake();
  }
}
