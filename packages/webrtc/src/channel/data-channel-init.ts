import { type DataChannelInitConfig, isWithinStringLimit } from '@rxdc/native';
import {
  toBoolean,
  toDictionary,
  toEnforcedUnsignedShort,
  toUSVString,
} from '../webidl/convert.js';

/**
 * The options of a new data channel (WebRTC 1.0 `RTCDataChannelInit`).
 *
 * @example
 * ```ts
 * import type { RTCDataChannelInit } from '@rxdc/webrtc';
 * const init: RTCDataChannelInit = { ordered: false, maxRetransmits: 0 };
 * ```
 */
export interface RTCDataChannelInit {
  /** Deliver in order (default true). */
  ordered?: boolean;
  /** Give up on a message after this many milliseconds (0 to 65535). */
  maxPacketLifeTime?: number;
  /** Give up on a message after this many retransmissions (0 to 65535). */
  maxRetransmits?: number;
  /** The sub-protocol (default ''). */
  protocol?: string;
  /** The application negotiates the channel: both sides create it with the same `id`. */
  negotiated?: boolean;
  /** The SCTP stream id (0 to 65534), required when `negotiated`. */
  id?: number;
}

/** A label and RTCDataChannelInit after WebIDL conversion and the spec's checks. @internal */
export interface ResolvedDataChannelInit {
  label: string;
  ordered: boolean;
  maxPacketLifeTime: number | null;
  maxRetransmits: number | null;
  protocol: string;
  negotiated: boolean;
  id: number | null;
}

/**
 * `createDataChannel`'s argument conversion and checks, in WebRTC 1.0's order (dictionary
 * members are converted in lexicographic order, as WebIDL says).
 *
 * @throws TypeError for every case the spec names.
 * @internal
 */
export function resolveDataChannelInit(label: unknown, init: unknown): ResolvedDataChannelInit {
  const labelString = toUSVString(label, 'createDataChannel label');
  const dict = toDictionary(init, 'RTCDataChannelInit');
  const id =
    dict.id === undefined ? null : toEnforcedUnsignedShort(dict.id, 'RTCDataChannelInit.id');
  const maxPacketLifeTime =
    dict.maxPacketLifeTime === undefined
      ? null
      : toEnforcedUnsignedShort(dict.maxPacketLifeTime, 'RTCDataChannelInit.maxPacketLifeTime');
  const maxRetransmits =
    dict.maxRetransmits === undefined
      ? null
      : toEnforcedUnsignedShort(dict.maxRetransmits, 'RTCDataChannelInit.maxRetransmits');
  const negotiated = dict.negotiated === undefined ? false : toBoolean(dict.negotiated);
  const ordered = dict.ordered === undefined ? true : toBoolean(dict.ordered);
  const protocol =
    dict.protocol === undefined ? '' : toUSVString(dict.protocol, 'RTCDataChannelInit.protocol');
  if (!isWithinStringLimit('label', labelString))
    throw new TypeError('createDataChannel: the label is longer than 65535 bytes of UTF-8');
  if (!isWithinStringLimit('protocol', protocol))
    throw new TypeError('createDataChannel: the protocol is longer than 65535 bytes of UTF-8');
  if (negotiated && id === null)
    throw new TypeError('createDataChannel: a negotiated channel needs an id');
  if (maxPacketLifeTime !== null && maxRetransmits !== null)
    throw new TypeError('createDataChannel: set maxPacketLifeTime or maxRetransmits, not both');
  // WebRTC 1.0: the id member counts only for a negotiated channel.
  const channelId = negotiated ? id : null;
  if (channelId === 65535) throw new TypeError('createDataChannel: id 65535 is reserved');
  return {
    label: labelString,
    ordered,
    maxPacketLifeTime,
    maxRetransmits,
    protocol,
    negotiated,
    id: channelId,
  };
}

/** The same options as node-datachannel reads them (no key left undefined). @internal */
export function toNativeDataChannelInit(init: ResolvedDataChannelInit): DataChannelInitConfig {
  const native: DataChannelInitConfig = { unordered: !init.ordered };
  if (init.protocol !== '') native.protocol = init.protocol;
  // The stream id goes to libdatachannel only for a negotiated channel: otherwise the DTLS
  // role chooses it (odd or even), as WebRTC 1.0 says.
  if (init.negotiated) {
    native.negotiated = true;
    native.id = init.id as number;
  }
  if (init.maxPacketLifeTime !== null) native.maxPacketLifeTime = init.maxPacketLifeTime;
  if (init.maxRetransmits !== null) native.maxRetransmits = init.maxRetransmits;
  return native;
}
