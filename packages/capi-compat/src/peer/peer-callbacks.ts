import { RTC_ERR_INVALID, RTC_ERR_SUCCESS } from '../constants.js';
import { isCallbackArg } from '../guard.js';
import { type PeerCallbacks, peerEntry } from '../handles.js';

/**
 * `void (*)(int pc, const char *sdp, const char *type, void *user_ptr)`.
 *
 * @example
 * ```ts
 * import { type rtcDescriptionCallbackFunc } from '@rxdc/capi-compat';
 * const onDescription: rtcDescriptionCallbackFunc = (pc, sdp, type) => console.log(type, sdp);
 * ```
 */
export type rtcDescriptionCallbackFunc = (
  pc: number,
  sdp: string,
  type: string,
  userPtr: unknown,
) => void;
/**
 * `void (*)(int pc, const char *cand, const char *mid, void *user_ptr)`.
 *
 * @example
 * ```ts
 * import { type rtcCandidateCallbackFunc } from '@rxdc/capi-compat';
 * const onCandidate: rtcCandidateCallbackFunc = (pc, cand, mid) => console.log(mid, cand);
 * ```
 */
export type rtcCandidateCallbackFunc = (
  pc: number,
  cand: string,
  mid: string,
  userPtr: unknown,
) => void;
/**
 * `void (*)(int pc, rtcState state, void *user_ptr)`.
 *
 * @example
 * ```ts
 * import { RTC_CONNECTED, type rtcStateChangeCallbackFunc } from '@rxdc/capi-compat';
 * const onState: rtcStateChangeCallbackFunc = (pc, state) => state === RTC_CONNECTED && console.log('up');
 * ```
 */
export type rtcStateChangeCallbackFunc = (pc: number, state: number, userPtr: unknown) => void;
/**
 * `void (*)(int pc, rtcIceState state, void *user_ptr)`.
 *
 * @example
 * ```ts
 * import { type rtcIceStateChangeCallbackFunc } from '@rxdc/capi-compat';
 * const onIce: rtcIceStateChangeCallbackFunc = (pc, state) => console.log('ice', state);
 * ```
 */
export type rtcIceStateChangeCallbackFunc = (pc: number, state: number, userPtr: unknown) => void;
/**
 * `void (*)(int pc, rtcGatheringState state, void *user_ptr)`.
 *
 * @example
 * ```ts
 * import { type rtcGatheringStateCallbackFunc } from '@rxdc/capi-compat';
 * const onGathering: rtcGatheringStateCallbackFunc = (pc, state) => console.log('gathering', state);
 * ```
 */
export type rtcGatheringStateCallbackFunc = (pc: number, state: number, userPtr: unknown) => void;
/**
 * `void (*)(int pc, rtcSignalingState state, void *user_ptr)`.
 *
 * @example
 * ```ts
 * import { type rtcSignalingStateCallbackFunc } from '@rxdc/capi-compat';
 * const onSignaling: rtcSignalingStateCallbackFunc = (pc, state) => console.log('signaling', state);
 * ```
 */
export type rtcSignalingStateCallbackFunc = (pc: number, state: number, userPtr: unknown) => void;
/**
 * `void (*)(int pc, int dc, void *user_ptr)`: a data channel opened by the remote peer.
 *
 * @example
 * ```ts
 * import { type rtcDataChannelCallbackFunc } from '@rxdc/capi-compat';
 * const onDataChannel: rtcDataChannelCallbackFunc = (pc, dc) => console.log('new channel', dc);
 * ```
 */
export type rtcDataChannelCallbackFunc = (pc: number, dc: number, userPtr: unknown) => void;
/**
 * `void (*)(int pc, int tr, void *user_ptr)`: a track added by the remote peer.
 *
 * @example
 * ```ts
 * import { type rtcTrackCallbackFunc } from '@rxdc/capi-compat';
 * const onTrack: rtcTrackCallbackFunc = (pc, tr) => console.log('new track', tr);
 * ```
 */
export type rtcTrackCallbackFunc = (pc: number, tr: number, userPtr: unknown) => void;

function setPeerCallback(pc: number, slot: keyof PeerCallbacks, cb: unknown): number {
  const entry = peerEntry(pc);
  if (!entry || !isCallbackArg(cb)) return RTC_ERR_INVALID;
  entry.cbs[slot] = cb ?? null;
  return RTC_ERR_SUCCESS;
}

/**
 * Sets (or with `null` unsets) the local description callback: send the SDP to the remote peer.
 *
 * @example
 * ```ts
 * import { rtcSetLocalDescriptionCallback } from '@rxdc/capi-compat';
 * rtcSetLocalDescriptionCallback(pc, (pc, sdp, type, ptr) => signaling.send({ sdp, type }));
 * ```
 */
export function rtcSetLocalDescriptionCallback(
  pc: number,
  cb: rtcDescriptionCallbackFunc | null,
): number {
  return setPeerCallback(pc, 'localDescription', cb);
}

/**
 * Sets (or unsets) the local candidate callback (candidates start with `a=`).
 *
 * @example
 * ```ts
 * import { rtcSetLocalCandidateCallback } from '@rxdc/capi-compat';
 * rtcSetLocalCandidateCallback(pc, (pc, cand, mid) => signaling.send({ cand, mid }));
 * ```
 */
export function rtcSetLocalCandidateCallback(
  pc: number,
  cb: rtcCandidateCallbackFunc | null,
): number {
  return setPeerCallback(pc, 'localCandidate', cb);
}

/**
 * Sets (or unsets) the state change callback (RTC_NEW ... RTC_CLOSED).
 *
 * @example
 * ```ts
 * import { RTC_CONNECTED, rtcSetStateChangeCallback } from '@rxdc/capi-compat';
 * rtcSetStateChangeCallback(pc, (pc, state) => { if (state === RTC_CONNECTED) console.log('connected'); });
 * ```
 */
export function rtcSetStateChangeCallback(
  pc: number,
  cb: rtcStateChangeCallbackFunc | null,
): number {
  return setPeerCallback(pc, 'stateChange', cb);
}

/**
 * Sets (or unsets) the ICE state change callback (RTC_ICE_NEW ... RTC_ICE_CLOSED).
 *
 * @example
 * ```ts
 * import { rtcSetIceStateChangeCallback } from '@rxdc/capi-compat';
 * rtcSetIceStateChangeCallback(pc, (pc, state) => console.log('ice state', state));
 * ```
 */
export function rtcSetIceStateChangeCallback(
  pc: number,
  cb: rtcIceStateChangeCallbackFunc | null,
): number {
  return setPeerCallback(pc, 'iceStateChange', cb);
}

/**
 * Sets (or unsets) the gathering state callback.
 *
 * @example
 * ```ts
 * import { RTC_GATHERING_COMPLETE, rtcSetGatheringStateChangeCallback } from '@rxdc/capi-compat';
 * rtcSetGatheringStateChangeCallback(pc, (pc, state) => state === RTC_GATHERING_COMPLETE && console.log('gathered'));
 * ```
 */
export function rtcSetGatheringStateChangeCallback(
  pc: number,
  cb: rtcGatheringStateCallbackFunc | null,
): number {
  return setPeerCallback(pc, 'gatheringStateChange', cb);
}

/**
 * Sets (or unsets) the signaling state callback.
 *
 * @example
 * ```ts
 * import { rtcSetSignalingStateChangeCallback } from '@rxdc/capi-compat';
 * rtcSetSignalingStateChangeCallback(pc, (pc, state) => console.log('signaling state', state));
 * ```
 */
export function rtcSetSignalingStateChangeCallback(
  pc: number,
  cb: rtcSignalingStateCallbackFunc | null,
): number {
  return setPeerCallback(pc, 'signalingStateChange', cb);
}

/**
 * Sets (or unsets) the callback for data channels opened by the remote peer. Their user
 * pointer starts as the peer connection's; their open callback fires right after this returns.
 *
 * @example
 * ```ts
 * import { rtcSetDataChannelCallback, rtcSetMessageCallback } from '@rxdc/capi-compat';
 * rtcSetDataChannelCallback(pc, (pc, dc) => rtcSetMessageCallback(dc, (id, msg) => console.log(msg)));
 * ```
 */
export function rtcSetDataChannelCallback(
  pc: number,
  cb: rtcDataChannelCallbackFunc | null,
): number {
  return setPeerCallback(pc, 'dataChannel', cb);
}

/**
 * Sets (or unsets) the callback for tracks added by the remote peer.
 *
 * @example
 * ```ts
 * import { rtcSetTrackCallback } from '@rxdc/capi-compat';
 * rtcSetTrackCallback(pc, (pc, tr) => console.log('remote track', tr));
 * ```
 */
export function rtcSetTrackCallback(pc: number, cb: rtcTrackCallbackFunc | null): number {
  return setPeerCallback(pc, 'track', cb);
}
