import type { Readable } from 'node:stream';
import type { Sendable } from '@rxdc/core';
import { Observable } from 'rxjs';
import {
  type Check,
  checkArgument,
  checkOptions,
  FLOW_OPTIONS,
  isFlowChannel,
} from '../errors/argument-checks.js';
import { isClosedFailure } from '../errors/closed-failure.js';
import { RxError } from '../errors/rx-error.js';
import { DrainWatch } from './drain-watch.js';
import {
  type FlowChannel,
  type FlowOptions,
  resolveFlow,
  type SendProgress,
} from './flow-channel.js';
import { type PumpFeed, type PumpTarget, pumpSends } from './send-pump.js';
import { sendableBytes } from './sendable-bytes.js';

/**
 * A source that is read only as fast as the channel drains: any (async) iterable, such as an
 * async generator or a Node `Readable` (object mode or bytes), or a web `ReadableStream`.
 *
 * @example
 * ```ts
 * const source: PullSource = fs.createReadStream('video.mp4');
 * ```
 */
export type PullSource =
  | AsyncIterable<Sendable>
  | Iterable<Sendable>
  | Readable
  | ReadableStream<Sendable>;

/**
 * Sends a pull source into `channel`, reading the next chunk only when the channel's buffered
 * amount has room below the high-water mark (default 1 MiB). At most one chunk is held
 * in memory by rxdc, whatever the size of the source. Binary chunks larger than the channel's
 * `maxMessageSize` are split (a byte stream has no message boundaries; use a framed channel to
 * keep them).
 *
 * A synchronous iterable is read in the same loop that sends, exactly like a hand-written
 * `bufferedAmountLow` loop; an async iterable, a `Readable` or a `ReadableStream` is awaited
 * chunk by chunk. Emits {@link SendProgress} after each burst of sends (when the channel is
 * full, or when waiting for the source), and completes once the source is exhausted and
 * everything has left the channel's buffer. Fails with `CHANNEL_CLOSED` if the channel closes
 * first. Unsubscribing stops reading and closes the source's iterator (destroying a Readable,
 * cancelling a ReadableStream).
 *
 * @example
 * ```ts
 * import { createReadStream } from 'node:fs';
 * import { sendFrom } from '@rxdc/rx';
 * sendFrom(channel, createReadStream('big.iso', { highWaterMark: 64 * 1024 })).subscribe({
 *   next: ({ sentBytes }) => console.log(sentBytes),
 *   complete: () => console.log('sent and drained'),
 * });
 * ```
 */
export function sendFrom(
  channel: FlowChannel,
  source: PullSource,
  options: FlowOptions = {},
): Observable<SendProgress> {
  const where = 'sendFrom(channel, source, options)';
  checkArgument(where, 'channel', channel, isFlowChannel);
  checkArgument(where, 'source', source, isPullSource);
  checkOptions(where, options, FLOW_OPTIONS);
  const flow = resolveFlow(options, where);
  return new Observable<SendProgress>((subscriber) => {
    const high = flow.high;
    const reader = toReader(source);
    let sentBytes = 0;
    let sentMessages = 0;
    let reportedMessages = 0;
    // The chunk read and not yet fully sent, and how much of it is sent (large chunks go in pieces).
    let chunk: string | Uint8Array | undefined;
    let offset = 0;
    let reading = false;
    let sourceDone = false;
    let stopped = false;

    const report = (): void => {
      if (sentMessages === reportedMessages) return;
      reportedMessages = sentMessages;
      subscriber.next({
        sentBytes,
        sentMessages,
        bufferedBytes: channel.bufferedAmount,
        queuedBytes: 0,
        droppedMessages: 0,
        done: false,
      });
    };
    const fail = (error: unknown): void => {
      if (stopped) return;
      stopped = true;
      subscriber.error(error);
    };
    const closedError = (cause?: unknown): RxError =>
      new RxError(
        'CHANNEL_CLOSED',
        `channel closed after ${sentBytes} bytes were handed over: the rest of the source was not sent`,
        cause === undefined ? undefined : { cause },
      );
    const finish = (): void => {
      report();
      watch.whenEmpty(() => {
        if (stopped) return;
        if (channel.isClosed) return fail(closedError());
        stopped = true;
        subscriber.next({
          sentBytes,
          sentMessages,
          bufferedBytes: 0,
          queuedBytes: 0,
          droppedMessages: 0,
          done: true,
        });
        subscriber.complete();
      });
    };
    const received = (step: IteratorResult<Sendable>): void => {
      reading = false;
      if (step.done) sourceDone = true;
      else {
        try {
          chunk = sendableBytes(step.value, 'sendFrom: a chunk of the source');
        } catch (error) {
          readFailed(error);
          return;
        }
        offset = 0;
      }
      pump();
    };
    const readFailed = (error: unknown): void => {
      reading = false;
      fail(error);
    };

    // The source as a feed of the shared send pump: a synchronous iterable is read in the
    // same loop that sends; a large binary chunk goes in pieces of the channel's maxMessageSize.
    let piece: Sendable = '';
    let pieceSize = 0;
    const feed: PumpFeed<Sendable> = {
      nextSize: () => {
        if (chunk === undefined) {
          if (sourceDone || !reader.sync) return undefined;
          const step = reader.sync.next();
          if (step.done) {
            sourceDone = true;
            return undefined;
          }
          chunk = sendableBytes(step.value, 'sendFrom: a chunk of the source');
          offset = 0;
        }
        piece = chunk;
        const max = channel.maxMessageSize;
        if (typeof chunk !== 'string' && max > 0 && chunk.byteLength - offset > max) {
          piece = chunk.subarray(offset, offset + max);
        } else if (offset > 0) {
          // Only binary chunks are cut (a string is sent whole), so offset > 0 means bytes.
          piece = (chunk as Uint8Array).subarray(offset);
        }
        pieceSize = typeof piece === 'string' ? Buffer.byteLength(piece) : piece.byteLength;
        return pieceSize;
      },
      take: () => piece,
    };
    const target: PumpTarget<Sendable> = {
      send: (message) => {
        channel.send(message);
        sentBytes += pieceSize;
        sentMessages++;
        if (piece === chunk) chunk = undefined;
        else {
          offset += pieceSize;
          if (offset >= (chunk as Uint8Array).byteLength) chunk = undefined;
        }
      },
      get bufferedAmount() {
        return channel.bufferedAmount;
      },
    };

    const pump = (): void => {
      if (stopped || reading || !channel.isOpen) {
        if (!stopped && channel.isClosed) fail(closedError());
        return;
      }
      let stop: 'full' | 'empty';
      try {
        stop = pumpSends(target, high, feed);
      } catch (error) {
        fail(isClosedFailure(channel, error) ? closedError(error) : error);
        return;
      }
      if (stop === 'full') {
        report();
        watch.arm();
      } else if (sourceDone) {
        finish();
      } else {
        // An async source: read the next chunk, then pump again.
        report();
        reading = true;
        (reader.async as AsyncIterator<Sendable>).next().then(received, readFailed);
      }
    };

    const watch = new DrainWatch(channel, flow, pump);
    const closedSub = channel.closed$.subscribe(() => {
      if (!stopped && !sourceDone) fail(closedError());
    });
    const openSub = channel.isOpen
      ? undefined
      : channel.open$.subscribe({ complete: pump, error: fail });
    pump();

    return () => {
      stopped = true;
      watch.dispose();
      closedSub.unsubscribe();
      openSub?.unsubscribe();
      chunk = undefined;
      // Close the source (destroys a Readable, cancels a ReadableStream) when stopped early.
      if (!sourceDone) reader.close();
    };
  });
}

/** What {@link toReader} takes: an (async) iterable object, a Node Readable, a web ReadableStream. */
const isPullSource: Check = (value) =>
  typeof value === 'object' &&
  value !== null &&
  (Symbol.asyncIterator in value ||
    Symbol.iterator in value ||
    typeof (value as { getReader?: unknown }).getReader === 'function')
    ? undefined
    : 'an (async) iterable, a Node Readable or a web ReadableStream';

interface Reader {
  readonly sync?: Iterator<Sendable>;
  readonly async?: AsyncIterator<Sendable>;
  close(): void;
}

function toReader(source: PullSource): Reader {
  if (
    typeof (source as unknown as ReadableStream).getReader === 'function' &&
    !(Symbol.asyncIterator in source)
  ) {
    const stream = (source as unknown as ReadableStream<Sendable>).getReader();
    return {
      async: { next: () => stream.read() as Promise<IteratorResult<Sendable>> },
      close: () => void stream.cancel().catch(() => {}),
    };
  }
  if (Symbol.asyncIterator in source) {
    const iterator = (source as AsyncIterable<Sendable>)[Symbol.asyncIterator]();
    return { async: iterator, close: () => void iterator.return?.()?.catch(() => {}) };
  }
  if (Symbol.iterator in source) {
    const iterator = (source as Iterable<Sendable>)[Symbol.iterator]();
    return {
      sync: iterator,
      close: () => {
        try {
          iterator.return?.();
        } catch {
          // The source failed while closing: it is being abandoned anyway.
        }
      },
    };
  }
  // Unreachable: sendFrom checked the source with isPullSource.
  throw new RxError(
    'INVALID_ARGUMENT',
    'sendFrom: source must be an (async) iterable, a Node Readable or a web ReadableStream',
  );
}
