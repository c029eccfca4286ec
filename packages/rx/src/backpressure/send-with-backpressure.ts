import type { Sendable } from '@rxdc/core';
import { Observable, type OperatorFunction } from 'rxjs';
import {
  type Check,
  checkArgument,
  checkOptions,
  FLOW_OPTIONS,
  isFlowChannel,
} from '../errors/argument-checks.js';
import { isClosedFailure } from '../errors/closed-failure.js';
import { RxError } from '../errors/rx-error.js';
import { BoundedQueue, type OverflowPolicy, QUEUE_OPTIONS } from './bounded-queue.js';
import { DrainWatch } from './drain-watch.js';
import {
  byteSize,
  type FlowChannel,
  type FlowOptions,
  resolveFlow,
  type SendProgress,
} from './flow-channel.js';
import { type PumpFeed, type PumpTarget, pumpSends } from './send-pump.js';

/**
 * Options of {@link sendWithBackpressure}.
 *
 * @example
 * ```ts
 * const options: SendOptions = { highWaterMark: 2 << 20, queueLimit: 32 << 20, overflow: 'error' };
 * ```
 */
export interface SendOptions extends FlowOptions {
  /** Bytes a push source may get ahead of the channel before the overflow policy applies. Default 16 MiB. */
  queueLimit?: number;
  /** What to do when the queue is full. Default `'error'` (`QUEUE_OVERFLOW`, naming the limit). */
  overflow?: OverflowPolicy;
}

/** The checks of {@link SendOptions}. @internal */
export const SEND_OPTIONS: Readonly<Record<string, Check>> = {
  ...FLOW_OPTIONS,
  queueLimit: QUEUE_OPTIONS.queueLimit as Check,
  overflow: QUEUE_OPTIONS.overflow as Check,
};

/**
 * Sends every message of the source into `channel` without ever letting the channel's
 * buffered amount pass the high-water mark (default 1 MiB), resuming on `bufferedAmountLow$`.
 * Messages that arrive while the channel is full (or not open yet) wait in a bounded queue
 * (default 16 MiB, overflow policy `'error'`).
 *
 * Emits {@link SendProgress} after each batch handed over, and completes once the source has
 * completed and everything sent has left the channel's buffer. Fails with `CHANNEL_CLOSED` if
 * the channel closes first. Unsubscribing stops sending (what the channel holds still goes out).
 * For sources that can be paused (files, generators, streams) use {@link sendFrom}, which
 * never queues.
 *
 * One sender per channel at a time: it owns the channel's `bufferedAmountLowThreshold`.
 *
 * @example
 * ```ts
 * import { sendWithBackpressure } from '@rxdc/rx';
 * chunks$.pipe(sendWithBackpressure(channel)).subscribe({
 *   next: ({ sentBytes }) => bar.update(sentBytes),
 *   complete: () => console.log('all sent'),
 * });
 * ```
 */
export function sendWithBackpressure(
  channel: FlowChannel,
  options: SendOptions = {},
): OperatorFunction<Sendable, SendProgress> {
  const where = 'sendWithBackpressure(channel, options)';
  checkArgument(where, 'channel', channel, isFlowChannel);
  checkOptions(where, options, SEND_OPTIONS);
  const flow = resolveFlow(options, where);
  return (source) =>
    new Observable<SendProgress>((subscriber) => {
      const queue = new BoundedQueue<Sendable>({
        sizeOf: byteSize,
        ...(options.queueLimit !== undefined && { queueLimit: options.queueLimit }),
        ...(options.overflow !== undefined && { overflow: options.overflow }),
      });
      let sentBytes = 0;
      let sentMessages = 0;
      let sourceDone = false;
      let finishing = false;
      let ready = channel.isOpen;

      const progress = (done: boolean): SendProgress => ({
        sentBytes,
        sentMessages,
        bufferedBytes: done ? 0 : channel.bufferedAmount,
        queuedBytes: queue.size,
        droppedMessages: queue.dropped,
        done,
      });

      // The shared send pump, counting what the channel accepted.
      let size = 0;
      const feed: PumpFeed<Sendable> = {
        nextSize: () => {
          if (queue.length === 0) return undefined;
          size = queue.peekSize();
          return size;
        },
        take: () => queue.shift() as Sendable,
      };
      const target: PumpTarget<Sendable> = {
        send: (message) => {
          channel.send(message);
          sentBytes += size;
          sentMessages++;
        },
        get bufferedAmount() {
          return channel.bufferedAmount;
        },
      };

      const pump = (): void => {
        if (!ready || subscriber.closed) return;
        const before = sentMessages;
        try {
          pumpSends(target, flow.high, feed);
        } catch (error) {
          subscriber.error(isClosedFailure(channel, error) ? closedError(error) : error);
          return;
        }
        if (sentMessages > before) subscriber.next(progress(false));
        if (queue.length > 0) watch.arm();
        else if (sourceDone && !finishing) {
          finishing = true;
          watch.whenEmpty(() => {
            if (channel.isClosed && channel.bufferedAmount !== 0) return;
            subscriber.next(progress(true));
            subscriber.complete();
          });
        }
      };

      const closedError = (cause?: unknown): RxError =>
        new RxError(
          'CHANNEL_CLOSED',
          `channel closed after ${sentBytes} bytes were handed over, with ${queue.size} bytes still queued: ` +
            'nothing more can be sent on it',
          cause === undefined ? undefined : { cause },
        );
      const watch = new DrainWatch(channel, flow, pump);
      const closedSub = channel.closed$.subscribe(() => {
        if (subscriber.closed) return;
        subscriber.error(closedError());
      });
      const openSub = ready
        ? undefined
        : channel.open$.subscribe({
            next: () => {
              ready = true;
              pump();
            },
            error: (error) => subscriber.error(error),
          });

      const sourceSub = source.subscribe({
        next: (message) => {
          try {
            queue.push(message);
          } catch (error) {
            return subscriber.error(error);
          }
          // Send at once when nothing is waiting ahead of it and there is room.
          if (queue.length === 1) pump();
        },
        error: (error) => subscriber.error(error),
        complete: () => {
          sourceDone = true;
          pump();
        },
      });

      return () => {
        sourceSub.unsubscribe();
        openSub?.unsubscribe();
        closedSub.unsubscribe();
        watch.dispose();
        queue.clear();
      };
    });
}
