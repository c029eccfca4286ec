// rtc.h's rtcChainXxx functions: each adds a handler at the end of the track's chain
// (libdatachannel's Track::chainMediaHandler). The RTCP receiving session, sender reporter and
// NACK responder are node-datachannel's native handlers; PLI and REMB handlers have no native
// counterpart in node-datachannel, so @rxdc/native reads the RTCP packets that reach the track
// (see its TrackMedia), which it can while no receiving session precedes them in the chain.
import { RTC_ERR_INVALID } from '../constants.js';
import { callUser } from '../guard.js';
import { isLive } from '../handles.js';
import type { rtcPliHandlerCallbackFunc, rtcRembHandlerCallbackFunc } from './media.js';
import { withTrackMedia } from './media-call.js';

/**
 * Chains an RTCP receiving session on a track: it sends receiver reports to the remote sender,
 * and the PLI (rtcRequestKeyframe) and REMB (rtcRequestBitrate) requests. It consumes incoming
 * RTCP, so the message callback then sees RTP only. RTC_ERR_INVALID for a bad id,
 * RTC_ERR_FAILURE on a closed track.
 *
 * @example
 * ```ts
 * import { rtcChainRtcpReceivingSession } from '@rxdc/capi-compat';
 * rtcChainRtcpReceivingSession(tr);
 * ```
 */
export function rtcChainRtcpReceivingSession(tr: number): number {
  return withTrackMedia(tr, (media) => media.chain({ type: 'rtcp-receiving-session' }));
}

/**
 * Chains an RTCP sender reporter on a track: it sends a sender report with the first frame and
 * then at most once a second (rtcGetLastTrackSenderReportTimestamp reads its last timestamp).
 * It reports on the track's packetizer stream: RTC_ERR_INVALID without a packetizer, as in C.
 *
 * @example
 * ```ts
 * import { rtcChainRtcpSrReporter } from '@rxdc/capi-compat';
 * rtcChainRtcpSrReporter(tr);
 * ```
 */
export function rtcChainRtcpSrReporter(tr: number): number {
  return withTrackMedia(tr, (media) => media.chain({ type: 'rtcp-sr-reporter' }));
}

/**
 * Chains an RTCP NACK responder on a track: it keeps the last `maxStoredPacketsCount` packets
 * sent and resends those the remote reports lost. RTC_ERR_INVALID for a count that is not a
 * whole number from 1 to 1,000,000 (0 would store nothing; C takes any unsigned int).
 *
 * @example
 * ```ts
 * import { RTC_DEFAULT_MAX_STORED_PACKET_COUNT, rtcChainRtcpNackResponder } from '@rxdc/capi-compat';
 * rtcChainRtcpNackResponder(tr, RTC_DEFAULT_MAX_STORED_PACKET_COUNT);
 * ```
 */
export function rtcChainRtcpNackResponder(tr: number, maxStoredPacketsCount: number): number {
  return withTrackMedia(tr, (media) =>
    media.chain({ type: 'rtcp-nack-responder', maxStoredPackets: maxStoredPacketsCount }),
  );
}

/**
 * Chains a PLI handler on a track: `cb(tr, userPtr)` runs when the remote asks for a keyframe
 * (an RTCP PLI or FIR). RTC_ERR_INVALID for a bad id or a callback that is not a function;
 * RTC_ERR_NOT_AVAIL when an RTCP receiving session is already chained (node-datachannel's
 * session consumes RTCP natively before it could be read; in C the handler, chained after it,
 * runs first).
 *
 * @example
 * ```ts
 * import { rtcChainPliHandler } from '@rxdc/capi-compat';
 * rtcChainPliHandler(tr, (id) => console.log('send a keyframe on', id));
 * ```
 */
export function rtcChainPliHandler(tr: number, cb: rtcPliHandlerCallbackFunc | null): number {
  if (typeof cb !== 'function') return RTC_ERR_INVALID;
  return withTrackMedia(tr, (media, entry) =>
    media.chain({
      type: 'pli-handler',
      onPli: () => {
        if (isLive(entry)) callUser('PLI handler', cb, entry.id, entry.userPtr);
      },
    }),
  );
}

/**
 * Chains a REMB handler on a track: `cb(tr, bitrate, userPtr)` runs when the remote reports
 * its receiver-estimated maximum bitrate (an RTCP REMB), in bits per second. Same rules as
 * {@link rtcChainPliHandler}.
 *
 * @example
 * ```ts
 * import { rtcChainRembHandler } from '@rxdc/capi-compat';
 * rtcChainRembHandler(tr, (id, bitrate) => console.log(id, 'may send', bitrate, 'bit/s'));
 * ```
 */
export function rtcChainRembHandler(tr: number, cb: rtcRembHandlerCallbackFunc | null): number {
  if (typeof cb !== 'function') return RTC_ERR_INVALID;
  return withTrackMedia(tr, (media, entry) =>
    media.chain({
      type: 'remb-handler',
      onRemb: (bitrate) => {
        if (isLive(entry)) callUser('REMB handler', cb, entry.id, bitrate, entry.userPtr);
      },
    }),
  );
}
