/**
 * The fixed header of an RTP packet (RFC 3550 5.1).
 *
 * @example
 * ```ts
 * import type { RtpHeader } from '@rxdc/native';
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
 * import { isRtcp } from '@rxdc/native';
 * const pli = new Uint8Array([0x81, 206, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2]);
 * isRtcp(pli); // true: RTCP payload-specific feedback (a PLI)
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
 * import { readRtpHeader } from '@rxdc/native';
 * const packet = new Uint8Array([0x80, 0xe0, 0, 7, 0, 0, 0x0b, 0xb8, 0, 0, 0, 42]);
 * readRtpHeader(packet); // { payloadType: 96, marker: true, sequenceNumber: 7, timestamp: 3000, ssrc: 42 }
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
