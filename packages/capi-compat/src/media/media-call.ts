// Runs a call on a track's media (@rxdc/native's TrackMedia, where the safety rules live) and
// answers with the C API's codes, as libdatachannel's wrap() does: an invalid argument is
// RTC_ERR_INVALID, any other runtime failure RTC_ERR_FAILURE.
import { RtcError, type TrackMedia } from '@rxdc/native';
import { RTC_ERR_INVALID, RTC_ERR_SUCCESS } from '../constants.js';
import { toRtcErr } from '../error-codes.js';
import { type ChannelEntry, trackEntry } from '../handles.js';

/** A track's entry. @internal */
export type TrackEntry = Extract<ChannelEntry, { kind: 'tr' }>;

/**
 * The C code of an error from a track's media: the one table (`toRtcErr`), except
 * `INVALID_STATE`, which a media call throws for a chain without the packetizer (or sender
 * reporter) it needs, where libdatachannel's lookup of the RTP configuration throws
 * `std::invalid_argument`: RTC_ERR_INVALID.
 *
 * @internal
 */
export function mediaErrorCode(error: unknown): number {
  return error instanceof RtcError && error.code === 'INVALID_STATE'
    ? RTC_ERR_INVALID
    : toRtcErr(error);
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
