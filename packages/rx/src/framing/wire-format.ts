import { crc32 } from 'node:zlib';

/**
 * The framing wire format, version 1 (documented in the package README). Every native message
 * of a framed channel is one binary packet:
 *
 * ```
 * offset size  field
 * 0      1     version (1)
 * 1      1     kind: 1 batch, 2 first fragment, 3 next fragment
 * 2      4     sequence number, u32 big-endian, +1 per packet, wrapping
 * 6      4     CRC-32 of bytes 0..5 followed by the body, u32 big-endian
 * 10     ...   body
 * ```
 *
 * @internal
 */
export const WIRE_VERSION = 1;
/** @internal */
export const HEADER_SIZE = 10;
/** @internal */
export const KIND_BATCH = 1;
/** @internal */
export const KIND_FIRST = 2;
/** @internal */
export const KIND_NEXT = 3;
/** Batch entry: flags u8 + length u32. @internal */
export const ENTRY_HEADER_SIZE = 5;
/** First fragment: flags u8 + total length u32. @internal */
export const FIRST_HEADER_SIZE = 5;
/** Next fragment: offset u32. @internal */
export const NEXT_HEADER_SIZE = 4;
/** Flag bit 0: the message is text (UTF-8). @internal */
export const FLAG_TEXT = 1;

/** Default largest framed message: 64 MiB. @internal */
export const DEFAULT_MAX_MESSAGE_SIZE = 64 * 1024 * 1024;
/** Default packet size: 64 KiB (also capped by the channel's maxMessageSize). @internal */
export const DEFAULT_PACKET_SIZE = 64 * 1024;
/** The smallest packet that can carry a byte of payload. @internal */
export const MIN_PACKET_SIZE = HEADER_SIZE + FIRST_HEADER_SIZE + 1;

/** Writes version, kind, sequence and checksum into `packet[0..10)`. @internal */
export function sealPacket(packet: Buffer, kind: number, seq: number): Buffer {
  packet[0] = WIRE_VERSION;
  packet[1] = kind;
  packet.writeUInt32BE(seq >>> 0, 2);
  packet.writeUInt32BE(packetChecksum(packet), 6);
  return packet;
}

/** CRC-32 of the header's first 6 bytes and the body. @internal */
export function packetChecksum(packet: Uint8Array): number {
  return crc32(packet.subarray(HEADER_SIZE), crc32(packet.subarray(0, 6)));
}
