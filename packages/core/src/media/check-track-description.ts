import { resolveTrackDescription } from './native-media-description.js';
import type { TrackDescription } from './track-description.js';

/**
 * Checks a typed track description the way `PeerConnection.addTrack` will, without a peer:
 * for code that keeps descriptions to add later (a transceiver adds them for each client) and
 * must refuse a wrong one when it is given, not when it is first used. Returns its media id
 * (the given `mid`, else the kind), which must be unique in a connection.
 *
 * @throws {@link RtcError} `INVALID_ARGUMENT` naming the wrong field.
 * @example
 * ```ts
 * import { checkTrackDescription } from '@rxdc/core';
 * const mid = checkTrackDescription({ kind: 'video', codec: 'H264' }); // 'video'
 * ```
 */
export function checkTrackDescription(description: TrackDescription): string {
  return resolveTrackDescription(description).mid;
}
