// rtc.h's media handler functions (packetizers, RTCP chains, interceptors, RTP timestamps).
// node-datachannel 0.33 exposes none of them on a track created from this API, so each one
// validates its track id (RTC_ERR_INVALID for a bad one) and answers RTC_ERR_NOT_AVAIL.
import { RTC_ERR_INVALID, RTC_ERR_NOT_AVAIL } from './constants.js';
import { trackEntry } from './handles.js';

function notAvailable(tr: unknown): number {
  return trackEntry(tr) ? RTC_ERR_NOT_AVAIL : RTC_ERR_INVALID;
}

/**
 * rtc.h's rtcSetH264Packetizer (the H264 RTP packetizer): not available in node-datachannel 0.33; returns RTC_ERR_NOT_AVAIL
 * for a track id, RTC_ERR_INVALID for anything else.
 *
 * @example
 * ```ts
 * import { RTC_ERR_NOT_AVAIL, rtcSetH264Packetizer } from '@rxdc/capi-compat';
 * if (rtcSetH264Packetizer(tr, null) === RTC_ERR_NOT_AVAIL) console.log('not supported here');
 * ```
 */
export function rtcSetH264Packetizer(tr: number, _init: object | null): number {
  return notAvailable(tr);
}

/**
 * rtc.h's rtcSetH265Packetizer (the H265 RTP packetizer): not available in node-datachannel 0.33; returns RTC_ERR_NOT_AVAIL
 * for a track id, RTC_ERR_INVALID for anything else.
 *
 * @example
 * ```ts
 * import { RTC_ERR_NOT_AVAIL, rtcSetH265Packetizer } from '@rxdc/capi-compat';
 * if (rtcSetH265Packetizer(tr, null) === RTC_ERR_NOT_AVAIL) console.log('not supported here');
 * ```
 */
export function rtcSetH265Packetizer(tr: number, _init: object | null): number {
  return notAvailable(tr);
}

/**
 * rtc.h's rtcSetAV1Packetizer (the AV1 RTP packetizer): not available in node-datachannel 0.33; returns RTC_ERR_NOT_AVAIL
 * for a track id, RTC_ERR_INVALID for anything else.
 *
 * @example
 * ```ts
 * import { RTC_ERR_NOT_AVAIL, rtcSetAV1Packetizer } from '@rxdc/capi-compat';
 * if (rtcSetAV1Packetizer(tr, null) === RTC_ERR_NOT_AVAIL) console.log('not supported here');
 * ```
 */
export function rtcSetAV1Packetizer(tr: number, _init: object | null): number {
  return notAvailable(tr);
}

/**
 * rtc.h's rtcSetOpusPacketizer (the Opus RTP packetizer): not available in node-datachannel 0.33; returns RTC_ERR_NOT_AVAIL
 * for a track id, RTC_ERR_INVALID for anything else.
 *
 * @example
 * ```ts
 * import { RTC_ERR_NOT_AVAIL, rtcSetOpusPacketizer } from '@rxdc/capi-compat';
 * if (rtcSetOpusPacketizer(tr, null) === RTC_ERR_NOT_AVAIL) console.log('not supported here');
 * ```
 */
export function rtcSetOpusPacketizer(tr: number, _init: object | null): number {
  return notAvailable(tr);
}

/**
 * rtc.h's rtcSetAACPacketizer (the AAC RTP packetizer): not available in node-datachannel 0.33; returns RTC_ERR_NOT_AVAIL
 * for a track id, RTC_ERR_INVALID for anything else.
 *
 * @example
 * ```ts
 * import { RTC_ERR_NOT_AVAIL, rtcSetAACPacketizer } from '@rxdc/capi-compat';
 * if (rtcSetAACPacketizer(tr, null) === RTC_ERR_NOT_AVAIL) console.log('not supported here');
 * ```
 */
export function rtcSetAACPacketizer(tr: number, _init: object | null): number {
  return notAvailable(tr);
}

/**
 * rtc.h's rtcChainRtcpReceivingSession (the RTCP receiving session): not available in node-datachannel 0.33; returns RTC_ERR_NOT_AVAIL
 * for a track id, RTC_ERR_INVALID for anything else.
 *
 * @example
 * ```ts
 * import { RTC_ERR_NOT_AVAIL, rtcChainRtcpReceivingSession } from '@rxdc/capi-compat';
 * if (rtcChainRtcpReceivingSession(tr) === RTC_ERR_NOT_AVAIL) console.log('not supported here');
 * ```
 */
export function rtcChainRtcpReceivingSession(tr: number): number {
  return notAvailable(tr);
}

/**
 * rtc.h's rtcChainRtcpSrReporter (the RTCP sender report reporter): not available in node-datachannel 0.33; returns RTC_ERR_NOT_AVAIL
 * for a track id, RTC_ERR_INVALID for anything else.
 *
 * @example
 * ```ts
 * import { RTC_ERR_NOT_AVAIL, rtcChainRtcpSrReporter } from '@rxdc/capi-compat';
 * if (rtcChainRtcpSrReporter(tr) === RTC_ERR_NOT_AVAIL) console.log('not supported here');
 * ```
 */
export function rtcChainRtcpSrReporter(tr: number): number {
  return notAvailable(tr);
}

/**
 * rtc.h's rtcChainRtcpNackResponder (the RTCP NACK responder): not available in node-datachannel 0.33; returns RTC_ERR_NOT_AVAIL
 * for a track id, RTC_ERR_INVALID for anything else.
 *
 * @example
 * ```ts
 * import { RTC_ERR_NOT_AVAIL, rtcChainRtcpNackResponder } from '@rxdc/capi-compat';
 * if (rtcChainRtcpNackResponder(tr, 512) === RTC_ERR_NOT_AVAIL) console.log('not supported here');
 * ```
 */
export function rtcChainRtcpNackResponder(tr: number, _maxStoredPacketsCount: number): number {
  return notAvailable(tr);
}

/**
 * rtc.h's rtcChainPliHandler (a PLI handler): not available in node-datachannel 0.33; returns RTC_ERR_NOT_AVAIL
 * for a track id, RTC_ERR_INVALID for anything else.
 *
 * @example
 * ```ts
 * import { RTC_ERR_NOT_AVAIL, rtcChainPliHandler } from '@rxdc/capi-compat';
 * if (rtcChainPliHandler(tr, null) === RTC_ERR_NOT_AVAIL) console.log('not supported here');
 * ```
 */
export function rtcChainPliHandler(
  tr: number,
  _cb: ((tr: number, userPtr: unknown) => void) | null,
): number {
  return notAvailable(tr);
}

/**
 * rtc.h's rtcChainRembHandler (a REMB handler): not available in node-datachannel 0.33; returns RTC_ERR_NOT_AVAIL
 * for a track id, RTC_ERR_INVALID for anything else.
 *
 * @example
 * ```ts
 * import { RTC_ERR_NOT_AVAIL, rtcChainRembHandler } from '@rxdc/capi-compat';
 * if (rtcChainRembHandler(tr, null) === RTC_ERR_NOT_AVAIL) console.log('not supported here');
 * ```
 */
export function rtcChainRembHandler(
  tr: number,
  _cb: ((tr: number, bitrate: number, userPtr: unknown) => void) | null,
): number {
  return notAvailable(tr);
}

/**
 * rtc.h's rtcSetMediaInterceptorCallback (a media interceptor): not available in node-datachannel 0.33; returns RTC_ERR_NOT_AVAIL
 * for a track id, RTC_ERR_INVALID for anything else.
 *
 * @example
 * ```ts
 * import { RTC_ERR_NOT_AVAIL, rtcSetMediaInterceptorCallback } from '@rxdc/capi-compat';
 * if (rtcSetMediaInterceptorCallback(id, null) === RTC_ERR_NOT_AVAIL) console.log('not supported here');
 * ```
 */
export function rtcSetMediaInterceptorCallback(
  id: number,
  _cb: ((id: number, message: Uint8Array, size: number, userPtr: unknown) => void) | null,
): number {
  return notAvailable(id);
}

/**
 * rtc.h's rtcTransformSecondsToTimestamp (RTP timestamp conversion): not available in node-datachannel 0.33; returns RTC_ERR_NOT_AVAIL
 * for a track id, RTC_ERR_INVALID for anything else.
 *
 * @example
 * ```ts
 * import { RTC_ERR_NOT_AVAIL, rtcTransformSecondsToTimestamp } from '@rxdc/capi-compat';
 * if (rtcTransformSecondsToTimestamp(id, 1.5, Int32Array.of(0)) === RTC_ERR_NOT_AVAIL) console.log('not supported here');
 * ```
 */
export function rtcTransformSecondsToTimestamp(
  id: number,
  _seconds: number,
  _timestamp: Int32Array,
): number {
  return notAvailable(id);
}

/**
 * rtc.h's rtcTransformTimestampToSeconds (RTP timestamp conversion): not available in node-datachannel 0.33; returns RTC_ERR_NOT_AVAIL
 * for a track id, RTC_ERR_INVALID for anything else.
 *
 * @example
 * ```ts
 * import { RTC_ERR_NOT_AVAIL, rtcTransformTimestampToSeconds } from '@rxdc/capi-compat';
 * if (rtcTransformTimestampToSeconds(id, 0, new Float64Array(1)) === RTC_ERR_NOT_AVAIL) console.log('not supported here');
 * ```
 */
export function rtcTransformTimestampToSeconds(
  id: number,
  _timestamp: number,
  _seconds: Float64Array,
): number {
  return notAvailable(id);
}

/**
 * rtc.h's rtcGetCurrentTrackTimestamp (the current RTP timestamp): not available in node-datachannel 0.33; returns RTC_ERR_NOT_AVAIL
 * for a track id, RTC_ERR_INVALID for anything else.
 *
 * @example
 * ```ts
 * import { RTC_ERR_NOT_AVAIL, rtcGetCurrentTrackTimestamp } from '@rxdc/capi-compat';
 * if (rtcGetCurrentTrackTimestamp(id, Int32Array.of(0)) === RTC_ERR_NOT_AVAIL) console.log('not supported here');
 * ```
 */
export function rtcGetCurrentTrackTimestamp(id: number, _timestamp: Int32Array): number {
  return notAvailable(id);
}

/**
 * rtc.h's rtcSetTrackRtpTimestamp (the RTP timestamp): not available in node-datachannel 0.33; returns RTC_ERR_NOT_AVAIL
 * for a track id, RTC_ERR_INVALID for anything else.
 *
 * @example
 * ```ts
 * import { RTC_ERR_NOT_AVAIL, rtcSetTrackRtpTimestamp } from '@rxdc/capi-compat';
 * if (rtcSetTrackRtpTimestamp(id, 0) === RTC_ERR_NOT_AVAIL) console.log('not supported here');
 * ```
 */
export function rtcSetTrackRtpTimestamp(id: number, _timestamp: number): number {
  return notAvailable(id);
}

/**
 * rtc.h's rtcGetLastTrackSenderReportTimestamp (the last sender report timestamp): not available in node-datachannel 0.33; returns RTC_ERR_NOT_AVAIL
 * for a track id, RTC_ERR_INVALID for anything else.
 *
 * @example
 * ```ts
 * import { RTC_ERR_NOT_AVAIL, rtcGetLastTrackSenderReportTimestamp } from '@rxdc/capi-compat';
 * if (rtcGetLastTrackSenderReportTimestamp(id, Int32Array.of(0)) === RTC_ERR_NOT_AVAIL) console.log('not supported here');
 * ```
 */
export function rtcGetLastTrackSenderReportTimestamp(id: number, _timestamp: Int32Array): number {
  return notAvailable(id);
}

/**
 * rtc.h's rtcSetNeedsToSendRtcpSr (RTCP sender reports): not available in node-datachannel 0.33; returns RTC_ERR_NOT_AVAIL
 * for a track id, RTC_ERR_INVALID for anything else.
 *
 * @example
 * ```ts
 * import { RTC_ERR_NOT_AVAIL, rtcSetNeedsToSendRtcpSr } from '@rxdc/capi-compat';
 * if (rtcSetNeedsToSendRtcpSr(id) === RTC_ERR_NOT_AVAIL) console.log('not supported here');
 * ```
 */
export function rtcSetNeedsToSendRtcpSr(id: number): number {
  return notAvailable(id);
}
