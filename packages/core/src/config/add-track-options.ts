import type { PacingOptions } from '../media/frame-pacer.js';

/**
 * Options of `PeerConnection.addTrack`.
 *
 * @example
 * ```ts
 * import type { AddTrackOptions } from '@rxdc/core';
 * const options: AddTrackOptions = { pacing: { bitsPerSecond: 2_000_000 } };
 * ```
 */
export interface AddTrackOptions {
  /** Send-side pacing of the frames given to `sendFrame` (default: none, frames leave at once). */
  readonly pacing?: PacingOptions;
}
