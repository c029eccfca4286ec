import { toDictionary, toDOMString, toUnsignedInteger } from '../webidl/convert.js';

/**
 * The members of a new {@link RTCIceCandidate} (WebRTC 1.0 `RTCIceCandidateInit`).
 *
 * @example
 * ```ts
 * import type { RTCIceCandidateInit } from '@rxdc/webrtc';
 * const init: RTCIceCandidateInit = { candidate: 'candidate:1 1 UDP 2122317823 127.0.0.1 5000 typ host', sdpMid: '0' };
 * ```
 */
export interface RTCIceCandidateInit {
  /** The candidate-attribute (`candidate:...`), '' for end of candidates. */
  candidate?: string;
  /** The media stream identification of its m-line. */
  sdpMid?: string | null;
  /** The index of its m-line. */
  sdpMLineIndex?: number | null;
  /** The ICE username fragment it belongs to. */
  usernameFragment?: string | null;
}

/**
 * The fields of a candidate-attribute (RFC 8839), read as WebRTC 1.0 says: null where
 * the attribute does not parse.
 */
interface ParsedCandidate {
  foundation: string;
  component: 'rtp' | 'rtcp';
  priority: number;
  address: string;
  protocol: 'udp' | 'tcp';
  port: number;
  type: 'host' | 'srflx' | 'prflx' | 'relay';
  tcpType: 'active' | 'passive' | 'so' | null;
  relatedAddress: string | null;
  relatedPort: number | null;
  usernameFragment: string | null;
}

const candidateTypes = new Set(['host', 'srflx', 'prflx', 'relay']);

function parseCandidate(attribute: string): ParsedCandidate | null {
  const text = attribute.replace(/^a=/, '').replace(/^candidate:/, '');
  const fields = text.trim().split(/\s+/);
  if (fields.length < 8 || fields[6] !== 'typ') return null;
  const [foundation, component, transport, priority, address, port, , type] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const protocol = transport.toLowerCase();
  if ((component !== '1' && component !== '2') || (protocol !== 'udp' && protocol !== 'tcp'))
    return null;
  if (!candidateTypes.has(type)) return null;
  const parsed: ParsedCandidate = {
    foundation,
    component: component === '1' ? 'rtp' : 'rtcp',
    priority: Number(priority) >>> 0,
    address,
    protocol,
    port: Number(port) & 0xffff,
    type: type as ParsedCandidate['type'],
    tcpType: null,
    relatedAddress: null,
    relatedPort: null,
    usernameFragment: null,
  };
  for (let i = 8; i + 1 < fields.length; i += 2) {
    const name = fields[i];
    const value = fields[i + 1] as string;
    if (name === 'raddr') parsed.relatedAddress = value;
    else if (name === 'rport') parsed.relatedPort = Number(value) & 0xffff;
    else if (name === 'tcptype' && ['active', 'passive', 'so'].includes(value))
      parsed.tcpType = value as ParsedCandidate['tcpType'];
    else if (name === 'ufrag') parsed.usernameFragment = value;
  }
  return parsed;
}

/**
 * An ICE candidate: what `icecandidate` events carry and `addIceCandidate` takes. Its
 * read-only fields are parsed from the candidate-attribute.
 *
 * @example
 * ```ts
 * import { RTCIceCandidate } from '@rxdc/webrtc';
 * const candidate = new RTCIceCandidate({
 *   candidate: 'candidate:1 1 UDP 2122317823 127.0.0.1 5000 typ host',
 *   sdpMid: '0',
 * });
 * console.log(candidate.address, candidate.port, candidate.type); // 127.0.0.1 5000 host
 * ```
 */
export class RTCIceCandidate {
  readonly #candidate: string;
  readonly #sdpMid: string | null;
  readonly #sdpMLineIndex: number | null;
  readonly #usernameFragment: string | null;
  readonly #parsed: ParsedCandidate | null;

  /** @throws TypeError when both `sdpMid` and `sdpMLineIndex` are null (or missing). */
  constructor(candidateInitDict: RTCIceCandidateInit = {}) {
    const dict = toDictionary(candidateInitDict, 'RTCIceCandidateInit');
    const sdpMid =
      dict.sdpMid === undefined || dict.sdpMid === null
        ? null
        : toDOMString(dict.sdpMid, 'RTCIceCandidateInit.sdpMid');
    const sdpMLineIndex =
      dict.sdpMLineIndex === undefined || dict.sdpMLineIndex === null
        ? null
        : toUnsignedInteger(dict.sdpMLineIndex, 16, 'RTCIceCandidateInit.sdpMLineIndex');
    if (sdpMid === null && sdpMLineIndex === null)
      throw new TypeError('RTCIceCandidate: sdpMid and sdpMLineIndex are both null');
    this.#candidate =
      dict.candidate === undefined
        ? ''
        : toDOMString(dict.candidate, 'RTCIceCandidateInit.candidate');
    this.#sdpMid = sdpMid;
    this.#sdpMLineIndex = sdpMLineIndex;
    this.#parsed = this.#candidate === '' ? null : parseCandidate(this.#candidate);
    this.#usernameFragment =
      dict.usernameFragment === undefined || dict.usernameFragment === null
        ? (this.#parsed?.usernameFragment ?? null)
        : toDOMString(dict.usernameFragment, 'RTCIceCandidateInit.usernameFragment');
  }

  /** The candidate-attribute, '' for end of candidates. */
  get candidate(): string {
    return this.#candidate;
  }
  /** The media stream identification of its m-line, or null. */
  get sdpMid(): string | null {
    return this.#sdpMid;
  }
  /** The index of its m-line, or null. */
  get sdpMLineIndex(): number | null {
    return this.#sdpMLineIndex;
  }
  /** The foundation, or null. */
  get foundation(): string | null {
    return this.#parsed?.foundation ?? null;
  }
  /** `'rtp'` or `'rtcp'`, or null. */
  get component(): 'rtp' | 'rtcp' | null {
    return this.#parsed?.component ?? null;
  }
  /** The priority, or null. */
  get priority(): number | null {
    return this.#parsed?.priority ?? null;
  }
  /** The address, or null. */
  get address(): string | null {
    return this.#parsed?.address ?? null;
  }
  /** `'udp'` or `'tcp'`, or null. */
  get protocol(): 'udp' | 'tcp' | null {
    return this.#parsed?.protocol ?? null;
  }
  /** The port, or null. */
  get port(): number | null {
    return this.#parsed?.port ?? null;
  }
  /** host, srflx, prflx or relay, or null. */
  get type(): 'host' | 'srflx' | 'prflx' | 'relay' | null {
    return this.#parsed?.type ?? null;
  }
  /** The TCP type of a TCP candidate, or null. */
  get tcpType(): 'active' | 'passive' | 'so' | null {
    return this.#parsed?.tcpType ?? null;
  }
  /** The related address (`raddr`), or null. */
  get relatedAddress(): string | null {
    return this.#parsed?.relatedAddress ?? null;
  }
  /** The related port (`rport`), or null. */
  get relatedPort(): number | null {
    return this.#parsed?.relatedPort ?? null;
  }
  /** The ICE username fragment, or null. */
  get usernameFragment(): string | null {
    return this.#usernameFragment;
  }

  /** `{ candidate, sdpMid, sdpMLineIndex, usernameFragment }`, for signaling. */
  toJSON(): RTCIceCandidateInit {
    return {
      candidate: this.#candidate,
      sdpMid: this.#sdpMid,
      sdpMLineIndex: this.#sdpMLineIndex,
      usernameFragment: this.#usernameFragment,
    };
  }
}
