/**
 * One encoded media frame and when it is to be played: an H.264 access unit in Annex-B form,
 * an Opus packet, ... `timestamp` is its presentation time in seconds from the start of the
 * stream (the unit of `Track.sendFrame` in `@rxdc/core`).
 *
 * @example
 * ```ts
 * import type { TimedFrame } from '@rxdc/rx';
 * const frame: TimedFrame = { data: new Uint8Array([0, 0, 0, 1, 0x09, 0xf0]), timestamp: 0.04 };
 * ```
 */
export interface TimedFrame {
  /** The encoded frame. */
  readonly data: Uint8Array;
  /** Presentation time in seconds from the start of the stream. */
  readonly timestamp: number;
}
