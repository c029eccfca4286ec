import { toDictionary, toDOMString, toEnum } from '../webidl/convert.js';

/**
 * The type of a session description (WebRTC 1.0 `RTCSdpType`).
 *
 * @example
 * ```ts
 * import type { RTCSdpType } from '@rxdc/webrtc';
 * const type: RTCSdpType = 'offer';
 * ```
 */
export type RTCSdpType = 'offer' | 'pranswer' | 'answer' | 'rollback';

/** @internal */
export const sdpTypes: readonly RTCSdpType[] = ['offer', 'pranswer', 'answer', 'rollback'];

/**
 * A session description as a plain object (WebRTC 1.0 `RTCSessionDescriptionInit`):
 * `createOffer()` and `createAnswer()` resolve with one, mutable (simple-peer assigns `sdp`).
 *
 * @example
 * ```ts
 * import type { RTCSessionDescriptionInit } from '@rxdc/webrtc';
 * const description: RTCSessionDescriptionInit = { type: 'rollback' };
 * ```
 */
export interface RTCSessionDescriptionInit {
  /** offer, answer, pranswer or rollback. */
  type: RTCSdpType;
  /** The SDP text (default ''). */
  sdp?: string;
}

/**
 * An immutable session description: what `localDescription` and `remoteDescription` return.
 *
 * @example
 * ```ts
 * import { RTCSessionDescription } from '@rxdc/webrtc';
 * const description = new RTCSessionDescription({ type: 'offer', sdp: 'v=0\r\n' });
 * console.log(JSON.stringify(description)); // {"type":"offer","sdp":"v=0\r\n"}
 * ```
 */
export class RTCSessionDescription {
  readonly #type: RTCSdpType;
  readonly #sdp: string;

  constructor(descriptionInitDict: RTCSessionDescriptionInit) {
    // biome-ignore lint/complexity/noArguments: WebIDL counts the arguments actually given
    if (arguments.length < 1) throw new TypeError('RTCSessionDescription: 1 argument required');
    const dict = toDictionary(descriptionInitDict, 'RTCSessionDescriptionInit');
    if (dict.type === undefined) throw new TypeError('RTCSessionDescriptionInit.type is required');
    this.#type = toEnum(dict.type, sdpTypes, 'RTCSessionDescriptionInit.type');
    this.#sdp =
      dict.sdp === undefined ? '' : toDOMString(dict.sdp, 'RTCSessionDescriptionInit.sdp');
  }

  /** offer, answer, pranswer or rollback. */
  get type(): RTCSdpType {
    return this.#type;
  }

  /** The SDP text. */
  get sdp(): string {
    return this.#sdp;
  }

  /** `{ type, sdp }`, for signaling. */
  toJSON(): RTCSessionDescriptionInit {
    return { type: this.#type, sdp: this.#sdp };
  }
}
