/**
 * The connection state of a peer connection (`RTCPeerConnectionState`).
 *
 * @example
 * ```ts
 * import type { PeerState } from '@rxdc/core';
 * const done = (state: PeerState) => state === 'failed' || state === 'closed';
 * ```
 */
export type PeerState = 'new' | 'connecting' | 'connected' | 'disconnected' | 'failed' | 'closed';

/**
 * The ICE connection state of a peer connection.
 *
 * @example
 * ```ts
 * import type { IceState } from '@rxdc/core';
 * const linked = (state: IceState) => state === 'connected' || state === 'completed';
 * ```
 */
export type IceState =
  | 'new'
  | 'checking'
  | 'connected'
  | 'completed'
  | 'failed'
  | 'disconnected'
  | 'closed';

/**
 * The signaling state of a peer connection.
 *
 * @example
 * ```ts
 * import type { SignalingState } from '@rxdc/core';
 * const answering = (state: SignalingState) => state === 'have-remote-offer';
 * ```
 */
export type SignalingState =
  | 'stable'
  | 'have-local-offer'
  | 'have-remote-offer'
  | 'have-local-pranswer'
  | 'have-remote-pranswer';

/**
 * The ICE gathering state, as node-datachannel really reports it (its type definitions say
 * `'gathering'`, the binding sends `'in-progress'`).
 *
 * @example
 * ```ts
 * import type { GatheringState } from '@rxdc/core';
 * const gathered = (state: GatheringState) => state === 'complete';
 * ```
 */
export type GatheringState = 'new' | 'in-progress' | 'complete';

/**
 * A session description, as `localDescription$` emits it and `setRemoteDescription` takes it.
 *
 * @example
 * ```ts
 * import type { SessionDescription } from '@rxdc/core';
 * const rollback: SessionDescription = { type: 'rollback', sdp: '' };
 * ```
 */
export interface SessionDescription {
  /** What the description is in the offer/answer exchange. */
  readonly type: 'offer' | 'answer' | 'pranswer' | 'rollback' | 'unspec';
  /** The SDP text. */
  readonly sdp: string;
}

/**
 * An ICE candidate, as `localCandidate$` emits it and `addRemoteCandidate` takes it.
 *
 * @example
 * ```ts
 * import type { IceCandidate } from '@rxdc/core';
 * const candidate: IceCandidate = { candidate: 'candidate:1 1 UDP 1 127.0.0.1 9 typ host', mid: '0' };
 * ```
 */
export interface IceCandidate {
  /** The candidate line; node-datachannel produces it with its `a=` prefix. */
  readonly candidate: string;
  /** The media id it belongs to (`'0'` for a data-channel-only connection). */
  readonly mid: string;
}

/** Normalizes the gathering state node-datachannel reports. @internal */
export function toGatheringState(state: string): GatheringState {
  return state === 'gathering' ? 'in-progress' : (state as GatheringState);
}
