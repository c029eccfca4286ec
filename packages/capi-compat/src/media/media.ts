// The types of rtc.h's media handler functions (packetizers.ts, rtcp-handlers.ts,
// rtp-timestamps.ts, media-interceptor.ts) and the opaque messages a media interceptor returns.
import { isDetachedView } from '@rxdc/native';

/**
 * `rtcPacketizerInit` of the rtcSetXxxPacketizer functions. Missing fields take C's zero
 * defaults; `cname` is required. Two fields cannot be honoured through node-datachannel 0.33
 * (its `RtpPacketizationConfig` does not expose them): `sequenceNumber` is accepted but the
 * first sequence number is random (as RFC 3550 recommends), and a non-zero color-space field
 * makes the call answer RTC_ERR_NOT_AVAIL.
 *
 * @example
 * ```ts
 * import { RTC_NAL_SEPARATOR_START_SEQUENCE, type rtcPacketizerInit } from '@rxdc/capi-compat';
 * const init: rtcPacketizerInit = { ssrc: 42, cname: 'video', payloadType: 96, clockRate: 90000, nalSeparator: RTC_NAL_SEPARATOR_START_SEQUENCE };
 * ```
 */
export interface rtcPacketizerInit {
  /** RTP SSRC of the stream. */
  ssrc?: number;
  /** CNAME of the stream (required by libdatachannel). */
  cname?: string | null;
  /** RTP payload type. */
  payloadType?: number;
  /** RTP clock rate in Hz (90000 for video, 48000 for Opus...). */
  clockRate?: number;
  /** First RTP sequence number. */
  sequenceNumber?: number;
  /** First RTP timestamp. */
  timestamp?: number;
  /** H264, H265, AV1: maximum fragment size in bytes; 0 means RTC_DEFAULT_MAX_FRAGMENT_SIZE. */
  maxFragmentSize?: number;
  /** H264/H265 only: how NAL units are separated in a sample (an `RTC_NAL_SEPARATOR_*` value). */
  nalSeparator?: number;
  /** AV1 only: how OBUs are packetized in a sample (an `RTC_OBU_PACKETIZED_*` value). */
  obuPacketization?: number;
  /** Playout delay header extension id (0 for none). */
  playoutDelayId?: number;
  /** Minimum playout delay, in 10 ms units. */
  playoutDelayMin?: number;
  /** Maximum playout delay, in 10 ms units. */
  playoutDelayMax?: number;
  /** Color space header extension id (0 for none; non-zero: RTC_ERR_NOT_AVAIL, see above). */
  colorSpaceId?: number;
  /** Color space: horizontal chroma siting (needs colorSpaceId). */
  colorChromaSitingHorz?: number;
  /** Color space: vertical chroma siting (needs colorSpaceId). */
  colorChromaSitingVert?: number;
  /** Color space: range (needs colorSpaceId). */
  colorRange?: number;
  /** Color space: primaries (needs colorSpaceId). */
  colorPrimaries?: number;
  /** Color space: transfer characteristics (needs colorSpaceId). */
  colorTransfer?: number;
  /** Color space: matrix coefficients (needs colorSpaceId). */
  colorMatrix?: number;
}

/**
 * Deprecated name of {@link rtcPacketizerInit} (rtc.h keeps it for old programs).
 *
 * @deprecated Use rtcPacketizerInit.
 * @example
 * ```ts
 * import { type rtcPacketizationHandlerInit } from '@rxdc/capi-compat';
 * const init: rtcPacketizationHandlerInit = { ssrc: 42, cname: 'audio', payloadType: 111, clockRate: 48000 };
 * ```
 */
export type rtcPacketizationHandlerInit = rtcPacketizerInit;

/**
 * `rtcMessage *`: an opaque message made by rtcCreateOpaqueMessage (a copy of its bytes).
 *
 * @example
 * ```ts
 * import { type rtcMessage, rtcCreateOpaqueMessage } from '@rxdc/capi-compat';
 * const msg: rtcMessage | null = rtcCreateOpaqueMessage(new Uint8Array([1, 2]), 2);
 * ```
 */
export interface rtcMessage {
  /** The message bytes (a copy of the data given to rtcCreateOpaqueMessage). */
  readonly data: Uint8Array;
}

/**
 * `void *(*)(int pc, const char *message, int size, void *user_ptr)`: a media interceptor,
 * returning the message to forward (the same bytes, an rtcMessage, or null to drop it).
 *
 * @example
 * ```ts
 * import { type rtcInterceptorCallbackFunc } from '@rxdc/capi-compat';
 * const forward: rtcInterceptorCallbackFunc = (pc, message) => message;
 * ```
 */
export type rtcInterceptorCallbackFunc = (
  pc: number,
  message: Uint8Array,
  size: number,
  userPtr: unknown,
) => Uint8Array | rtcMessage | null;

/**
 * `void (*)(int tr, void *user_ptr)`: the remote asked for a keyframe (PLI).
 *
 * @example
 * ```ts
 * import { type rtcPliHandlerCallbackFunc } from '@rxdc/capi-compat';
 * const onPli: rtcPliHandlerCallbackFunc = (tr) => console.log('keyframe wanted on', tr);
 * ```
 */
export type rtcPliHandlerCallbackFunc = (tr: number, userPtr: unknown) => void;

/**
 * `void (*)(int tr, unsigned int bitrate, void *user_ptr)`: the remote's bitrate estimate (REMB).
 *
 * @example
 * ```ts
 * import { type rtcRembHandlerCallbackFunc } from '@rxdc/capi-compat';
 * const onRemb: rtcRembHandlerCallbackFunc = (tr, bitrate) => console.log(tr, bitrate, 'bit/s');
 * ```
 */
export type rtcRembHandlerCallbackFunc = (tr: number, bitrate: number, userPtr: unknown) => void;

/**
 * Makes an opaque message from the first `size` bytes of `data` (for a media interceptor to
 * return). Returns null for bad arguments (a view of a detached buffer included), where C would
 * crash.
 *
 * @example
 * ```ts
 * import { rtcCreateOpaqueMessage, rtcDeleteOpaqueMessage } from '@rxdc/capi-compat';
 * const msg = rtcCreateOpaqueMessage(new Uint8Array([1, 2, 3]), 3);
 * if (msg) rtcDeleteOpaqueMessage(msg);
 * ```
 */
export function rtcCreateOpaqueMessage(data: Uint8Array, size: number): rtcMessage | null {
  if (!(data instanceof Uint8Array) || !Number.isInteger(size) || size < 0 || size > data.length)
    return null;
  // A transferred (detached) buffer throws a TypeError when read.
  if (isDetachedView(data)) return null;
  return Object.freeze({ data: data.slice(0, size) });
}

/**
 * Frees an opaque message made by rtcCreateOpaqueMessage (nothing to do in JS: the garbage
 * collector frees it; kept so ported code compiles).
 *
 * @example
 * ```ts
 * import { rtcCreateOpaqueMessage, rtcDeleteOpaqueMessage } from '@rxdc/capi-compat';
 * const msg = rtcCreateOpaqueMessage(new Uint8Array(4), 4);
 * if (msg) rtcDeleteOpaqueMessage(msg);
 * ```
 */
export function rtcDeleteOpaqueMessage(_msg: rtcMessage | null): void {}
