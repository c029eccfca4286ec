import { Duplex } from 'node:stream';
import type { Message, Sendable } from '@rxdc/core';
import { checkOptions, wholeNumber } from '../errors/argument-checks.js';
import type { FramedCore } from './framed-core.js';
import { whenDrained, whenQueueBelow } from './framed-web-streams.js';

/**
 * Options of {@link FramedChannel.duplex}.
 *
 * @example
 * ```ts
 * const options: FramedDuplexOptions = { readableHighWaterMark: 32, writableHighWaterMark: 2 << 20 };
 * ```
 */
export interface FramedDuplexOptions {
  /** Messages the readable side holds before it stops taking them. Default 16. */
  readableHighWaterMark?: number;
  /** Bytes the framed send queue may hold before a write waits. Default 1 MiB. */
  writableHighWaterMark?: number;
}

/**
 * A Node `Duplex` (object mode: one chunk, one message) over a framed channel. The readable
 * side takes a message only when the stream wants one (`push` returned true), so a slow
 * consumer downstream of `stream.pipeline` slows the remote sender; the writable side's
 * callback waits while the framed send queue is full, and `final` waits until everything left
 * the channel's buffer. The readable side ends when the channel closes.
 *
 * @internal
 */
export function framedDuplex(core: FramedCore, options: FramedDuplexOptions = {}): Duplex {
  checkOptions('duplex(options)', options, {
    readableHighWaterMark: wholeNumber(1, Number.MAX_SAFE_INTEGER, ' of messages'),
    writableHighWaterMark: wholeNumber(1, Number.MAX_SAFE_INTEGER, ' of bytes'),
  });
  const writeLimit = options.writableHighWaterMark ?? 1024 * 1024;
  let waiting = false;
  const duplex: Duplex = new Duplex({
    readableObjectMode: true,
    writableObjectMode: true,
    readableHighWaterMark: options.readableHighWaterMark ?? 16,
    writableHighWaterMark: 16,
    read() {
      if (waiting) return;
      for (;;) {
        let result: IteratorResult<string | Uint8Array> | undefined;
        try {
          result = core.readNow();
        } catch (error) {
          duplex.destroy(error as Error);
          return;
        }
        if (!result) {
          waiting = true;
          core.whenReadable(() => {
            waiting = false;
            if (!duplex.destroyed) duplex._read(16);
          });
          return;
        }
        if (result.done) {
          duplex.push(null);
          return;
        }
        if (!duplex.push(result.value as Message)) return;
      }
    },
    write(chunk: Sendable, _encoding, callback) {
      try {
        core.send(chunk);
      } catch (error) {
        callback(error as Error);
        return;
      }
      whenQueueBelow(core, writeLimit).then(() => callback(), callback);
    },
    final(callback) {
      whenDrained(core).then(() => callback(), callback);
    },
  });
  return duplex;
}
