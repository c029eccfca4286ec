import { RTCIceCandidate } from '../candidate/rtc-ice-candidate.js';
import { toDictionary, toDOMString, toUSVString } from '../webidl/convert.js';

/**
 * The members of a new {@link RTCPeerConnectionIceEvent}.
 *
 * @example
 * ```ts
 * import type { RTCPeerConnectionIceEventInit } from '@rxdc/webrtc';
 * const init: RTCPeerConnectionIceEventInit = { candidate: null };
 * ```
 */
export interface RTCPeerConnectionIceEventInit {
  /** Whether the event bubbles (default false). */
  bubbles?: boolean;
  /** Whether the event can be cancelled (default false). */
  cancelable?: boolean;
  /** Whether the event crosses shadow roots (default false). */
  composed?: boolean;
  /** The candidate, or null for the end of gathering. */
  candidate?: RTCIceCandidate | null;
  /** The STUN or TURN server the candidate came from, or null. */
  url?: string | null;
}

/**
 * The `icecandidate` event: a local candidate to signal to the remote peer; `candidate` is
 * null once gathering is complete.
 *
 * @example
 * ```ts
 * import { RTCPeerConnection } from '@rxdc/webrtc';
 * const pc = new RTCPeerConnection();
 * pc.onicecandidate = ({ candidate }) => console.log(candidate?.toJSON() ?? 'done');
 * pc.close();
 * ```
 */
export class RTCPeerConnectionIceEvent extends Event {
  readonly #candidate: RTCIceCandidate | null;
  readonly #url: string | null;

  constructor(type: string, eventInitDict: RTCPeerConnectionIceEventInit = {}) {
    // biome-ignore lint/complexity/noArguments: WebIDL counts the arguments actually given
    if (arguments.length < 1) throw new TypeError('RTCPeerConnectionIceEvent: 1 argument required');
    const typeString = toDOMString(type, 'RTCPeerConnectionIceEvent type');
    const dict = toDictionary(eventInitDict, 'RTCPeerConnectionIceEventInit');
    const candidate = dict.candidate ?? null;
    if (candidate !== null && !(candidate instanceof RTCIceCandidate))
      throw new TypeError(
        'RTCPeerConnectionIceEventInit.candidate must be an RTCIceCandidate or null',
      );
    super(typeString, dict as { bubbles?: boolean; cancelable?: boolean; composed?: boolean });
    this.#candidate = candidate;
    this.#url = dict.url === undefined || dict.url === null ? null : toUSVString(dict.url, 'url');
  }

  /** The local candidate, or null once gathering is complete. */
  get candidate(): RTCIceCandidate | null {
    return this.#candidate;
  }

  /** The server the candidate came from (always null here: host candidates need none). */
  get url(): string | null {
    return this.#url;
  }
}
