import { RTCIceCandidate } from '../candidate/rtc-ice-candidate.js';
import { defineEventHandlers } from '../events/event-handler-attributes.js';

/**
 * An ICE transport's state (WebRTC 1.0 `RTCIceTransportState`).
 *
 * @example
 * ```ts
 * import type { RTCIceTransportState } from '@rxdc/webrtc';
 * const state: RTCIceTransportState = 'connected';
 * ```
 */
export type RTCIceTransportState =
  | 'new'
  | 'checking'
  | 'connected'
  | 'completed'
  | 'disconnected'
  | 'failed'
  | 'closed';

/**
 * ICE gathering's state (WebRTC 1.0 `RTCIceGathererState`).
 *
 * @example
 * ```ts
 * import type { RTCIceGathererState } from '@rxdc/webrtc';
 * const state: RTCIceGathererState = 'complete';
 * ```
 */
export type RTCIceGathererState = 'new' | 'gathering' | 'complete';

/**
 * The candidates ICE selected (WebRTC 1.0 `RTCIceCandidatePair`).
 *
 * @example
 * ```ts
 * import type { RTCIceCandidatePair } from '@rxdc/webrtc';
 * declare const pair: RTCIceCandidatePair;
 * console.log(pair.local.address, pair.remote.address);
 * ```
 */
export interface RTCIceCandidatePair {
  /** The local candidate. */
  local: RTCIceCandidate;
  /** The remote candidate. */
  remote: RTCIceCandidate;
}

/**
 * ICE credentials (WebRTC 1.0 `RTCIceParameters`).
 *
 * @example
 * ```ts
 * import type { RTCIceParameters } from '@rxdc/webrtc';
 * const parameters: RTCIceParameters = { usernameFragment: 'abcd', password: 'secret' };
 * ```
 */
export interface RTCIceParameters {
  /** The ICE username fragment. */
  usernameFragment: string;
  /** The ICE password. */
  password: string;
}

/** What an RTCIceTransport reads from its peer connection. @internal */
export interface IceTransportSource {
  role(): 'controlling' | 'controlled' | 'unknown';
  selectedPair(): {
    local: { candidate: string; mid: string };
    remote: { candidate: string; mid: string };
  } | null;
  localSdp(): string | null;
  remoteSdp(): string | null;
}

const constructing = Symbol('RTCIceTransport');

function iceParameters(sdp: string | null): RTCIceParameters | null {
  if (sdp === null) return null;
  const usernameFragment = /^a=ice-ufrag:(\S+)/m.exec(sdp)?.[1];
  const password = /^a=ice-pwd:(\S+)/m.exec(sdp)?.[1];
  return usernameFragment && password ? { usernameFragment, password } : null;
}

/**
 * The ICE transport under the connection's DTLS transport: its state, role, gathering state,
 * selected candidate pair and ICE credentials, as libdatachannel reports them.
 *
 * @example
 * ```ts
 * import { RTCPeerConnection } from '@rxdc/webrtc';
 * const pc = new RTCPeerConnection();
 * pc.sctp?.transport.iceTransport.addEventListener('statechange', () => {});
 * pc.close();
 * ```
 */
export class RTCIceTransport extends EventTarget {
  /** Called for each `statechange` event. */
  declare onstatechange: ((this: RTCIceTransport, event: Event) => unknown) | null;
  /** Called for each `gatheringstatechange` event. */
  declare ongatheringstatechange: ((this: RTCIceTransport, event: Event) => unknown) | null;
  /** Called for each `selectedcandidatepairchange` event. */
  declare onselectedcandidatepairchange: ((this: RTCIceTransport, event: Event) => unknown) | null;
  readonly #source: IceTransportSource;
  #state: RTCIceTransportState = 'new';
  #gatheringState: RTCIceGathererState = 'new';
  #pairKey = '';

  /** @internal */
  constructor(token: typeof constructing, source: IceTransportSource) {
    if (token !== constructing) throw new TypeError('Illegal constructor');
    super();
    this.#source = source;
  }

  /** @internal */
  static create(source: IceTransportSource): RTCIceTransport {
    return new RTCIceTransport(constructing, source);
  }

  /** `'controlling'` for the offerer, `'controlled'` for the answerer, `'unknown'` before. */
  get role(): 'controlling' | 'controlled' | 'unknown' {
    return this.#source.role();
  }
  /** Always `'rtp'`: data channels and bundled media share one component. */
  get component(): 'rtp' {
    return 'rtp';
  }
  /** The ICE state. */
  get state(): RTCIceTransportState {
    return this.#state;
  }
  /** The gathering state. */
  get gatheringState(): RTCIceGathererState {
    return this.#gatheringState;
  }

  /** The selected candidate pair, or null before one is selected (and after close). */
  getSelectedCandidatePair(): RTCIceCandidatePair | null {
    if (this.#state === 'closed') return null;
    const pair = this.#source.selectedPair();
    if (!pair) return null;
    const toCandidate = (c: { candidate: string; mid: string }) =>
      new RTCIceCandidate({ candidate: c.candidate.replace(/^a=/, ''), sdpMid: c.mid });
    return { local: toCandidate(pair.local), remote: toCandidate(pair.remote) };
  }

  /** The local ICE credentials, or null before a local description. */
  getLocalParameters(): RTCIceParameters | null {
    return iceParameters(this.#source.localSdp());
  }

  /** The remote ICE credentials, or null before a remote description. */
  getRemoteParameters(): RTCIceParameters | null {
    return iceParameters(this.#source.remoteSdp());
  }

  /** @internal */
  setState(state: RTCIceTransportState, fire: boolean): void {
    if (this.#state === state || this.#state === 'closed') return;
    this.#state = state;
    if (fire) this.dispatchEvent(new Event('statechange'));
    if (fire && (state === 'connected' || state === 'completed')) this.#checkPair();
  }

  /** @internal */
  setGatheringState(state: RTCIceGathererState, fire: boolean): void {
    if (this.#gatheringState === state || this.#state === 'closed') return;
    this.#gatheringState = state;
    if (fire) this.dispatchEvent(new Event('gatheringstatechange'));
  }

  #checkPair(): void {
    const pair = this.#source.selectedPair();
    const key = pair ? `${pair.local.candidate}|${pair.remote.candidate}` : '';
    if (key === this.#pairKey) return;
    this.#pairKey = key;
    if (pair) this.dispatchEvent(new Event('selectedcandidatepairchange'));
  }
}

defineEventHandlers(RTCIceTransport.prototype, [
  'statechange',
  'gatheringstatechange',
  'selectedcandidatepairchange',
]);
