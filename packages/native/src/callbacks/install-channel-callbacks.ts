import { reportQuietly, type ThrowReporter } from '../errors/guarded.js';
import type { RtcError } from '../errors/rtc-error.js';

/**
 * The callback slots node-datachannel's DataChannel, Track and WebSocket share.
 *
 * @example
 * ```ts
 * import type { NativeChannelSlots } from '@rxdc/native';
 * type Closable = Pick<NativeChannelSlots, 'close' | 'onClosed'>;
 * ```
 */
export interface NativeChannelSlots {
  /** Closes the native channel. */
  close(): void;
  /** True while the native channel is open. */
  isOpen(): boolean;
  /** True once the native track is closed (tracks only). */
  isClosed?(): boolean;
  /** Sets the open slot. */
  onOpen(callback: () => void): void;
  /** Sets the closed slot (it releases the native side's resources). */
  onClosed(callback: () => void): void;
  /** Sets the error slot. */
  onError(callback: (error: string) => void): void;
  /** Sets the buffered-amount-low slot (data channels and WebSockets). */
  onBufferedAmountLow?(callback: () => void): void;
  /** Sets the message slot. */
  // biome-ignore lint/suspicious/noExplicitAny: each kind of channel types its messages differently
  onMessage(callback: (message: any) => void): void;
}

/**
 * What a channel's native callbacks are handed to.
 *
 * @example
 * ```ts
 * import type { ChannelCallbacks } from '@rxdc/native';
 * const log: ChannelCallbacks<string> = {
 *   message: (m) => console.log(m), open: () => {}, error: () => {}, bufferedAmountLow: () => {}, closed: () => {},
 * };
 * ```
 */
export interface ChannelCallbacks<M> {
  /** A message arrived. */
  message(message: M): void;
  /** The channel opened. */
  open(): void;
  /** The channel reported an error; `error` is rxdc's own when it found it (a message over the limit). */
  error(reason: string, error?: RtcError): void;
  /** The buffered amount fell to or below its threshold. */
  bufferedAmountLow(): void;
  /** The channel closed. */
  closed(): void;
}

/**
 * Installs every callback slot of a native channel, once, in the one order rxdc uses:
 * message, open, error, bufferedAmountLow, closed. node-datachannel dispatches its callback
 * queues in the order they were created, so messages queued before a close are delivered before
 * it; and an `onError` registered after `onClosed` never receives an error, so error comes
 * before closed. The closed slot is always installed: it releases the native side's resources.
 * Every callback is guarded (see {@link guarded}). `withBufferedAmountLow` false leaves the
 * buffered-amount-low slot for later ({@link installBufferedAmountLowCallback}); `withOpen`
 * false leaves the open slot unset, for a channel that is open already (an incoming data
 * channel): each slot costs a closure and a native handle, and its open event would be ignored.
 *
 * @example
 * ```ts
 * import { installChannelCallbacks, type ChannelCallbacks, type NativeChannelSlots } from '@rxdc/native';
 * declare const native: NativeChannelSlots;
 * declare const callbacks: ChannelCallbacks<string | Buffer>;
 * installChannelCallbacks(native, callbacks, console.error);
 * ```
 */
export function installChannelCallbacks<M>(
  native: NativeChannelSlots,
  callbacks: ChannelCallbacks<M>,
  report: ThrowReporter,
  withBufferedAmountLow = true,
  withOpen = true,
): void {
  // One closure per slot, each guarded inline: they share this call's scope, where guarded()
  // would add a wrapper and a scope per slot (a server holds thousands of channels). The
  // message slot is also the hot path of every receiver: no rest-argument array per message.
  native.onMessage((message: M) => {
    try {
      callbacks.message(message);
    } catch (error) {
      reportQuietly(report, error);
    }
  });
  if (withOpen) {
    native.onOpen(() => {
      try {
        callbacks.open();
      } catch (error) {
        reportQuietly(report, error);
      }
    });
  }
  native.onError((reason: string) => {
    try {
      callbacks.error(String(reason));
    } catch (error) {
      reportQuietly(report, error);
    }
  });
  if (withBufferedAmountLow) installBufferedAmountLowCallback(native, callbacks, report);
  native.onClosed(() => {
    try {
      callbacks.closed();
    } catch (error) {
      reportQuietly(report, error);
    }
  });
}

/**
 * Sets the buffered-amount-low slot alone, guarded like the others: for an owner that sets it
 * only once someone listens (`installChannelCallbacks(..., false)` left it out), since each
 * slot set costs a closure and a native handle per channel.
 *
 * @example
 * ```ts
 * import { installBufferedAmountLowCallback, type ChannelCallbacks, type NativeChannelSlots } from '@rxdc/native';
 * declare const native: NativeChannelSlots;
 * declare const callbacks: ChannelCallbacks<string>;
 * installBufferedAmountLowCallback(native, callbacks, console.error);
 * ```
 */
export function installBufferedAmountLowCallback<M>(
  native: NativeChannelSlots,
  callbacks: ChannelCallbacks<M>,
  report: ThrowReporter,
): void {
  native.onBufferedAmountLow?.(() => {
    try {
      callbacks.bufferedAmountLow();
    } catch (error) {
      reportQuietly(report, error);
    }
  });
}
