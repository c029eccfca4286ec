// rtc.h's RTP timestamp functions. In C they read the RTP configuration of the track's
// packetizer (RTC_ERR_INVALID for an id that has none) and write through an optional pointer:
// here a one-element Uint32Array / Float64Array, or null to write nothing.
import { RTC_ERR_INVALID, RTC_ERR_SUCCESS } from '../constants.js';
import { withTrackMedia } from './media-call.js';

function isOut(value: unknown, type: typeof Uint32Array | typeof Float64Array): boolean {
  return value === null || value === undefined || (value instanceof type && value.length > 0);
}

function isUint32(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffff_ffff;
}

/**
 * Converts seconds to RTP timestamp units at the clock rate of the track's packetizer, written
 * into `timestamp[0]` (rounded and wrapped to 32 bits, as libdatachannel does). RTC_ERR_INVALID
 * for an id without a packetizer, a `seconds` that is not finite, or an out-parameter that is
 * neither null nor a Uint32Array.
 *
 * @example
 * ```ts
 * import { rtcTransformSecondsToTimestamp } from '@rxdc/capi-compat';
 * const timestamp = new Uint32Array(1);
 * rtcTransformSecondsToTimestamp(tr, 1 / 30, timestamp); // 3000 at 90 kHz
 * ```
 */
export function rtcTransformSecondsToTimestamp(
  id: number,
  seconds: number,
  timestamp: Uint32Array | null,
): number {
  if (!isOut(timestamp, Uint32Array)) return RTC_ERR_INVALID;
  return withTrackMedia(id, (media) => {
    const value = media.secondsToTimestamp(seconds);
    if (timestamp) timestamp[0] = value;
    return RTC_ERR_SUCCESS;
  });
}

/**
 * Converts RTP timestamp units at the clock rate of the track's packetizer to seconds, written
 * into `seconds[0]`. RTC_ERR_INVALID for an id without a packetizer, a timestamp that is not an
 * unsigned 32-bit whole number, or a bad out-parameter.
 *
 * @example
 * ```ts
 * import { rtcTransformTimestampToSeconds } from '@rxdc/capi-compat';
 * const seconds = new Float64Array(1);
 * rtcTransformTimestampToSeconds(tr, 90000, seconds); // 1 at 90 kHz
 * ```
 */
export function rtcTransformTimestampToSeconds(
  id: number,
  timestamp: number,
  seconds: Float64Array | null,
): number {
  if (!isOut(seconds, Float64Array) || !isUint32(timestamp)) return RTC_ERR_INVALID;
  return withTrackMedia(id, (media) => {
    const value = media.timestampToSeconds(timestamp);
    if (seconds) seconds[0] = value;
    return RTC_ERR_SUCCESS;
  });
}

/**
 * Writes the RTP timestamp the packetizer will give the next frame into `timestamp[0]`
 * (readable after the track closed, as in C). RTC_ERR_INVALID for an id without a packetizer.
 *
 * @example
 * ```ts
 * import { rtcGetCurrentTrackTimestamp } from '@rxdc/capi-compat';
 * const timestamp = new Uint32Array(1);
 * rtcGetCurrentTrackTimestamp(tr, timestamp);
 * ```
 */
export function rtcGetCurrentTrackTimestamp(id: number, timestamp: Uint32Array | null): number {
  if (!isOut(timestamp, Uint32Array)) return RTC_ERR_INVALID;
  return withTrackMedia(id, (media) => {
    const value = media.rtpTimestamp;
    if (timestamp) timestamp[0] = value;
    return RTC_ERR_SUCCESS;
  });
}

/**
 * Sets the RTP timestamp of the next frame the track's packetizer sends. RTC_ERR_INVALID for an
 * id without a packetizer or a timestamp that is not an unsigned 32-bit whole number;
 * RTC_ERR_FAILURE once the track is closed (it sends nothing more).
 *
 * @example
 * ```ts
 * import { rtcSetTrackRtpTimestamp, rtcTransformSecondsToTimestamp } from '@rxdc/capi-compat';
 * const elapsed = new Uint32Array(1);
 * rtcTransformSecondsToTimestamp(tr, 2.5, elapsed);
 * rtcSetTrackRtpTimestamp(tr, elapsed[0]!);
 * ```
 */
export function rtcSetTrackRtpTimestamp(id: number, timestamp: number): number {
  if (!isUint32(timestamp)) return RTC_ERR_INVALID;
  return withTrackMedia(id, (media) => {
    media.rtpTimestamp = timestamp;
    return RTC_ERR_SUCCESS;
  });
}

/**
 * Writes the RTP timestamp of the last RTCP sender report into `timestamp[0]` (0 before the
 * first). RTC_ERR_INVALID for an id without a chained sender reporter (rtcChainRtcpSrReporter).
 * node-datachannel does not expose the reporter's value: @rxdc/native applies libdatachannel's
 * rule (a report with the first frame, then with the first frame a second or more after the
 * last) to the frames sent, on its own clock.
 *
 * @example
 * ```ts
 * import { rtcGetLastTrackSenderReportTimestamp } from '@rxdc/capi-compat';
 * const timestamp = new Uint32Array(1);
 * rtcGetLastTrackSenderReportTimestamp(tr, timestamp);
 * ```
 */
export function rtcGetLastTrackSenderReportTimestamp(
  id: number,
  timestamp: Uint32Array | null,
): number {
  if (!isOut(timestamp, Uint32Array)) return RTC_ERR_INVALID;
  return withTrackMedia(id, (media) => {
    const value = media.lastSenderReportTimestamp;
    if (timestamp) timestamp[0] = value;
    return RTC_ERR_SUCCESS;
  });
}

/**
 * Deprecated in rtc.h and a no-op in libdatachannel 0.24.5 (sender reports are sent on their
 * own schedule): returns RTC_ERR_SUCCESS for any id, exactly as the C function does.
 *
 * @deprecated Sender reports need no request: rtcChainRtcpSrReporter sends them.
 * @example
 * ```ts
 * import { rtcSetNeedsToSendRtcpSr } from '@rxdc/capi-compat';
 * rtcSetNeedsToSendRtcpSr(tr); // RTC_ERR_SUCCESS
 * ```
 */
export function rtcSetNeedsToSendRtcpSr(_id: number): number {
  return RTC_ERR_SUCCESS;
}
