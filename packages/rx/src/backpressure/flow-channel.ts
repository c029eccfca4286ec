import type { Sendable } from '@rxdc/core';
import type { Observable } from 'rxjs';
import { checkArgument, wholeNumber } from '../errors/argument-checks.js';
import { RxError } from '../errors/rx-error.js';

/**
 * What backpressure needs of a channel: the part of `@rxdc/core`'s `Channel` (DataChannel,
 * WebSocket) used to send with flow control. Any core channel satisfies it.
 *
 * @example
 * ```ts
 * import type { FlowChannel } from '@rxdc/rx';
 * const target: FlowChannel = peer.createDataChannel('files');
 * ```
 */
export interface FlowChannel {
  /**
   * Hands a message to the channel. A message that cannot go out at once is queued in the
   * channel's buffer (and counted in `bufferedAmount`), never dropped; throws once the channel
   * is closed.
   */
  send(data: Sendable): void;
  /** Bytes handed to the channel and not yet sent on the network (0 once closed). */
  readonly bufferedAmount: number;
  /**
   * The buffered amount at or below which `bufferedAmountLow$` emits. A sender owns it while it
   * runs (it sets it to its low-water mark, and to 0 while waiting for the buffer to empty).
   */
  bufferedAmountLowThreshold: number;
  /** The largest message `send` accepts, in bytes; 0 until the channel is open. */
  readonly maxMessageSize: number;
  /** True while the channel is open: senders wait for `open$` before the first send. */
  readonly isOpen: boolean;
  /** True once the channel is closed, by either side: senders stop with `CHANNEL_CLOSED`. */
  readonly isClosed: boolean;
  /** Emits once when the channel is open (at once if it already is), then completes. */
  readonly open$: Observable<void>;
  /** Emits once when the channel is closed (at once if it already is), then completes. */
  readonly closed$: Observable<void>;
  /** Emits each time the buffered amount falls to or below `bufferedAmountLowThreshold`. */
  readonly bufferedAmountLow$: Observable<void>;
}

/**
 * Flow-control settings shared by every sender.
 *
 * @example
 * ```ts
 * const options: FlowOptions = { highWaterMark: 4 * 1024 * 1024 };
 * ```
 */
export interface FlowOptions {
  /** The channel's buffered amount never passes this many bytes. Default 1 MiB. */
  highWaterMark?: number;
  /**
   * Sending resumes when the buffered amount falls to this many bytes (the channel's
   * `bufferedAmountLowThreshold` is set to it). Default three quarters of `highWaterMark`:
   * refilling while a good part of the buffer is still queued keeps the channel from running
   * dry while the wake-up travels from the network thread to JavaScript (with a quarter, a
   * loaded loopback transfer found the buffer already empty at a quarter of its refills).
   */
  lowWaterMark?: number;
}

/**
 * Progress of a send, reported after each batch handed to the channel: enough to draw a
 * progress bar.
 *
 * @example
 * ```ts
 * sendFrom(channel, file).subscribe(({ sentBytes, bufferedBytes }) =>
 *   console.log(`${sentBytes - bufferedBytes} bytes on the wire`),
 * );
 * ```
 */
export interface SendProgress {
  /** Bytes handed over to the channel so far. */
  readonly sentBytes: number;
  /** Messages handed over to the channel so far. */
  readonly sentMessages: number;
  /** Bytes the channel still holds (its `bufferedAmount`); 0 in the last report. */
  readonly bufferedBytes: number;
  /** Bytes waiting in the bounded queue, not yet handed to the channel (push sources). */
  readonly queuedBytes: number;
  /** Messages dropped by a `drop-*` overflow policy. */
  readonly droppedMessages: number;
  /** True in the last report: everything sent has left the channel's buffer. */
  readonly done: boolean;
}

/** Default high-water mark: 1 MiB. @internal */
const DEFAULT_HIGH_WATER_MARK = 1024 * 1024;

/** Resolved flow settings. @internal */
export interface Flow {
  readonly high: number;
  readonly low: number;
}

/**
 * The flow settings of `options` (already checked by `checkOptions` with `FLOW_OPTIONS`);
 * `where` names the function for the error when `lowWaterMark` is not below `highWaterMark`.
 *
 * @internal
 */
export function resolveFlow(options: FlowOptions = {}, where = 'flow options'): Flow {
  const high = options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK;
  checkArgument(
    where,
    'options.highWaterMark',
    high,
    wholeNumber(1, Number.MAX_SAFE_INTEGER, ' of bytes'),
  );
  const low = options.lowWaterMark ?? Math.floor((high * 3) / 4);
  if (!Number.isSafeInteger(low) || low < 0 || low >= high) {
    throw new RxError(
      'INVALID_ARGUMENT',
      `${where}: options.lowWaterMark must be a whole number of bytes >= 0 and below highWaterMark (${high}), got ${String(low)}`,
    );
  }
  return { high, low };
}

/** The size in bytes of a message as the channel counts it. @internal */
export function byteSize(data: Sendable): number {
  return typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
}
