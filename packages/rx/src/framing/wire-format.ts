import { type Check, wholeNumber } from '../errors/argument-checks.js';
import { type Crc32, crc32 } from './crc32.js';

/**
 * The framing wire format, version 3 (documented in the package README). Every native message
 * of a framed channel is one binary packet:
 *
 * ```
 * offset size  field
 * 0      1     version (2)
 * 1      1     kind: 1 batch, 2 first fragment, 3 next fragment, 4 credit
 * 2      4     sequence number, u32 big-endian, +1 per packet, wrapping
 * 6      4     CRC-32 of bytes 0..5 followed by the body, u32 big-endian
 * 10     ...   body
 * ```
 *
 * Version 2 added the credit packet (flow control): a receiver grants the sender credit, and
 * the sender never has more outstanding than it was granted. Version 3 keeps every byte of
 * version 2 but changes what credit counts: a data packet costs its bytes plus
 * {@link ENTRY_COST} for each message (or fragment) it carries, so that the window bounds what
 * the receiver holds in memory and not only bytes (version 2 let 4 MiB of credit queue 838,732
 * empty messages, 166 MiB of RSS).
 *
 * Plain `Uint8Array` code, no Node API: shared by the Node entry and the browser module.
 *
 * @internal
 */
export const WIRE_VERSION = 3;
/** @internal */
export const HEADER_SIZE = 10;
/** @internal */
export const KIND_BATCH = 1;
/** @internal */
export const KIND_FIRST = 2;
/** @internal */
export const KIND_NEXT = 3;
/** Credit: body is `grant u32`, the cost of data packets the sender may send more. @internal */
export const KIND_CREDIT = 4;
/** Batch entry: flags u8 + length u32. @internal */
export const ENTRY_HEADER_SIZE = 5;
/** First fragment: flags u8 + total length u32. @internal */
export const FIRST_HEADER_SIZE = 5;
/** Next fragment: offset u32. @internal */
export const NEXT_HEADER_SIZE = 4;
/** Credit body: grant u32. @internal */
export const CREDIT_BODY_SIZE = 4;
/**
 * What one message (a batch entry, or one fragment packet) costs in credit beyond its bytes:
 * at least what a received message held in the queue costs in memory beyond its bytes (its
 * view object and queue entry: about 160 bytes of heap and 200 of RSS, measured with empty
 * messages on Node 22), so that a window of credit bounds the receiver's memory whatever the
 * message sizes.
 * @internal
 */
export const ENTRY_COST = 256;

/**
 * The credit a data packet of `bytes` carrying `entries` messages or fragments spends: the
 * sender and the receiver count it the same way. @internal
 */
export function packetCost(bytes: number, entries: number): number {
  return bytes + ENTRY_COST * entries;
}

/** Flag bit 0: the message is text (UTF-8). @internal */
export const FLAG_TEXT = 1;

/** Default largest framed message: 64 MiB. @internal */
export const DEFAULT_MAX_MESSAGE_SIZE = 64 * 1024 * 1024;
/**
 * Default packet size: 64 KiB plus a batch packet's header and entry header (15 bytes), so
 * that a 64 KiB message travels in one packet rather than a full one and a 29-byte one. Also
 * capped by the channel's maxMessageSize. @internal
 */
export const DEFAULT_PACKET_SIZE = 64 * 1024 + 10 + 5;
/** The smallest packet that can carry a byte of payload. @internal */
export const MIN_PACKET_SIZE = HEADER_SIZE + FIRST_HEADER_SIZE + 1;
/**
 * Default receive window: 4 MiB of packets granted ahead of the reader. Measured on loopback,
 * about 60 ms of traffic: enough that a reader who keeps up never leaves the sender waiting.
 * @internal
 */
export const DEFAULT_WINDOW = 4 * 1024 * 1024;
/**
 * The smallest window: four of the largest packets a data channel carries (256 KiB), so that
 * credit returned in quarter-window steps always frees room for the next packet.
 * @internal
 */
export const MIN_WINDOW = 1024 * 1024;

/** `maxMessageSize`: a length field is a u32. @internal */
export const MAX_MESSAGE_SIZE_CHECK: Check = wholeNumber(0, 0xffffffff, ' of bytes');

/** The checks of `FramingOptions`. @internal */
export const FRAMING_OPTIONS: Readonly<Record<string, Check>> = {
  maxMessageSize: MAX_MESSAGE_SIZE_CHECK,
  packetSize: wholeNumber(MIN_PACKET_SIZE, 0xffffffff, ' of bytes'),
};

/** The checks of a framed channel's options (Node and browser). @internal */
export const FRAMED_CHANNEL_OPTIONS: Readonly<Record<string, Check>> = {
  ...FRAMING_OPTIONS,
  queueLimit: wholeNumber(1, Number.MAX_SAFE_INTEGER, ' of bytes'),
  window: wholeNumber(MIN_WINDOW, 0xffffffff, ' of bytes'),
  highWaterMark: wholeNumber(1, Number.MAX_SAFE_INTEGER, ' of bytes'),
  lowWaterMark: wholeNumber(0, Number.MAX_SAFE_INTEGER, ' of bytes'),
};

/** Writes `value` as a big-endian u32 at `offset`. @internal */
export function writeU32(bytes: Uint8Array, offset: number, value: number): void {
  bytes[offset] = value >>> 24;
  bytes[offset + 1] = (value >>> 16) & 0xff;
  bytes[offset + 2] = (value >>> 8) & 0xff;
  bytes[offset + 3] = value & 0xff;
}

/** Reads a big-endian u32 at `offset`. @internal */
export function readU32(bytes: Uint8Array, offset: number): number {
  return (
    (bytes[offset] as number) * 0x1000000 +
    (((bytes[offset + 1] as number) << 16) |
      ((bytes[offset + 2] as number) << 8) |
      (bytes[offset + 3] as number))
  );
}

/** Writes version, kind, sequence and checksum into `packet[0..10)`. @internal */
export function sealPacket<P extends Uint8Array>(
  packet: P,
  kind: number,
  seq: number,
  crc: Crc32 = crc32,
): P {
  packet[0] = WIRE_VERSION;
  packet[1] = kind;
  writeU32(packet, 2, seq >>> 0);
  writeU32(packet, 6, packetChecksum(packet, crc));
  return packet;
}

/** CRC-32 of the header's first 6 bytes and the body. @internal */
export function packetChecksum(packet: Uint8Array, crc: Crc32 = crc32): number {
  return crc(packet.subarray(HEADER_SIZE), crc(packet.subarray(0, 6)));
}
