import {
  type ChannelCallbacks,
  installChannelCallbacks,
  type NativeChannelSlots,
} from '../callbacks/install-channel-callbacks.js';
import type { ThrowReporter } from '../errors/guarded.js';
import { explainNativeError } from '../errors/native-error-reason.js';
import { isOverReceiveLimit, receivedTooLargeError } from '../messages/size-check.js';
import type { LiveObject } from './process-store.js';
import { keepAlive, markClosing, settle } from './registry.js';
import { settleUnconfirmed } from './unconfirmed-release.js';

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
  readonly #closeNative: () => void;
  readonly #accepted: boolean;
  readonly #receiveLimit: number | undefined;
  #phase: ChannelPhase = 'connecting';
  #closeRequested = false;
  #settled = false;
  #neverOpened = false;
  readonly #releasedWaiters: Array<() => void> = [];
  readonly #finishedListeners: Array<() => void> = [];
  #slot: { owner: ChannelLifetime<M> | undefined } | undefined;

  constructor(
    kind: 'DataChannel' | 'Track' | 'WebSocket',
    native: NativeChannelSlots,
    callbacks: ChannelCallbacks<M>,
    options: ChannelLifetimeOptions,
  ) {
    this.kind = kind;
    this.#native = native;
    this.#callbacks = callbacks;
    this.#accepted = options.accepted === true;
    this.#receiveLimit = options.receiveLimit;
    // Kept aside before an accepted socket's own close is shadowed below.
    this.#closeNative = native.close.bind(native);
    keepAlive(this);
    // The installed closures reach this lifetime through a holder that is cut when the channel
    // is abandoned: node-datachannel keeps each closure as a GC root while its callback is
    // registered, and an abandoned native object is released only when it is collected.
    const slot: { owner: ChannelLifetime<M> | undefined } = { owner: this };
    this.#slot = slot;
    installChannelCallbacks<M>(
      native,
      {
        message: (message) => {
          if (slot.owner) slot.owner.#handleMessage(message);
        },
        open: () => {
          if (slot.owner) slot.owner.#handleOpen();
        },
        error: (reason) => {
          if (slot.owner) slot.owner.#handleError(reason);
        },
        bufferedAmountLow: () => {
          if (slot.owner) slot.owner.#handleBufferedAmountLow();
        },
        closed: () => {
          if (slot.owner) slot.owner.#handleNativeClosed();
        },
      },
      options.report,
    );
    if (this.#accepted) {
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

  /**
   * True for a client WebSocket whose `open()` was not called (or threw): node-datachannel never
   * confirms its close, so {@link ChannelLifetime.close} abandons it at once, whoever closes it
   * (the face, or `closeEverything()` through the registry). The face sets it.
   */
  set neverOpened(value: boolean) {
    this.#neverOpened = value;
  }

  /** Closes the channel from this side. Idempotent; does nothing after the remote side closed it. */
  close(options: CloseOptions = {}): void {
    if (this.#neverOpened) {
      if (!this.#settled) this.abandon();
      return;
    }
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
        if (!this.#settled && !this.nativeIsOpen()) this.#release(false);
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
    return new Promise((resolve) => this.#releasedWaiters.push(resolve));
  }

  /** Calls `listener` once, when the channel closes (at once if it already has). @internal */
  onFinished(listener: () => void): void {
    if (this.#phase === 'closed') listener();
    else this.#finishedListeners.push(listener);
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
    if (this.#phase !== 'closed') this.#callbacks.error(explainNativeError(reason));
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
    for (const listener of this.#finishedListeners.splice(0)) listener();
    this.#callbacks.closed();
  }

  #closeNativeQuietly(force: boolean): void {
    try {
      if (force && this.#native.forceClose) this.#native.forceClose();
      else this.#closeNative();
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
    for (const wake of this.#releasedWaiters.splice(0)) wake();
  }
}
