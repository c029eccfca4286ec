import type { NativeDataChannel, NativePeerConnection, NativeTrack } from '../binding.js';
import { guarded, type ThrowReporter } from '../errors/guarded.js';

/**
 * What a peer connection's native callbacks are handed to. States arrive as node-datachannel's
 * strings (gathering: `"in-progress"`, not the `"gathering"` its types say).
 *
 * @example
 * ```ts
 * import type { PeerCallbacks } from '@rxdc/native';
 * type OnState = PeerCallbacks['state'];
 * ```
 */
export interface PeerCallbacks {
  /** A local description to send to the remote peer. */
  localDescription(sdp: string, type: string): void;
  /** A local candidate to send to the remote peer (`a=candidate:...`). */
  localCandidate(candidate: string, mid: string): void;
  /** The ICE connection state changed. */
  iceState(state: string): void;
  /** The signaling state changed. */
  signalingState(state: string): void;
  /** The ICE gathering state changed. */
  gatheringState(state: string): void;
  /** The remote side opened a data channel. */
  dataChannel(channel: NativeDataChannel): void;
  /** The remote side added a track. */
  track(track: NativeTrack): void;
  /** The connection state changed. */
  state(state: string): void;
}

/**
 * Installs every callback slot of a native peer connection, once, in the one order rxdc uses;
 * the state slot goes last, so every other queue is drained before the final `"closed"`.
 * Every callback is guarded (see {@link guarded}).
 *
 * @example
 * ```ts
 * import { installPeerCallbacks, type NativePeerConnection, type PeerCallbacks } from '@rxdc/native';
 * declare const pc: NativePeerConnection;
 * declare const callbacks: PeerCallbacks;
 * installPeerCallbacks(pc, callbacks, console.error);
 * ```
 */
export function installPeerCallbacks(
  pc: NativePeerConnection,
  callbacks: PeerCallbacks,
  report: ThrowReporter,
): void {
  pc.onLocalDescription(
    guarded((sdp: string, type: string) => callbacks.localDescription(sdp, type), report),
  );
  pc.onLocalCandidate(
    guarded((candidate: string, mid: string) => callbacks.localCandidate(candidate, mid), report),
  );
  pc.onIceStateChange(guarded((state: string) => callbacks.iceState(state), report));
  pc.onSignalingStateChange(guarded((state: string) => callbacks.signalingState(state), report));
  pc.onGatheringStateChange(guarded((state: string) => callbacks.gatheringState(state), report));
  pc.onDataChannel(guarded((channel: NativeDataChannel) => callbacks.dataChannel(channel), report));
  pc.onTrack(guarded((track: NativeTrack) => callbacks.track(track), report));
  pc.onStateChange(guarded((state: string) => callbacks.state(state), report));
}
