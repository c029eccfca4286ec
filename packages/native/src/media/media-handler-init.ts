import type { RtpConfigInit } from './rtp-config.js';

/**
 * How the NAL units of an H.264/H.265 frame are separated: `Length` (each unit after a 4-byte
 * big-endian length, as in MP4), `LongStartSequence` (`00 00 00 01`), `ShortStartSequence`
 * (`00 00 01`) or `StartSequence` (either, as Annex-B encoders write them).
 *
 * @example
 * ```ts
 * import type { NalSeparator } from '@rxdc/native';
 * const annexB: NalSeparator = 'StartSequence';
 * ```
 */
export type NalSeparator = 'Length' | 'LongStartSequence' | 'ShortStartSequence' | 'StartSequence';

/**
 * How an AV1 frame is given to its packetizer: `Obu` (one OBU per send) or `TemporalUnit`
 * (a whole temporal unit of OBUs per send).
 *
 * @example
 * ```ts
 * import type { ObuPacketization } from '@rxdc/native';
 * const unit: ObuPacketization = 'TemporalUnit';
 * ```
 */
export type ObuPacketization = 'Obu' | 'TemporalUnit';

/**
 * A packetizer: it turns each frame sent on the track into RTP packets, natively (no
 * JavaScript per packet). `rtp` packetizes one frame per packet: what libdatachannel's Opus,
 * AAC, PCMU, PCMA and G722 packetizers are (an RTP packetizer at the codec's clock rate).
 *
 * @example
 * ```ts
 * import type { PacketizerInit } from '@rxdc/native';
 * const h264: PacketizerInit = {
 *   type: 'h264', separator: 'StartSequence',
 *   rtp: { ssrc: 42, cname: 'camera', payloadType: 96, clockRate: 90_000 },
 * };
 * ```
 */
export type PacketizerInit =
  | {
      readonly type: 'h264' | 'h265';
      readonly rtp: RtpConfigInit;
      /** How NAL units are separated in a frame (default `Length`, as rtc.h's default). */
      readonly separator?: NalSeparator;
      /** The largest RTP payload, in bytes (default 1220, RTC_DEFAULT_MAX_FRAGMENT_SIZE). */
      readonly maxFragmentSize?: number;
    }
  | {
      readonly type: 'av1';
      readonly rtp: RtpConfigInit;
      /** What one send holds (default `Obu`, as rtc.h's default). */
      readonly packetization?: ObuPacketization;
      /** The largest RTP payload, in bytes (default 1220). */
      readonly maxFragmentSize?: number;
    }
  | { readonly type: 'rtp'; readonly rtp: RtpConfigInit };

/**
 * A handler chained after the packetizer (or on its own, for a receiving track), in
 * libdatachannel's terms:
 * - `rtcp-receiving-session`: answers a remote sender with receiver reports, sends keyframe
 *   (PLI) and bitrate (REMB) requests; it consumes every incoming RTCP packet.
 * - `rtcp-sr-reporter`: sends RTCP sender reports for the packetizer's stream (needs one).
 * - `rtcp-nack-responder`: keeps the last `maxStoredPackets` sent packets (default 512) and
 *   resends those the remote side reports lost.
 * - `pacing`: spreads sent packets at `bitsPerSecond`, sending every `sendIntervalMs`.
 * - `pli-handler`, `remb-handler`: call back when the remote side asks for a keyframe (PLI or
 *   FIR) or reports a bitrate (REMB). node-datachannel has no native one: rxdc reads the RTCP
 *   packets that reach the track, so they see them only while no receiving session is chained
 *   (it consumes RTCP natively).
 *
 * @example
 * ```ts
 * import type { ChainedHandlerInit } from '@rxdc/native';
 * const chain: ChainedHandlerInit[] = [
 *   { type: 'rtcp-sr-reporter' },
 *   { type: 'rtcp-nack-responder', maxStoredPackets: 512 },
 *   { type: 'pli-handler', onPli: () => console.log('keyframe asked') },
 * ];
 * ```
 */
export type ChainedHandlerInit =
  | { readonly type: 'rtcp-receiving-session' }
  | { readonly type: 'rtcp-sr-reporter' }
  | { readonly type: 'rtcp-nack-responder'; readonly maxStoredPackets?: number }
  | { readonly type: 'pacing'; readonly bitsPerSecond: number; readonly sendIntervalMs: number }
  | { readonly type: 'pli-handler'; readonly onPli: () => void }
  | { readonly type: 'remb-handler'; readonly onRemb: (bitsPerSecond: number) => void };

/**
 * Any media handler a track can have: a packetizer or a chained handler.
 *
 * @example
 * ```ts
 * import type { MediaHandlerInit } from '@rxdc/native';
 * const session: MediaHandlerInit = { type: 'rtcp-receiving-session' };
 * ```
 */
export type MediaHandlerInit = PacketizerInit | ChainedHandlerInit;

/**
 * The name of a media handler in a chain (see {@link MediaHandlerInit}).
 *
 * @example
 * ```ts
 * import type { MediaHandlerType } from '@rxdc/native';
 * const first: MediaHandlerType = 'h264';
 * ```
 */
export type MediaHandlerType = MediaHandlerInit['type'];
