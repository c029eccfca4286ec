/**
 * The fixed header of an RTP packet (RFC 3550 5.1).
 *
 * @example
 * ```ts
 * import type { RtpHeader } from '@rxdc/core';
 * const describe = (h: RtpHeader) => `pt ${h.payloadType} ssrc ${h.ssrc} seq ${h.sequenceNumber}`;
 * ```
 */
export interface RtpHeader {
  /** The payload type (0 to 127). */
  readonly payloadType: number;
  /** The synchronization source. */
  readonly ssrc: number;
  /** The sequence number (16 bits, wrapping). */
  readonly sequenceNumber: number;
  /** The RTP timestamp, in the codec's clock rate (32 bits, wrapping). */
  readonly timestamp: number;
  /** The marker bit: for video, the last packet of a frame. */
  readonly marker: boolean;
}

/**
 * True for an RTCP packet multiplexed on the RTP port (RFC 5761: packet types 192 to 223),
 * false for RTP.
 *
 * @example
 * ```ts
 * import { isRtcp, type Track } from '@rxdc/core';
 * declare const track: Track;
 * track.messages$.subscribe((packet) => console.log(isRtcp(packet) ? 'rtcp' : 'rtp'));
 * ```
 */
export function isRtcp(packet: Uint8Array): boolean {
  const type = packet[1];
  return packet.byteLength >= 8 && type !== undefined && type >= 192 && type <= 223;
}

/**
 * Reads the fixed header of an RTP packet, or undefined when `packet` is not RTP version 2
 * (too short, another version, or RTCP).
 *
 * @example
 * ```ts
 * import { readRtpHeader, type Track } from '@rxdc/core';
 * declare const track: Track;
 * track.messages$.subscribe((packet) => console.log(readRtpHeader(packet)?.sequenceNumber));
 * ```
 */
export function readRtpHeader(packet: Uint8Array): RtpHeader | undefined {
  if (packet.byteLength < 12 || (packet[0] as number) >> 6 !== 2 || isRtcp(packet))
    return undefined;
  const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
  const second = packet[1] as number;
  return {
    payloadType: second & 0x7f,
    marker: (second & 0x80) !== 0,
    sequenceNumber: view.getUint16(2),
    timestamp: view.getUint32(4),
    ssrc: view.getUint32(8),
  };
}
