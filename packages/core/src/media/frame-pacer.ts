import { RtcError } from '@rxdc/native';

/**
 * Send-side pacing of a track: at most this many bits per second leave, and at most
 * `maxBufferedBytes` wait to leave (`sendFrame` refuses more with `LIMIT_EXCEEDED`).
 *
 * @example
 * ```ts
 * import type { PacingOptions } from '@rxdc/core';
 * const pacing: PacingOptions = { bitsPerSecond: 4_000_000, maxBufferedBytes: 2 * 1024 * 1024 };
 * ```
 */
export interface PacingOptions {
  /** The rate frames leave at, in bits per second (a burst of 100 ms of it may leave at once). */
  readonly bitsPerSecond: number;
  /** The most bytes that wait to leave (default 4 MiB). */
  readonly maxBufferedBytes?: number;
}

/**
 * The default of {@link PacingOptions.maxBufferedBytes}.
 *
 * @example
 * ```ts
 * import { DEFAULT_MAX_PACED_BYTES, type PacingOptions } from '@rxdc/core';
 * const pacing: PacingOptions = { bitsPerSecond: 2_000_000, maxBufferedBytes: 2 * DEFAULT_MAX_PACED_BYTES };
 * ```
 */
export const DEFAULT_MAX_PACED_BYTES = 4 * 1024 * 1024;

/** The burst a paced track may send at once, in seconds of its rate. */
const BURST_SECONDS = 0.1;

interface Waiting {
  readonly frame: Uint8Array;
  readonly timestamp: number;
}

/**
 * A token bucket in front of a track's packetizer, frame by frame (one timer per waiting
 * frame, never one per packet): a frame leaves when the budget is not negative, and takes its
 * size from it; the budget refills at the rate, up to a 100 ms burst. What waits is bounded.
 *
 * @internal
 */
export class FramePacer {
  readonly #bytesPerMs: number;
  readonly #maxBuffered: number;
  readonly #burst: number;
  readonly #send: (frame: Uint8Array, timestamp: number) => void;
  readonly #onDrained: (buffered: number, error?: unknown) => void;
  readonly #queue: Waiting[] = [];
  #buffered = 0;
  #budget: number;
  #refilledAt = performance.now();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  /**
   * `send` hands a frame to the packetizer; `onDrained` is told the buffered amount after each
   * frame left (and the error, when sending it failed: the waiting frames are then dropped,
   * reported as that error).
   */
  constructor(
    options: PacingOptions,
    send: (frame: Uint8Array, timestamp: number) => void,
    onDrained: (buffered: number, error?: unknown) => void,
  ) {
    const { bitsPerSecond } = options;
    if (
      typeof bitsPerSecond !== 'number' ||
      !Number.isFinite(bitsPerSecond) ||
      bitsPerSecond <= 0
    ) {
      throw new RtcError(
        'INVALID_ARGUMENT',
        `pacing.bitsPerSecond must be a positive number, got ${String(bitsPerSecond)}`,
      );
    }
    const maxBuffered = options.maxBufferedBytes ?? DEFAULT_MAX_PACED_BYTES;
    if (!Number.isSafeInteger(maxBuffered) || maxBuffered < 1) {
      throw new RtcError(
        'INVALID_ARGUMENT',
        `pacing.maxBufferedBytes must be a positive whole number, got ${String(maxBuffered)}`,
      );
    }
    this.#bytesPerMs = bitsPerSecond / 8 / 1000;
    this.#maxBuffered = maxBuffered;
    this.#burst = (bitsPerSecond / 8) * BURST_SECONDS;
    this.#budget = this.#burst;
    this.#send = send;
    this.#onDrained = onDrained;
  }

  /** Bytes of frames waiting to leave. */
  get buffered(): number {
    return this.#buffered;
  }

  /**
   * Sends the frame now if the budget allows and nothing waits, else queues it.
   *
   * @throws {@link RtcError} `LIMIT_EXCEEDED` when it would take the waiting bytes over
   * `maxBufferedBytes`; what `send` throws, for a frame sent at once.
   */
  push(frame: Uint8Array, timestamp: number): void {
    this.#refill();
    if (this.#queue.length === 0 && this.#budget >= 0) {
      this.#send(frame, timestamp);
      this.#budget -= frame.byteLength;
      return;
    }
    if (this.#buffered + frame.byteLength > this.#maxBuffered) {
      throw new RtcError(
        'LIMIT_EXCEEDED',
        `the track's pacing queue holds ${this.#buffered} bytes: a frame of ${frame.byteLength} would pass its maxBufferedBytes of ${this.#maxBuffered}. ` +
          'Wait for bufferedAmountLow$ (playFrames of @rxdc/rx does), or send fewer bytes',
      );
    }
    // A copy: the caller may reuse its buffer once sendFrame returns.
    this.#queue.push({ frame: Uint8Array.prototype.slice.call(frame), timestamp });
    this.#buffered += frame.byteLength;
    this.#schedule();
  }

  /** Drops what waits and stops the timer (the track closed). */
  close(): void {
    this.#closed = true;
    this.#queue.length = 0;
    this.#buffered = 0;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #refill(): void {
    const now = performance.now();
    this.#budget = Math.min(
      this.#burst,
      this.#budget + (now - this.#refilledAt) * this.#bytesPerMs,
    );
    this.#refilledAt = now;
  }

  #schedule(): void {
    if (this.#timer || this.#closed || this.#queue.length === 0) return;
    const wait = this.#budget >= 0 ? 0 : -this.#budget / this.#bytesPerMs;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#drain();
    }, Math.ceil(wait));
  }

  #drain(): void {
    this.#refill();
    while (!this.#closed && this.#budget >= 0) {
      const next = this.#queue.shift();
      if (!next) break;
      this.#buffered -= next.frame.byteLength;
      try {
        this.#send(next.frame, next.timestamp);
      } catch (error) {
        const dropped = this.#buffered;
        this.close();
        this.#onDrained(dropped, error);
        return;
      }
      this.#budget -= next.frame.byteLength;
      this.#onDrained(this.#buffered);
    }
    this.#schedule();
  }
}
