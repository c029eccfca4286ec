// rtc.h's packetizers: each replaces the track's media handler chain with node-datachannel's
// native packetizer (no JavaScript per packet), built from an rtcPacketizerInit as
// libdatachannel's createRtpPacketizationConfig builds it. Opus, AAC, PCMU, PCMA and G722 are,
// in libdatachannel 0.24.5, the plain RTP packetizer at the init's clock rate
// (AudioRtpPacketizer<rate> only names a default): node-datachannel's RtpPacketizer is the same.
import type { NalSeparator, PacketizerInit, RtpConfigInit } from '@rxdc/native';
import { RTC_ERR_INVALID, RTC_ERR_NOT_AVAIL } from '../constants.js';
import type { rtcPacketizationHandlerInit, rtcPacketizerInit } from './media.js';
import { withTrackMedia } from './media-call.js';

const SEPARATORS: readonly NalSeparator[] = [
  'Length',
  'LongStartSequence',
  'ShortStartSequence',
  'StartSequence',
];
const COLOR_FIELDS = [
  'colorSpaceId',
  'colorChromaSitingHorz',
  'colorChromaSitingVert',
  'colorRange',
  'colorPrimaries',
  'colorTransfer',
  'colorMatrix',
] as const;

function isWhole(value: unknown, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;
}

/**
 * Reads an rtcPacketizerInit into @rxdc/native's packetizer settings, or the C code that
 * refuses it: RTC_ERR_INVALID for a null init or cname, or a field out of its C type's range
 * (a payload type over 127, a zero clock rate, an unknown NAL separator);
 * RTC_ERR_NOT_AVAIL for a color-space field (node-datachannel's RtpPacketizationConfig has none).
 */
function readInit(
  type: PacketizerInit['type'],
  init: rtcPacketizerInit | null | undefined,
): PacketizerInit | number {
  if (init === null || typeof init !== 'object' || typeof init.cname !== 'string')
    return RTC_ERR_INVALID;
  const i = init as Record<string, unknown>;
  const whole = (key: string, max: number): number | undefined => {
    const value = i[key] ?? 0;
    return isWhole(value, max) ? value : undefined;
  };
  const ssrc = whole('ssrc', 0xffff_ffff);
  const payloadType = whole('payloadType', 127);
  const clockRate = whole('clockRate', 0xffff_ffff);
  const timestamp = whole('timestamp', 0xffff_ffff);
  const sequenceNumber = whole('sequenceNumber', 0xffff);
  const maxFragmentSize = whole('maxFragmentSize', 0xffff);
  const playoutDelayId = whole('playoutDelayId', 14);
  const playoutDelayMin = whole('playoutDelayMin', 4095);
  const playoutDelayMax = whole('playoutDelayMax', 4095);
  const separator = SEPARATORS[whole('nalSeparator', 3) ?? -1];
  const obu = whole('obuPacketization', 0xffff_ffff);
  if (
    ssrc === undefined ||
    payloadType === undefined ||
    !clockRate ||
    timestamp === undefined ||
    sequenceNumber === undefined ||
    maxFragmentSize === undefined ||
    playoutDelayId === undefined ||
    playoutDelayMin === undefined ||
    playoutDelayMax === undefined ||
    separator === undefined ||
    obu === undefined
  ) {
    return RTC_ERR_INVALID;
  }
  for (const key of COLOR_FIELDS) {
    const value = i[key] ?? 0;
    if (!isWhole(value, 255)) return RTC_ERR_INVALID;
    if (value !== 0) return RTC_ERR_NOT_AVAIL;
  }
  // C sets the timestamp always (0 when not given) and the playout delay fields as given.
  const rtp: RtpConfigInit = {
    ssrc,
    cname: init.cname,
    payloadType,
    clockRate,
    timestamp,
    playoutDelayId,
    playoutDelayMin,
    playoutDelayMax,
  };
  const fragment = maxFragmentSize === 0 ? {} : { maxFragmentSize };
  if (type === 'h264' || type === 'h265') return { type, rtp, separator, ...fragment };
  if (type === 'av1')
    return { type, rtp, packetization: obu === 1 ? 'TemporalUnit' : 'Obu', ...fragment };
  return { type: 'rtp', rtp };
}

function setPacketizer(tr: number, type: PacketizerInit['type'], init: rtcPacketizerInit | null) {
  return withTrackMedia(tr, (media) => {
    const packetizer = readInit(type, init);
    if (typeof packetizer === 'number') return packetizer;
    media.setPacketizer(packetizer);
    return undefined;
  });
}

/**
 * Sets an H264 packetizer on a track (replacing its handler chain): each message sent on the
 * track is then one H264 access unit, its NAL units separated as `nalSeparator` says,
 * packetized natively. RTC_ERR_INVALID for a bad id or init (null, no cname, a field out of
 * range); RTC_ERR_FAILURE on a closed track.
 *
 * @example
 * ```ts
 * import { RTC_NAL_SEPARATOR_START_SEQUENCE, rtcSetH264Packetizer } from '@rxdc/capi-compat';
 * rtcSetH264Packetizer(tr, { ssrc: 42, cname: 'video', payloadType: 96, clockRate: 90000, nalSeparator: RTC_NAL_SEPARATOR_START_SEQUENCE });
 * ```
 */
export function rtcSetH264Packetizer(tr: number, init: rtcPacketizerInit | null): number {
  return setPacketizer(tr, 'h264', init);
}

/**
 * Sets an H265 packetizer on a track; same rules as {@link rtcSetH264Packetizer}.
 *
 * @example
 * ```ts
 * import { RTC_NAL_SEPARATOR_LENGTH, rtcSetH265Packetizer } from '@rxdc/capi-compat';
 * rtcSetH265Packetizer(tr, { ssrc: 42, cname: 'video', payloadType: 97, clockRate: 90000, nalSeparator: RTC_NAL_SEPARATOR_LENGTH });
 * ```
 */
export function rtcSetH265Packetizer(tr: number, init: rtcPacketizerInit | null): number {
  return setPacketizer(tr, 'h265', init);
}

/**
 * Sets an AV1 packetizer on a track: each message is one OBU, or one temporal unit with
 * `obuPacketization: RTC_OBU_PACKETIZED_TEMPORAL_UNIT`; same rules as {@link rtcSetH264Packetizer}.
 *
 * @example
 * ```ts
 * import { RTC_OBU_PACKETIZED_TEMPORAL_UNIT, rtcSetAV1Packetizer } from '@rxdc/capi-compat';
 * rtcSetAV1Packetizer(tr, { ssrc: 42, cname: 'video', payloadType: 98, clockRate: 90000, obuPacketization: RTC_OBU_PACKETIZED_TEMPORAL_UNIT });
 * ```
 */
export function rtcSetAV1Packetizer(tr: number, init: rtcPacketizerInit | null): number {
  return setPacketizer(tr, 'av1', init);
}

/**
 * Sets an Opus packetizer on a track: each message is one Opus packet, sent as one RTP packet
 * (it must fit in one: RTC_ERR_INVALID from rtcSendMessage otherwise). Same rules as
 * {@link rtcSetH264Packetizer}.
 *
 * @example
 * ```ts
 * import { rtcSetOpusPacketizer } from '@rxdc/capi-compat';
 * rtcSetOpusPacketizer(tr, { ssrc: 43, cname: 'audio', payloadType: 111, clockRate: 48000 });
 * ```
 */
export function rtcSetOpusPacketizer(tr: number, init: rtcPacketizerInit | null): number {
  return setPacketizer(tr, 'rtp', init);
}

/**
 * Sets an AAC packetizer on a track (one frame per RTP packet, as {@link rtcSetOpusPacketizer}).
 *
 * @example
 * ```ts
 * import { rtcSetAACPacketizer } from '@rxdc/capi-compat';
 * rtcSetAACPacketizer(tr, { ssrc: 43, cname: 'audio', payloadType: 97, clockRate: 48000 });
 * ```
 */
export function rtcSetAACPacketizer(tr: number, init: rtcPacketizerInit | null): number {
  return setPacketizer(tr, 'rtp', init);
}

/**
 * Sets a PCMU (G.711 µ-law) packetizer on a track (one frame per RTP packet, clock 8000).
 *
 * @example
 * ```ts
 * import { rtcSetPCMUPacketizer } from '@rxdc/capi-compat';
 * rtcSetPCMUPacketizer(tr, { ssrc: 43, cname: 'audio', payloadType: 0, clockRate: 8000 });
 * ```
 */
export function rtcSetPCMUPacketizer(tr: number, init: rtcPacketizerInit | null): number {
  return setPacketizer(tr, 'rtp', init);
}

/**
 * Sets a PCMA (G.711 A-law) packetizer on a track (one frame per RTP packet, clock 8000).
 *
 * @example
 * ```ts
 * import { rtcSetPCMAPacketizer } from '@rxdc/capi-compat';
 * rtcSetPCMAPacketizer(tr, { ssrc: 43, cname: 'audio', payloadType: 8, clockRate: 8000 });
 * ```
 */
export function rtcSetPCMAPacketizer(tr: number, init: rtcPacketizerInit | null): number {
  return setPacketizer(tr, 'rtp', init);
}

/**
 * Sets a G722 packetizer on a track (one frame per RTP packet; G722's RTP clock is 8000).
 *
 * @example
 * ```ts
 * import { rtcSetG722Packetizer } from '@rxdc/capi-compat';
 * rtcSetG722Packetizer(tr, { ssrc: 43, cname: 'audio', payloadType: 9, clockRate: 8000 });
 * ```
 */
export function rtcSetG722Packetizer(tr: number, init: rtcPacketizerInit | null): number {
  return setPacketizer(tr, 'rtp', init);
}

/**
 * Deprecated name of {@link rtcSetH264Packetizer} (rtc.h keeps it for old programs).
 *
 * @deprecated Use rtcSetH264Packetizer.
 * @example
 * ```ts
 * import { rtcSetH264PacketizationHandler } from '@rxdc/capi-compat';
 * rtcSetH264PacketizationHandler(tr, { ssrc: 42, cname: 'video', payloadType: 96, clockRate: 90000 });
 * ```
 */
export function rtcSetH264PacketizationHandler(
  tr: number,
  init: rtcPacketizationHandlerInit | null,
): number {
  return rtcSetH264Packetizer(tr, init);
}

/**
 * Deprecated name of {@link rtcSetH265Packetizer}.
 *
 * @deprecated Use rtcSetH265Packetizer.
 * @example
 * ```ts
 * import { rtcSetH265PacketizationHandler } from '@rxdc/capi-compat';
 * rtcSetH265PacketizationHandler(tr, { ssrc: 42, cname: 'video', payloadType: 97, clockRate: 90000 });
 * ```
 */
export function rtcSetH265PacketizationHandler(
  tr: number,
  init: rtcPacketizationHandlerInit | null,
): number {
  return rtcSetH265Packetizer(tr, init);
}

/**
 * Deprecated name of {@link rtcSetAV1Packetizer}.
 *
 * @deprecated Use rtcSetAV1Packetizer.
 * @example
 * ```ts
 * import { rtcSetAV1PacketizationHandler } from '@rxdc/capi-compat';
 * rtcSetAV1PacketizationHandler(tr, { ssrc: 42, cname: 'video', payloadType: 98, clockRate: 90000 });
 * ```
 */
export function rtcSetAV1PacketizationHandler(
  tr: number,
  init: rtcPacketizationHandlerInit | null,
): number {
  return rtcSetAV1Packetizer(tr, init);
}

/**
 * Deprecated name of {@link rtcSetOpusPacketizer}.
 *
 * @deprecated Use rtcSetOpusPacketizer.
 * @example
 * ```ts
 * import { rtcSetOpusPacketizationHandler } from '@rxdc/capi-compat';
 * rtcSetOpusPacketizationHandler(tr, { ssrc: 43, cname: 'audio', payloadType: 111, clockRate: 48000 });
 * ```
 */
export function rtcSetOpusPacketizationHandler(
  tr: number,
  init: rtcPacketizationHandlerInit | null,
): number {
  return rtcSetOpusPacketizer(tr, init);
}

/**
 * Deprecated name of {@link rtcSetAACPacketizer}.
 *
 * @deprecated Use rtcSetAACPacketizer.
 * @example
 * ```ts
 * import { rtcSetAACPacketizationHandler } from '@rxdc/capi-compat';
 * rtcSetAACPacketizationHandler(tr, { ssrc: 43, cname: 'audio', payloadType: 97, clockRate: 48000 });
 * ```
 */
export function rtcSetAACPacketizationHandler(
  tr: number,
  init: rtcPacketizationHandlerInit | null,
): number {
  return rtcSetAACPacketizer(tr, init);
}
