// Data channels: creation from rtcDataChannelInit, incoming channels, label, protocol, stream
// and reliability (cached so they stay readable after close until delete).
import {
  type NativeDataChannel as DataChannel,
  type DataChannelInitConfig,
  isWithinStringLimit,
} from '@rxdc/native';
import { type CharBuffer, copyString, isBufferArg, isInt, isOptionalBool } from '../buffers.js';
import {
  RTC_ERR_FAILURE,
  RTC_ERR_INVALID,
  RTC_ERR_NOT_AVAIL,
  RTC_ERR_SUCCESS,
} from '../constants.js';
import { hasUnknownField, tryRead } from '../guard.js';
import {
  allocateId,
  type ChannelEntry,
  dataChannelEntry,
  type PeerEntry,
  peerEntry,
  register,
} from '../handles.js';
import { newChannelEntry, refreshCache } from './channel-events.js';
import { deleteChannel } from './channel-functions.js';

/**
 * `rtcReliability`: ordering and retransmission settings of a data channel.
 *
 * @example
 * ```ts
 * import { type rtcReliability } from '@rxdc/capi-compat';
 * const lossy: rtcReliability = { unordered: true, unreliable: true, maxPacketLifeTime: 0, maxRetransmits: 0 };
 * ```
 */
export interface rtcReliability {
  /** If true, the data channel does not enforce message ordering; else it is ordered. */
  unordered?: boolean;
  /** If true, the data channel does not enforce strict reliability (see `maxPacketLifeTime` and `maxRetransmits`); else it is reliable. */
  unreliable?: boolean;
  /** If unreliable: the maximum packet life time in milliseconds (0 to use `maxRetransmits`); ignored if reliable. */
  maxPacketLifeTime?: number;
  /** If unreliable and `maxPacketLifeTime` is 0: the maximum number of retransmissions (0 means none); ignored if reliable. */
  maxRetransmits?: number;
}

/**
 * `rtcDataChannelInit`: missing fields take C's zero defaults (ordered, reliable, automatic stream).
 *
 * @example
 * ```ts
 * import { type rtcDataChannelInit, rtcCreateDataChannelEx } from '@rxdc/capi-compat';
 * const init: rtcDataChannelInit = { reliability: { unordered: true }, protocol: 'chat-v1' };
 * const dc = rtcCreateDataChannelEx(pc, 'chat', init);
 * ```
 */
export interface rtcDataChannelInit {
  /** Ordering and retransmission settings; missing means ordered and reliable. */
  reliability?: rtcReliability | null;
  /** A user-defined UTF-8 string naming the channel's protocol; empty if `null` or missing. */
  protocol?: string | null;
  /** If true, the channel is assumed negotiated by the program (both sides create it with the same stream) and the WebRTC layer does not negotiate it. */
  negotiated?: boolean;
  /** If true, the channel uses `stream` as its stream id; else a free one is chosen. */
  manualStream?: boolean;
  /** The stream id (0-65534) used when `manualStream` is true; ignored otherwise. */
  stream?: number;
}

/** Every field of {@link rtcDataChannelInit}; the compiler keeps the list complete. */
const dataChannelInitFields = {
  reliability: true,
  protocol: true,
  negotiated: true,
  manualStream: true,
  stream: true,
} as const satisfies Record<keyof rtcDataChannelInit, true>;

/** Every field of {@link rtcReliability}. */
const reliabilityFields = {
  unordered: true,
  unreliable: true,
  maxPacketLifeTime: true,
  maxRetransmits: true,
} as const satisfies Record<keyof rtcReliability, true>;

function isOptUint(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 4294967295)
  );
}

/**
 * Registers a native data channel under a new id: one created here, or an incoming one, which
 * is dropped (undefined) when the remote side closed it before it got here (@rxdc/native's rule).
 * @internal
 */
export function adoptDataChannel(pc: PeerEntry, native: DataChannel): ChannelEntry;
export function adoptDataChannel(
  pc: PeerEntry,
  native: DataChannel,
  incoming: 'incoming',
): ChannelEntry | undefined;
export function adoptDataChannel(
  pc: PeerEntry,
  native: DataChannel,
  incoming?: 'incoming',
): ChannelEntry | undefined {
  const entry = newChannelEntry(
    allocateId(),
    'dc',
    native,
    pc.id,
    pc.userPtr,
    false,
    pc.lifetime.receiveLimit,
  );
  if (incoming) {
    if (!pc.lifetime.adoptIncoming(entry.lifetime)) return undefined;
  } else pc.lifetime.adopt(entry.lifetime);
  entry.label = tryRead(() => native.getLabel()) ?? '';
  entry.protocol = tryRead(() => native.getProtocol()) ?? '';
  refreshCache(entry);
  register(entry);
  return entry;
}

/**
 * Creates a data channel with default settings (ordered, reliable, automatic stream, no
 * protocol). With auto-negotiation this starts the handshake.
 *
 * @example
 * ```ts
 * import { rtcCreateDataChannel } from '@rxdc/capi-compat';
 * const dc = rtcCreateDataChannel(pc, 'chat');
 * if (dc < 0) throw new Error('rtcCreateDataChannel failed');
 * ```
 */
export function rtcCreateDataChannel(pc: number, label: string): number {
  return rtcCreateDataChannelEx(pc, label, null);
}

/**
 * Creates a data channel with `rtcDataChannelInit` settings. Returns its id or RTC_ERR_INVALID
 * (bad arguments, stream out of 0-65534, a label or protocol longer than 65,535 UTF-8 bytes) /
 * RTC_ERR_FAILURE (refused by libdatachannel).
 *
 * @example
 * ```ts
 * import { rtcCreateDataChannelEx } from '@rxdc/capi-compat';
 * const dc = rtcCreateDataChannelEx(pc, 'telemetry', {
 *   reliability: { unordered: true, unreliable: true, maxRetransmits: 0 },
 *   protocol: 'telemetry-v2',
 * });
 * ```
 */
export function rtcCreateDataChannelEx(
  pc: number,
  label: string,
  init: rtcDataChannelInit | null,
): number {
  const entry = peerEntry(pc);
  if (!entry) return RTC_ERR_INVALID;
  if (label !== null && label !== undefined && typeof label !== 'string') return RTC_ERR_INVALID;
  if (init !== null && init !== undefined && typeof init !== 'object') return RTC_ERR_INVALID;
  if (init && hasUnknownField('rtcDataChannelInit', init, dataChannelInitFields))
    return RTC_ERR_INVALID;
  const i = (init ?? {}) as Record<string, unknown>;
  const rel = i.reliability ?? {};
  if (typeof rel !== 'object' || rel === null) return RTC_ERR_INVALID;
  if (hasUnknownField('rtcReliability', rel, reliabilityFields)) return RTC_ERR_INVALID;
  const r = rel as Record<string, unknown>;
  if (
    !isOptionalBool(r.unordered) ||
    !isOptionalBool(r.unreliable) ||
    !isOptionalBool(i.negotiated) ||
    !isOptionalBool(i.manualStream)
  ) {
    return RTC_ERR_INVALID;
  }
  if (!isOptUint(r.maxPacketLifeTime) || !isOptUint(r.maxRetransmits)) return RTC_ERR_INVALID;
  if (i.protocol !== null && i.protocol !== undefined && typeof i.protocol !== 'string')
    return RTC_ERR_INVALID;
  // 16-bit lengths on the wire: @rxdc/native's limits.
  if (typeof label === 'string' && !isWithinStringLimit('label', label)) return RTC_ERR_INVALID;
  if (typeof i.protocol === 'string' && !isWithinStringLimit('protocol', i.protocol))
    return RTC_ERR_INVALID;
  if (i.manualStream && !(isInt(i.stream) && i.stream >= 0 && i.stream <= 65534))
    return RTC_ERR_INVALID;
  if (entry.closed) return RTC_ERR_FAILURE;

  const config: DataChannelInitConfig = {};
  const unordered = Boolean(r.unordered);
  const unreliable = Boolean(r.unreliable);
  const maxPacketLifeTime = Number(r.maxPacketLifeTime ?? 0);
  const maxRetransmits = Number(r.maxRetransmits ?? 0);
  if (unordered) config.unordered = true;
  if (unreliable) {
    if (maxPacketLifeTime > 0) config.maxPacketLifeTime = maxPacketLifeTime;
    else config.maxRetransmits = maxRetransmits;
  }
  if (typeof i.protocol === 'string') config.protocol = i.protocol;
  if (i.negotiated) config.negotiated = true;
  if (i.manualStream) config.id = i.stream as number;

  let native: DataChannel;
  try {
    native = entry.native.createDataChannel(label ?? '', config);
  } catch {
    return RTC_ERR_FAILURE;
  }
  entry.negotiationNeeded = true;
  const child = adoptDataChannel(entry, native);
  child.reliability = {
    unordered,
    unreliable,
    maxPacketLifeTime: unreliable ? maxPacketLifeTime : 0,
    maxRetransmits: unreliable && maxPacketLifeTime === 0 ? maxRetransmits : 0,
  };
  return child.id;
}

/**
 * Deletes a data channel: closes it (the closed callback fires synchronously, once) and frees
 * the id; no callback fires for it afterwards.
 *
 * @example
 * ```ts
 * import { rtcDeleteDataChannel } from '@rxdc/capi-compat';
 * rtcDeleteDataChannel(dc);
 * ```
 */
export function rtcDeleteDataChannel(dc: number): number {
  const entry = dataChannelEntry(dc);
  if (!entry) return RTC_ERR_INVALID;
  deleteChannel(entry, 'sync');
  return RTC_ERR_SUCCESS;
}

/**
 * The SCTP stream id of the data channel (0-65534), RTC_ERR_NOT_AVAIL until assigned.
 *
 * @example
 * ```ts
 * import { rtcGetDataChannelStream } from '@rxdc/capi-compat';
 * const stream = rtcGetDataChannelStream(dc);
 * if (stream >= 0) console.log('stream', stream);
 * ```
 */
export function rtcGetDataChannelStream(dc: number): number {
  const entry = dataChannelEntry(dc);
  if (!entry) return RTC_ERR_INVALID;
  if (!entry.closedSeen) refreshCache(entry);
  return entry.stream >= 0 ? entry.stream : RTC_ERR_NOT_AVAIL;
}

/**
 * Copies the label of the data channel into `buffer` (NUL-terminated, C size rules).
 *
 * @example
 * ```ts
 * import { readCString, rtcGetDataChannelLabel } from '@rxdc/capi-compat';
 * const buffer = new Uint8Array(256);
 * if (rtcGetDataChannelLabel(dc, buffer, buffer.length) > 0) console.log(readCString(buffer));
 * ```
 */
export function rtcGetDataChannelLabel(dc: number, buffer: CharBuffer, size: number): number {
  const entry = dataChannelEntry(dc);
  if (!entry || !isBufferArg(buffer, size)) return RTC_ERR_INVALID;
  return copyString(entry.label, buffer, size);
}

/**
 * Copies the protocol of the data channel into `buffer` (empty string if none).
 *
 * @example
 * ```ts
 * import { readCString, rtcGetDataChannelProtocol } from '@rxdc/capi-compat';
 * const buffer = new Uint8Array(256);
 * if (rtcGetDataChannelProtocol(dc, buffer, buffer.length) > 0) console.log(readCString(buffer));
 * ```
 */
export function rtcGetDataChannelProtocol(dc: number, buffer: CharBuffer, size: number): number {
  const entry = dataChannelEntry(dc);
  if (!entry || !isBufferArg(buffer, size)) return RTC_ERR_INVALID;
  return copyString(entry.protocol, buffer, size);
}

/**
 * Fills `reliability` (a plain object) with the channel's settings. For a channel created
 * here they are the ones given; for an incoming channel node-datachannel 0.33 does not expose
 * them and the answer is RTC_ERR_NOT_AVAIL.
 *
 * @example
 * ```ts
 * import { type rtcReliability, rtcGetDataChannelReliability } from '@rxdc/capi-compat';
 * const reliability: rtcReliability = {};
 * if (rtcGetDataChannelReliability(dc, reliability) === 0) console.log(reliability.unordered);
 * ```
 */
export function rtcGetDataChannelReliability(dc: number, reliability: rtcReliability): number {
  const entry = dataChannelEntry(dc);
  if (!entry || reliability === null || typeof reliability !== 'object') return RTC_ERR_INVALID;
  if (!entry.reliability) return RTC_ERR_NOT_AVAIL;
  try {
    Object.assign(reliability, entry.reliability);
  } catch {
    return RTC_ERR_INVALID;
  }
  return RTC_ERR_SUCCESS;
}
