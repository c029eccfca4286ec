// Runs a call on a track's media (@rxdc/native's TrackMedia, where the safety rules live) and
// answers with the C API's codes, as libdatachannel's wrap() does: an invalid argument is
// RTC_ERR_INVALID, any other runtime failure RTC_ERR_FAILURE.
import { RtcError, type TrackMedia } from '@rxdc/native';
import {
  RTC_ERR_FAILURE,
  RTC_ERR_INVALID,
  RTC_ERR_NOT_AVAIL,
  RTC_ERR_SUCCESS,
} from '../constants.js';
import { type ChannelEntry, trackEntry } from '../handles.js';

/** A track's entry. @internal */
export type TrackEntry = Extract<ChannelEntry, { kind: 'tr' }>;

/**
 * The C code of an error from a track's media:
 * - `INVALID_ARGUMENT`, `MESSAGE_TOO_LARGE`, and `INVALID_STATE` (a chain without the
 *   packetizer the call needs: libdatachannel's missing RTP config is an `invalid_argument`)
 *   give RTC_ERR_INVALID;
 * - `UNSUPPORTED` (what node-datachannel cannot do) gives RTC_ERR_NOT_AVAIL;
 * - `NOT_OPEN`, `CLOSED` and native failures give RTC_ERR_FAILURE.
 *
 * @internal
 */
export function mediaErrorCode(error: unknown): number {
  if (!(error instanceof RtcError)) return RTC_ERR_FAILURE;
  switch (error.code) {
    case 'INVALID_ARGUMENT':
    case 'INVALID_STATE':
    case 'MESSAGE_TOO_LARGE':
      return RTC_ERR_INVALID;
    case 'UNSUPPORTED':
      return RTC_ERR_NOT_AVAIL;
    default:
      return RTC_ERR_FAILURE;
  }
}

/**
 * Looks up track `tr` and runs `call` on its media: RTC_ERR_INVALID for an id that is not a
 * track, else the call's result (RTC_ERR_SUCCESS when it returns nothing) or the C code of
 * what it threw.
 *
 * @internal
 */
export function withTrackMedia(
  tr: unknown,
  call: (media: TrackMedia, entry: TrackEntry) => unknown,
): number {
  const entry = trackEntry(tr);
  if (!entry) return RTC_ERR_INVALID;
  try {
    const result = call(entry.lifetime.media, entry);
    return typeof result === 'number' ? result : RTC_ERR_SUCCESS;
  } catch (error) {
    return mediaErrorCode(error);
  }
}

/**
 * Sends a message on a track through its media: a frame for its packetizer, or an RTP/RTCP
 * packet. RTC_ERR_SUCCESS when sent; RTC_ERR_INVALID for a malformed frame or packet or one
 * over its limit; RTC_ERR_FAILURE when the track is not open or closed.
 *
 * @internal
 */
export function sendOnTrack(entry: TrackEntry, bytes: Uint8Array): number {
  try {
    entry.lifetime.media.send(bytes);
    return RTC_ERR_SUCCESS;
  } catch (error) {
    return mediaErrorCode(error);
  }
}
