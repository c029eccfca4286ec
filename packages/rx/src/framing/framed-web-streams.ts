import { checkArgument, wholeNumber } from '../errors/argument-checks.js';
import { RxError } from '../errors/rx-error.js';
import type { FramedCore } from './framed-core.js';

/**
 * Resolves once the framed send queue holds at most `limit` bytes; rejects with
 * `CHANNEL_CLOSED` once sending stopped. Shared by every writer (web `WritableStream`, Node
 * `Duplex`). @internal
 */
export function whenQueueBelow(core: FramedCore, limit: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      if (core.sendStopped) {
        reject(new RxError('CHANNEL_CLOSED', 'framed channel closed while writing to it'));
        return true;
      }
      if (core.queuedBytes > limit) return false;
      resolve();
      return true;
    };
    if (check()) return;
    const off = core.onPumped(() => {
      if (check()) off();
    });
  });
}

/** Resolves once everything written has left the channel's buffer. @internal */
export function whenDrained(core: FramedCore): Promise<void> {
  return new Promise((resolve) => core.whenDrained(resolve));
}

/**
 * A web `ReadableStream` of a framed channel's messages: pulled, so a message counts as
 * consumed when the stream takes it into its own queue (`highWaterMark` messages, default 16).
 *
 * @internal
 */
export function readableOf<M>(core: FramedCore, highWaterMark = 16): ReadableStream<M> {
  checkArgument(
    'readable(highWaterMark)',
    'highWaterMark',
    highWaterMark,
    wholeNumber(1, Number.MAX_SAFE_INTEGER, ' of messages'),
  );
  return new ReadableStream<M>(
    {
      pull: (controller) =>
        new Promise<void>((resolve) => {
          const attempt = (): void => {
            let result: IteratorResult<string | Uint8Array> | undefined;
            try {
              result = core.readNow();
            } catch (error) {
              controller.error(error);
              resolve();
              return;
            }
            if (!result) {
              core.whenReadable(attempt);
              return;
            }
            if (result.done) controller.close();
            else controller.enqueue(result.value as M);
            resolve();
          };
          attempt();
        }),
    },
    { highWaterMark },
  );
}

/**
 * A web `WritableStream` into a framed channel: each chunk is sent as one message, and a write
 * resolves once the framed send queue is at most `highWaterMark` bytes; closing resolves once
 * everything has left the channel's buffer.
 *
 * @internal
 */
export function writableOf<S>(core: FramedCore, highWaterMark: number): WritableStream<S> {
  checkArgument(
    'writable(highWaterMark)',
    'highWaterMark',
    highWaterMark,
    wholeNumber(1, Number.MAX_SAFE_INTEGER, ' of bytes'),
  );
  return new WritableStream<S>({
    write: (chunk) => {
      core.send(chunk);
      return whenQueueBelow(core, highWaterMark);
    },
    close: () => whenDrained(core),
  });
}
