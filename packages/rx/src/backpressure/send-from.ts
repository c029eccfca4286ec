import type { Readable } from 'node:stream';
import type { Sendable } from '@rxdc/core';
import { Observable } from 'rxjs';
import { RxError } from '../errors/rx-error.js';
import { DrainWatch } from './drain-watch.js';
import {
  byteSize,
  type FlowChannel,
  type FlowOptions,
  hasRoom,
  resolveFlow,
  type SendProgress,
} from './flow-channel.js';

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
 * Emits {@link SendProgress} after each chunk, and completes once the source is exhausted and
 * everything has left the channel's buffer. Unsubscribing stops reading and closes the source's
 * iterator (destroying a Readable, cancelling a ReadableStream).
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
  const flow = resolveFlow(options);
  return new Observable<SendProgress>((subscriber) => {
    const iterator = toAsyncIterator(source);
    let sentBytes = 0;
    let sentMessages = 0;
    let wake: (() => void) | undefined;
    const watch = new DrainWatch(channel, flow, () => {
      const resume = wake;
      wake = undefined;
      resume?.();
    });
    const waitForRoom = (size: number): Promise<void> | undefined => {
      if (hasRoom(channel, flow, size)) return undefined;
      return new Promise<void>((resolve) => {
        wake = resolve;
        watch.arm();
      }).then(() => waitForRoom(size));
    };
    const closed = (): RxError =>
      new RxError(
        'CHANNEL_CLOSED',
        `channel closed after ${sentBytes} bytes were handed over: the rest of the source was not sent`,
      );
    const closedSub = channel.closed$.subscribe(() => {
      const resume = wake;
      wake = undefined;
      resume?.();
    });

    const run = async (): Promise<void> => {
      if (!channel.isOpen && !channel.isClosed) {
        await new Promise<void>((resolve, reject) => {
          channel.open$.subscribe({ complete: resolve, error: reject });
        });
      }
      while (!subscriber.closed) {
        if (channel.isClosed) throw closed();
        const step = await iterator.next();
        if (step.done || subscriber.closed) break;
        for (const piece of split(step.value, channel.maxMessageSize)) {
          const size = byteSize(piece);
          const wait = waitForRoom(size);
          if (wait) await wait;
          if (subscriber.closed) return;
          if (channel.isClosed) throw closed();
          channel.send(piece);
          sentBytes += size;
          sentMessages++;
        }
        subscriber.next({
          sentBytes,
          sentMessages,
          bufferedBytes: channel.bufferedAmount,
          queuedBytes: 0,
          droppedMessages: 0,
          done: false,
        });
      }
      if (subscriber.closed) return;
      await new Promise<void>((resolve) => watch.whenEmpty(resolve));
      if (channel.isClosed) throw closed();
      subscriber.next({
        sentBytes,
        sentMessages,
        bufferedBytes: 0,
        queuedBytes: 0,
        droppedMessages: 0,
        done: true,
      });
      subscriber.complete();
    };
    run().catch((error) => subscriber.error(error));

    return () => {
      watch.dispose();
      closedSub.unsubscribe();
      wake = undefined;
      // Close the source (destroys a Readable, cancels a ReadableStream) when stopped early.
      void iterator.return?.()?.catch(() => {});
    };
  });
}

function* split(chunk: Sendable, max: number): Iterable<Sendable> {
  if (typeof chunk === 'string' || max <= 0 || chunk.byteLength <= max) {
    yield chunk;
    return;
  }
  for (let offset = 0; offset < chunk.byteLength; offset += max) {
    yield chunk.subarray(offset, Math.min(offset + max, chunk.byteLength));
  }
}

function toAsyncIterator(source: PullSource): AsyncIterator<Sendable> {
  if (
    typeof (source as unknown as ReadableStream).getReader === 'function' &&
    !(Symbol.asyncIterator in source)
  ) {
    const reader = (source as unknown as ReadableStream<Sendable>).getReader();
    return {
      next: () => reader.read() as Promise<IteratorResult<Sendable>>,
      return: async () => {
        await reader.cancel();
        return { done: true, value: undefined };
      },
    };
  }
  if (Symbol.asyncIterator in source)
    return (source as AsyncIterable<Sendable>)[Symbol.asyncIterator]();
  if (Symbol.iterator in source) {
    const inner = (source as Iterable<Sendable>)[Symbol.iterator]();
    return {
      next: async () => inner.next(),
      return: async () => inner.return?.() ?? { done: true, value: undefined },
    };
  }
  throw new TypeError(
    'sendFrom takes an (async) iterable, a Node Readable or a web ReadableStream',
  );
}
