import {
  asyncScheduler,
  Observable,
  type SchedulerLike,
  type Subscription,
  take,
  timer,
} from 'rxjs';
import { RxError } from '../errors/rx-error.js';
import type { TimedFrame } from './timed-frame.js';

/**
 * Where {@link playFrames} sends frames: `@rxdc/core`'s `Track` is one. When the sink has a
 * `bufferedAmount` and a `bufferedAmountLow$`, the player waits for the low mark before it
 * sends over `highWaterMark`.
 *
 * @example
 * ```ts
 * import type { FrameSink } from '@rxdc/rx';
 * const sink: FrameSink = { sendFrame: (frame, { timestamp }) => console.log(timestamp, frame.byteLength) };
 * ```
 */
export interface FrameSink {
  /** Sends one encoded frame with its presentation time in seconds. */
  sendFrame(frame: Uint8Array, options: { timestamp: number }): unknown;
  /** Bytes accepted and not yet sent (paced). */
  readonly bufferedAmount?: number;
  /** Emits when `bufferedAmount` falls to its low threshold; completes when the sink closes. */
  readonly bufferedAmountLow$?: Observable<void>;
}

/**
 * Options of {@link playFrames}.
 *
 * @example
 * ```ts
 * import type { PlayFramesOptions } from '@rxdc/rx';
 * const options: PlayFramesOptions = { highWaterMark: 1024 * 1024 };
 * ```
 */
export interface PlayFramesOptions {
  /**
   * Waits for the sink's `bufferedAmountLow$` before sending while its `bufferedAmount` is
   * above this many bytes (default 1 MiB). Pulling from the source waits with it, so an
   * encoder piped in is slowed down rather than buffered.
   */
  readonly highWaterMark?: number;
  /** The scheduler that times the frames (default `asyncScheduler`; tests pass a virtual one). */
  readonly scheduler?: SchedulerLike;
}

/**
 * Plays timed frames onto a sink (a `Track`) at their timestamps: the first frame goes out at
 * once, each later one when its timestamp's distance from the first has elapsed. The source is
 * pulled one frame at a time, lazily, so a file is read (or an encoder's output consumed) at
 * playing speed. A frame that is late (the source or the sink was slow) goes out at once:
 * nothing is skipped. Emits each frame after it was handed to the sink; completes after the
 * last; errors with what the source or `sendFrame` threw (a closed track: `CLOSED`), or
 * `MEDIA_MALFORMED` for a frame whose timestamp is not a finite number. Unsubscribing stops
 * playing and closes the source (its `return()`).
 *
 * @example
 * ```ts
 * import { spawn } from 'node:child_process';
 * import { h264AccessUnits, playFrames } from '@rxdc/rx';
 * const ffmpeg = spawn('ffmpeg', ['-re', '-f', 'lavfi', '-i', 'testsrc2=size=640x480:rate=30',
 *   '-c:v', 'libx264', '-profile:v', 'baseline', '-tune', 'zerolatency', '-f', 'h264', '-']);
 * playFrames(track, h264AccessUnits(ffmpeg.stdout, { framesPerSecond: 30 })).subscribe({
 *   error: (error) => console.error('stopped:', error),
 * });
 * ```
 */
export function playFrames(
  sink: FrameSink,
  frames: AsyncIterable<TimedFrame> | Iterable<TimedFrame>,
  options: PlayFramesOptions = {},
): Observable<TimedFrame> {
  const scheduler = options.scheduler ?? asyncScheduler;
  const highWaterMark = options.highWaterMark ?? 1024 * 1024;
  return new Observable<TimedFrame>((subscriber) => {
    const iterator: Iterator<TimedFrame> | AsyncIterator<TimedFrame> =
      Symbol.asyncIterator in frames
        ? (frames as AsyncIterable<TimedFrame>)[Symbol.asyncIterator]()
        : (frames as Iterable<TimedFrame>)[Symbol.iterator]();
    let stopped = false;
    /** The source ended or threw: it is not closed again. */
    let sourceDone = false;
    let waiting: Subscription | undefined;
    let origin: { at: number; timestamp: number } | undefined;

    const fail = (error: unknown) => {
      if (stopped) return;
      stopped = true;
      subscriber.error(error);
    };

    const pull = () => {
      if (stopped) return;
      let next: IteratorResult<TimedFrame> | Promise<IteratorResult<TimedFrame>>;
      try {
        next = iterator.next();
      } catch (error) {
        sourceDone = true;
        fail(error);
        return;
      }
      if (next instanceof Promise)
        next.then(schedule, (error) => {
          sourceDone = true;
          fail(error);
        });
      else schedule(next);
    };

    const schedule = (result: IteratorResult<TimedFrame>) => {
      if (stopped) return;
      if (result.done) {
        sourceDone = true;
        stopped = true;
        subscriber.complete();
        return;
      }
      const frame = result.value;
      if (typeof frame?.timestamp !== 'number' || !Number.isFinite(frame.timestamp)) {
        fail(
          new RxError(
            'MEDIA_MALFORMED',
            `playFrames got a frame whose timestamp is not a finite number of seconds: ${String(frame?.timestamp)}`,
          ),
        );
        return;
      }
      const now = scheduler.now();
      origin ??= { at: now, timestamp: frame.timestamp };
      const due = origin.at + (frame.timestamp - origin.timestamp) * 1000;
      waiting = timer(Math.max(0, due - now), scheduler).subscribe(() => whenRoom(frame));
    };

    const whenRoom = (frame: TimedFrame) => {
      const low$ = sink.bufferedAmountLow$;
      if (low$ && (sink.bufferedAmount ?? 0) > highWaterMark) {
        // Completing without emitting means the sink closed: send anyway, to get its error.
        waiting = low$.pipe(take(1)).subscribe({ complete: () => send(frame) });
      } else send(frame);
    };

    const send = (frame: TimedFrame) => {
      if (stopped) return;
      try {
        sink.sendFrame(frame.data, { timestamp: frame.timestamp });
      } catch (error) {
        fail(error);
        return;
      }
      subscriber.next(frame);
      pull();
    };

    pull();
    return () => {
      stopped = true;
      waiting?.unsubscribe();
      if (!sourceDone) {
        sourceDone = true;
        try {
          const closing = iterator.return?.();
          if (closing instanceof Promise) closing.catch(() => {});
        } catch {
          // The source failed to close: playing has stopped all the same.
        }
      }
    };
  });
}
