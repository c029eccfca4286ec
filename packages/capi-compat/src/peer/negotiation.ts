// Negotiation: local and remote descriptions, remote candidates. The setLocalDescription
// refusals that keep node-datachannel from aborting are @rxdc/native's.
import { isLocalDescriptionType, type LocalDescriptionType } from '@rxdc/native';
import { type CharBuffer, isBufferArg } from '../buffers.js';
import {
  RTC_ERR_FAILURE,
  RTC_ERR_INVALID,
  RTC_ERR_NOT_AVAIL,
  RTC_ERR_SUCCESS,
} from '../constants.js';
import { toRtcErr } from '../error-codes.js';
import { peerEntry } from '../handles.js';
import { isOptionalString } from './peer-config.js';

/** A description type argument: one of @rxdc/native's four, or null / undefined to detect. */
function isDescriptionTypeArg(type: unknown): boolean {
  return type === null || type === undefined || isLocalDescriptionType(type);
}

/**
 * Starts (or answers in) the handshake; `type` is "offer", "answer", "pranswer", "rollback" or
 * `null` to detect. Calls node-datachannel would abort the process on are refused with
 * RTC_ERR_FAILURE: nothing to negotiate yet, an answer in state stable, an offer while a
 * remote offer is pending, a closed connection.
 *
 * @example
 * ```ts
 * import { rtcCreatePeerConnection, rtcCreateDataChannel, rtcSetLocalDescription } from '@rxdc/capi-compat';
 * const pc = rtcCreatePeerConnection({ disableAutoNegotiation: true, bindAddress: '127.0.0.1' });
 * rtcCreateDataChannel(pc, 'chat');
 * rtcSetLocalDescription(pc, 'offer');
 * ```
 */
export function rtcSetLocalDescription(pc: number, type: string | null): number {
  const entry = peerEntry(pc);
  if (!entry) return RTC_ERR_INVALID;
  if (!isDescriptionTypeArg(type)) return RTC_ERR_INVALID;
  try {
    entry.lifetime.setLocalDescription((type ?? undefined) as LocalDescriptionType | undefined);
    return RTC_ERR_SUCCESS;
  } catch (error) {
    // The refusals that keep node-datachannel from aborting are @rxdc/native's.
    return toRtcErr(error);
  }
}

/**
 * Sets the remote description received from the peer (`type` null to detect). With
 * auto-negotiation an offer is answered automatically.
 *
 * @example
 * ```ts
 * import { rtcSetRemoteDescription } from '@rxdc/capi-compat';
 * rtcSetRemoteDescription(pc, remote.sdp, remote.type);
 * ```
 */
export function rtcSetRemoteDescription(pc: number, sdp: string, type: string | null): number {
  const entry = peerEntry(pc);
  if (!entry || typeof sdp !== 'string') return RTC_ERR_INVALID;
  if (!isDescriptionTypeArg(type)) return RTC_ERR_INVALID;
  try {
    // Checks, the release order and the candidates held for it are @rxdc/native's.
    entry.lifetime.setRemoteDescription({ sdp, type: type ?? null });
    return RTC_ERR_SUCCESS;
  } catch (error) {
    return toRtcErr(error);
  }
}

/**
 * Adds a remote candidate (with or without `a=`); `mid` null to detect. One that arrives before
 * the remote description is held for it (up to @rxdc/native's MAX_EARLY_REMOTE_CANDIDATES, then
 * RTC_ERR_FAILURE) and applied right after it. After the connection failed or closed it can no
 * longer be applied: RTC_ERR_FAILURE, as libdatachannel answers.
 *
 * @example
 * ```ts
 * import { rtcAddRemoteCandidate } from '@rxdc/capi-compat';
 * rtcAddRemoteCandidate(pc, remote.cand, remote.mid);
 * ```
 */
export function rtcAddRemoteCandidate(pc: number, cand: string, mid: string | null): number {
  const entry = peerEntry(pc);
  if (!entry || typeof cand !== 'string' || !isOptionalString(mid)) return RTC_ERR_INVALID;
  try {
    const result = entry.lifetime.addRemoteCandidate({ candidate: cand, mid });
    return result === 'dropped' ? RTC_ERR_FAILURE : RTC_ERR_SUCCESS;
  } catch (error) {
    return toRtcErr(error);
  }
}

/**
 * Whether a local data channel or track was added since the last local description (false for
 * a bad id). node-datachannel does not expose libdatachannel's flag; this is tracked in JS.
 *
 * @example
 * ```ts
 * import { rtcIsNegotiationNeeded, rtcSetLocalDescription } from '@rxdc/capi-compat';
 * if (rtcIsNegotiationNeeded(pc)) rtcSetLocalDescription(pc, null);
 * ```
 */
export function rtcIsNegotiationNeeded(pc: number): boolean {
  const entry = peerEntry(pc);
  return entry !== undefined && !entry.closed && entry.negotiationNeeded;
}

/**
 * rtc.h's rtcCreateOffer (generate an offer without setting it): RTC_ERR_NOT_AVAIL, because
 * node-datachannel 0.33 makes it impossible. libdatachannel builds the offer from the peer's
 * ICE transport (its credentials) and certificate (its fingerprint); node-datachannel's
 * PeerConnection has no createOffer, and the only call that makes them, setLocalDescription,
 * sets the description, starts gathering and changes the signaling state, which C's
 * rtcCreateOffer must not (node-datachannel's own RTCPeerConnection polyfill answers
 * createOffer() with the description already set). The arguments are still validated
 * (RTC_ERR_INVALID).
 *
 * @example
 * ```ts
 * import { RTC_ERR_NOT_AVAIL, rtcCreateOffer } from '@rxdc/capi-compat';
 * if (rtcCreateOffer(pc, null, 0) === RTC_ERR_NOT_AVAIL) console.log('use rtcSetLocalDescription');
 * ```
 */
export function rtcCreateOffer(pc: number, buffer: CharBuffer, size: number): number {
  if (!peerEntry(pc) || !isBufferArg(buffer, size)) return RTC_ERR_INVALID;
  return RTC_ERR_NOT_AVAIL;
}

/**
 * rtc.h's rtcCreateAnswer: RTC_ERR_NOT_AVAIL, for the reason given at {@link rtcCreateOffer}.
 *
 * @example
 * ```ts
 * import { RTC_ERR_NOT_AVAIL, rtcCreateAnswer } from '@rxdc/capi-compat';
 * if (rtcCreateAnswer(pc, null, 0) === RTC_ERR_NOT_AVAIL) console.log('use rtcSetLocalDescription');
 * ```
 */
export function rtcCreateAnswer(pc: number, buffer: CharBuffer, size: number): number {
  if (!peerEntry(pc) || !isBufferArg(buffer, size)) return RTC_ERR_INVALID;
  return RTC_ERR_NOT_AVAIL;
}
