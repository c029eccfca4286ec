// rtc.h's media interceptor. In libdatachannel it is the peer connection's media handler: it
// sees each incoming media packet before the tracks do. node-datachannel exposes no peer-level
// media handler, so the interceptor is installed on every track of the peer (those it has and
// those it gets later) through @rxdc/native's TrackMedia, which runs it on each packet that
// reaches the track. It then does not see what a track's RTCP receiving session consumes
// natively, nor packets that belong to no track.
import { RtcError, type TrackMedia } from '@rxdc/native';
import { RTC_ERR_INVALID, RTC_ERR_SUCCESS } from '../constants.js';
import { reportError } from '../guard.js';
import { allEntries, isLive, type PeerEntry, peerEntry } from '../handles.js';
import type { rtcInterceptorCallbackFunc, rtcMessage } from './media.js';
import type { TrackEntry } from './media-call.js';

const interceptors = new WeakMap<PeerEntry, rtcInterceptorCallbackFunc>();

function isOpaqueMessage(value: unknown): value is rtcMessage {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as rtcMessage).data instanceof Uint8Array &&
    Object.isFrozen(value)
  );
}

function install(pc: PeerEntry, media: TrackMedia, cb: rtcInterceptorCallbackFunc | undefined) {
  if (!cb) {
    media.setInterceptor(undefined);
    return;
  }
  media.setInterceptor((packet) => {
    // As in C, the callback runs while the peer connection's id exists.
    if (!isLive(pc)) return packet;
    const result = cb(pc.id, packet, packet.length, pc.userPtr) as unknown;
    if (result === null || result === undefined) return null;
    if (result === packet) return packet;
    if (isOpaqueMessage(result)) return result.data;
    if (result instanceof Uint8Array) return result;
    throw new RtcError(
      'INVALID_ARGUMENT',
      'a media interceptor must return the message, an rtcMessage (rtcCreateOpaqueMessage) or null',
    );
  });
}

/**
 * Gives a track of `pc` its peer's interceptor, if one is set (a track added or received after
 * rtcSetMediaInterceptorCallback). @internal
 */
export function installPeerInterceptor(pc: PeerEntry, track: TrackEntry): void {
  const cb = interceptors.get(pc);
  if (!cb) return;
  try {
    install(pc, track.lifetime.media, cb);
  } catch (error) {
    reportError('media interceptor', error);
  }
}

/**
 * Sets the media interceptor of a peer connection: `cb(pc, message, size, userPtr)` sees each
 * incoming RTP/RTCP packet of the peer's tracks before their message callbacks, and returns
 * the message itself to forward it, an rtcMessage (rtcCreateOpaqueMessage) or any other
 * Uint8Array to forward that instead, or null to drop it. `null` removes it. An interceptor that
 * throws, or returns something else, has the packet forwarded unchanged and the error logged.
 * It sees the packets node-datachannel gives JavaScript: not the RTCP an RTCP receiving
 * session consumes natively. RTC_ERR_INVALID for an id that is not a peer connection or a `cb`
 * that is neither a function nor null.
 *
 * @example
 * ```ts
 * import { rtcSetMediaInterceptorCallback } from '@rxdc/capi-compat';
 * // Drop every RTCP packet, forward the rest.
 * rtcSetMediaInterceptorCallback(pc, (_pc, message) => (message[1]! >= 192 && message[1]! <= 223 ? null : message));
 * ```
 */
export function rtcSetMediaInterceptorCallback(
  pc: number,
  cb: rtcInterceptorCallbackFunc | null,
): number {
  const entry = peerEntry(pc);
  if (!entry || (cb !== null && cb !== undefined && typeof cb !== 'function'))
    return RTC_ERR_INVALID;
  if (cb) interceptors.set(entry, cb);
  else interceptors.delete(entry);
  for (const track of allEntries()) {
    if (track.kind !== 'tr' || track.pcId !== pc || track.closedSeen) continue;
    try {
      install(entry, track.lifetime.media, cb ?? undefined);
    } catch (error) {
      // A track that closed meanwhile has nothing left to intercept.
      if (!(error instanceof RtcError && error.code === 'CLOSED'))
        reportError('media interceptor', error);
    }
  }
  return RTC_ERR_SUCCESS;
}
