// rtc.h's media handler functions (packetizers, RTCP chains, interceptors, RTP timestamps)
// that node-datachannel cannot back. None is wired to node-datachannel here: node-datachannel
// 0.33 has an RTP packetizer for H264, H265 and AV1 and the RTCP SR reporter, NACK responder
// and receiving session (not yet used by this package), but no Opus, AAC, PCMU, PCMA or G722
// packetizer, no PLI or REMB handler, no media interceptor and no RTP timestamp access. So each
// one validates its id (RTC_ERR_INVALID for a bad one) and answers RTC_ERR_NOT_AVAIL.
import { RTC_ERR_INVALID, RTC_ERR_NOT_AVAIL, RTC_ERR_SUCCESS } from '../constants.js';
import { peerEntry, trackEntry } from '../handles.js';
import type {
  rtcInterceptorCallbackFunc,
  rtcPacketizationHandlerInit,
  rtcPacketizerInit,
  rtcPliHandlerCallbackFunc,
  rtcRembHandlerCallbackFunc,
} from './media.js';

function notAvailable(tr: unknown): number {
  return trackEntry(tr) ? RTC_ERR_NOT_AVAIL : RTC_ERR_INVALID;
}

/**
 * rtc.h's rtcSetH264Packetizer (the H264 RTP packetizer): not wired to node-datachannel here (see the README); returns RTC_ERR_NOT_AVAIL
 * for a track id, RTC_ERR_INVALID for anything else.
 *
 * @example
 * ```ts
 * import { RTC_ERR_NOT_AVAIL, rtcSetH264Packetizer } from '@rxdc/capi-compat';
 * if (rtcSetH264Packetizer(tr, null) === RTC_ERR_NOT_AVAIL) console.log('not supported here');
 * ```
 */
export function rtcSetH264Packetizer(tr: number, _init: rtcPacketizerInit | null): number {
  return notAvailable(tr);
}

/**
 * rtc.h's rtcSetH265Packetizer (the H265 RTP packetizer): not wired to node-datachannel here (see the README); returns RTC_ERR_NOT_AVAIL
 * for a track id, RTC_ERR_INVALID for anything else.
 *
 * @example
 * ```ts
 * import { RTC_ERR_NOT_AVAIL, rtcSetH265Packetizer } from '@rxdc/capi-compat';
 * if (rtcSetH265Packetizer(tr, null) === RTC_ERR_NOT_AVAIL) console.log('not supported here');
 * ```
 */
export function rtcSetH265Packetizer(tr: number, _init: rtcPacketizerInit | null): number {
  return notAvailable(tr);
}

/**
 * rtc.h's rtcSetAV1Packetizer (the AV1 RTP packetizer): not wired to node-datachannel here (see the README); returns RTC_ERR_NOT_AVAIL
 * for a track id, RTC_ERR_INVALID for anything else.
 *
 * @example
 * ```ts
 * import { RTC_ERR_NOT_AVAIL, rtcSetAV1Packetizer } from '@rxdc/capi-compat';
 * if (rtcSetAV1Packetizer(tr, null) === RTC_ERR_NOT_AVAIL) console.log('not supported here');
 * ```
 */
export function rtcSetAV1Packetizer(tr: number, _init: rtcPacketizerInit | null): number {
  return notAvailable(tr);
}

/**
 * rtc.h's rtcSetOpusPacketizer (the Opus RTP packetizer): not wired to node-datachannel here (see the README); returns RTC_ERR_NOT_AVAIL
 * for a track id, RTC_ERR_INVALID for anything else.
 *
 * @example
 * ```ts
 * import { RTC_ERR_NOT_AVAIL, rtcSetOpusPacketizer } from '@rxdc/capi-compat';
 * if (rtcSetOpusPacketizer(tr, null) === RTC_ERR_NOT_AVAIL) console.log('not supported here');
 * ```
 */
export function rtcSetOpusPacketizer(tr: number, _init: rtcPacketizerInit | null): number {
  return notAvailable(tr);
}

/**
 * rtc.h's rtcSetAACPacketizer (the AAC RTP packetizer): not wired to node-datachannel here (see the README); returns RTC_ERR_NOT_AVAIL
 * for a track id, RTC_ERR_INVALID for anything else.
 *
 * @example
 * ```ts
 * import { RTC_ERR_NOT_AVAIL, rtcSetAACPacketizer } from '@rxdc/capi-compat';
 * if (rtcSetAACPacketizer(tr, null) === RTC_ERR_NOT_AVAIL) console.log('not supported here');
 * ```
 */
export function rtcSetAACPacketizer(tr: number, _init: rtcPacketizerInit | null): number {
  return notAvailable(tr);
}

/**
 * rtc.h's rtcChainRtcpReceivingSession (the RTCP receiving session): not wired to node-datachannel here (see the README); returns RTC_ERR_NOT_AVAIL
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
 * rtc.h's rtcChainRtcpSrReporter (the RTCP sender report reporter): not wired to node-datachannel here (see the README); returns RTC_ERR_NOT_AVAIL
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
 * rtc.h's rtcChainRtcpNackResponder (the RTCP NACK responder): not wired to node-datachannel here (see the README); returns RTC_ERR_NOT_AVAIL
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
 * rtc.h's rtcChainPliHandler (a PLI handler): not wired to node-datachannel here (see the README); returns RTC_ERR_NOT_AVAIL
 * for a track id, RTC_ERR_INVALID for anything else.
 *
 * @example
 * ```ts
 * import { RTC_ERR_NOT_AVAIL, rtcChainPliHandler } from '@rxdc/capi-compat';
 * if (rtcChainPliHandler(tr, null) === RTC_ERR_NOT_AVAIL) console.log('not supported here');
 * ```
 */
export function rtcChainPliHandler(tr: number, _cb: rtcPliHandlerCallbackFunc | null): number {
  return notAvailable(tr);
}

/**
 * rtc.h's rtcChainRembHandler (a REMB handler): not wired to node-datachannel here (see the README); returns RTC_ERR_NOT_AVAIL
 * for a track id, RTC_ERR_INVALID for anything else.
 *
 * @example
 * ```ts
 * import { RTC_ERR_NOT_AVAIL, rtcChainRembHandler } from '@rxdc/capi-compat';
 * if (rtcChainRembHandler(tr, null) === RTC_ERR_NOT_AVAIL) console.log('not supported here');
 * ```
 */
export function rtcChainRembHandler(tr: number, _cb: rtcRembHandlerCallbackFunc | null): number {
  return notAvailable(tr);
}

/**
 * rtc.h's rtcSetMediaInterceptorCallback: sets a media interceptor on a peer connection.
 * node-datachannel 0.33 cannot intercept media, so a callback gives RTC_ERR_NOT_AVAIL; `null`
 * (no interceptor, C's default) gives RTC_ERR_SUCCESS. RTC_ERR_INVALID for an id that is not a
 * peer connection.
 *
 * @example
 * ```ts
 * import { RTC_ERR_NOT_AVAIL, rtcSetMediaInterceptorCallback } from '@rxdc/capi-compat';
 * if (rtcSetMediaInterceptorCallback(pc, (pc, msg) => msg) === RTC_ERR_NOT_AVAIL) console.log('not supported here');
 * ```
 */
export function rtcSetMediaInterceptorCallback(
  pc: number,
  cb: rtcInterceptorCallbackFunc | null,
): number {
  if (!peerEntry(pc)) return RTC_ERR_INVALID;
  if (cb === null || cb === undefined) return RTC_ERR_SUCCESS;
  return typeof cb === 'function' ? RTC_ERR_NOT_AVAIL : RTC_ERR_INVALID;
}

/**
 * rtc.h's rtcTransformSecondsToTimestamp (RTP timestamp conversion): not wired to node-datachannel here (see the README); returns RTC_ERR_NOT_AVAIL
 * for a track id, RTC_ERR_INVALID for anything else.
 *
 * @example
 * ```ts
 * import { RTC_ERR_NOT_AVAIL, rtcTransformSecondsToTimestamp } from '@rxdc/capi-compat';
 * if (rtcTransformSecondsToTimestamp(id, 1.5, new Uint32Array(1)) === RTC_ERR_NOT_AVAIL) console.log('not supported here');
 * ```
 */
export function rtcTransformSecondsToTimestamp(
  id: number,
  _seconds: number,
  _timestamp: Uint32Array,
): number {
  return notAvailable(id);
}

/**
 * rtc.h's rtcTransformTimestampToSeconds (RTP timestamp conversion): not wired to node-datachannel here (see the README); returns RTC_ERR_NOT_AVAIL
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
 * rtc.h's rtcGetCurrentTrackTimestamp (the current RTP timestamp): not wired to node-datachannel here (see the README); returns RTC_ERR_NOT_AVAIL
 * for a track id, RTC_ERR_INVALID for anything else.
 *
 * @example
 * ```ts
 * import { RTC_ERR_NOT_AVAIL, rtcGetCurrentTrackTimestamp } from '@rxdc/capi-compat';
 * if (rtcGetCurrentTrackTimestamp(id, new Uint32Array(1)) === RTC_ERR_NOT_AVAIL) console.log('not supported here');
 * ```
 */
export function rtcGetCurrentTrackTimestamp(id: number, _timestamp: Uint32Array): number {
  return notAvailable(id);
}

/**
 * rtc.h's rtcSetTrackRtpTimestamp (the RTP timestamp): not wired to node-datachannel here (see the README); returns RTC_ERR_NOT_AVAIL
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
 * rtc.h's rtcGetLastTrackSenderReportTimestamp (the last sender report timestamp): not wired to node-datachannel here (see the README); returns RTC_ERR_NOT_AVAIL
 * for a track id, RTC_ERR_INVALID for anything else.
 *
 * @example
 * ```ts
 * import { RTC_ERR_NOT_AVAIL, rtcGetLastTrackSenderReportTimestamp } from '@rxdc/capi-compat';
 * if (rtcGetLastTrackSenderReportTimestamp(id, new Uint32Array(1)) === RTC_ERR_NOT_AVAIL) console.log('not supported here');
 * ```
 */
export function rtcGetLastTrackSenderReportTimestamp(id: number, _timestamp: Uint32Array): number {
  return notAvailable(id);
}

/**
 * rtc.h's rtcSetNeedsToSendRtcpSr (RTCP sender reports): not wired to node-datachannel here (see the README); returns RTC_ERR_NOT_AVAIL
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

/**
 * rtc.h's rtcSetPCMUPacketizer (the PCMU RTP packetizer): node-datachannel 0.33 has no PCMU packetizer;
 * returns RTC_ERR_NOT_AVAIL for a track id, RTC_ERR_INVALID for anything else.
 *
 * @example
 * ```ts
 * import { RTC_ERR_NOT_AVAIL, rtcSetPCMUPacketizer } from '@rxdc/capi-compat';
 * if (rtcSetPCMUPacketizer(tr, null) === RTC_ERR_NOT_AVAIL) console.log('not supported here');
 * ```
 */
export function rtcSetPCMUPacketizer(tr: number, _init: rtcPacketizerInit | null): number {
  return notAvailable(tr);
}

/**
 * rtc.h's rtcSetPCMAPacketizer (the PCMA RTP packetizer): node-datachannel 0.33 has no PCMA packetizer;
 * returns RTC_ERR_NOT_AVAIL for a track id, RTC_ERR_INVALID for anything else.
 *
 * @example
 * ```ts
 * import { RTC_ERR_NOT_AVAIL, rtcSetPCMAPacketizer } from '@rxdc/capi-compat';
 * if (rtcSetPCMAPacketizer(tr, null) === RTC_ERR_NOT_AVAIL) console.log('not supported here');
 * ```
 */
export function rtcSetPCMAPacketizer(tr: number, _init: rtcPacketizerInit | null): number {
  return notAvailable(tr);
}

/**
 * rtc.h's rtcSetG722Packetizer (the G722 RTP packetizer): node-datachannel 0.33 has no G722 packetizer;
 * returns RTC_ERR_NOT_AVAIL for a track id, RTC_ERR_INVALID for anything else.
 *
 * @example
 * ```ts
 * import { RTC_ERR_NOT_AVAIL, rtcSetG722Packetizer } from '@rxdc/capi-compat';
 * if (rtcSetG722Packetizer(tr, null) === RTC_ERR_NOT_AVAIL) console.log('not supported here');
 * ```
 */
export function rtcSetG722Packetizer(tr: number, _init: rtcPacketizerInit | null): number {
  return notAvailable(tr);
}

/**
 * Deprecated name of {@link rtcSetH264Packetizer} (a `static inline` alias in rtc.h).
 *
 * @deprecated Use rtcSetH264Packetizer.
 * @example
 * ```ts
 * import { rtcSetH264PacketizationHandler } from '@rxdc/capi-compat';
 * rtcSetH264PacketizationHandler(tr, null); // same as rtcSetH264Packetizer
 * ```
 */
export function rtcSetH264PacketizationHandler(
  tr: number,
  init: rtcPacketizationHandlerInit | null,
): number {
  return rtcSetH264Packetizer(tr, init);
}

/**
 * Deprecated name of {@link rtcSetH265Packetizer} (a `static inline` alias in rtc.h).
 *
 * @deprecated Use rtcSetH265Packetizer.
 * @example
 * ```ts
 * import { rtcSetH265PacketizationHandler } from '@rxdc/capi-compat';
 * rtcSetH265PacketizationHandler(tr, null); // same as rtcSetH265Packetizer
 * ```
 */
export function rtcSetH265PacketizationHandler(
  tr: number,
  init: rtcPacketizationHandlerInit | null,
): number {
  return rtcSetH265Packetizer(tr, init);
}

/**
 * Deprecated name of {@link rtcSetAV1Packetizer} (a `static inline` alias in rtc.h).
 *
 * @deprecated Use rtcSetAV1Packetizer.
 * @example
 * ```ts
 * import { rtcSetAV1PacketizationHandler } from '@rxdc/capi-compat';
 * rtcSetAV1PacketizationHandler(tr, null); // same as rtcSetAV1Packetizer
 * ```
 */
export function rtcSetAV1PacketizationHandler(
  tr: number,
  init: rtcPacketizationHandlerInit | null,
): number {
  return rtcSetAV1Packetizer(tr, init);
}

/**
 * Deprecated name of {@link rtcSetOpusPacketizer} (a `static inline` alias in rtc.h).
 *
 * @deprecated Use rtcSetOpusPacketizer.
 * @example
 * ```ts
 * import { rtcSetOpusPacketizationHandler } from '@rxdc/capi-compat';
 * rtcSetOpusPacketizationHandler(tr, null); // same as rtcSetOpusPacketizer
 * ```
 */
export function rtcSetOpusPacketizationHandler(
  tr: number,
  init: rtcPacketizationHandlerInit | null,
): number {
  return rtcSetOpusPacketizer(tr, init);
}

/**
 * Deprecated name of {@link rtcSetAACPacketizer} (a `static inline` alias in rtc.h).
 *
 * @deprecated Use rtcSetAACPacketizer.
 * @example
 * ```ts
 * import { rtcSetAACPacketizationHandler } from '@rxdc/capi-compat';
 * rtcSetAACPacketizationHandler(tr, null); // same as rtcSetAACPacketizer
 * ```
 */
export function rtcSetAACPacketizationHandler(
  tr: number,
  init: rtcPacketizationHandlerInit | null,
): number {
  return rtcSetAACPacketizer(tr, init);
}
