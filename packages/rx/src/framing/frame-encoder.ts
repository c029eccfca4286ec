import { sendableBytes } from '../backpressure/sendable-bytes.js';
import { RxError } from '../errors/rx-error.js';
import type { Crc32 } from './crc32.js';
import {
  CREDIT_BODY_SIZE,
  DEFAULT_MAX_MESSAGE_SIZE,
  DEFAULT_PACKET_SIZE,
  ENTRY_HEADER_SIZE,
  FIRST_HEADER_SIZE,
  FLAG_TEXT,
  HEADER_SIZE,
  KIND_BATCH,
  KIND_CREDIT,
  KIND_FIRST,
  KIND_NEXT,
  MIN_PACKET_SIZE,
  NEXT_HEADER_SIZE,
  sealPacket,
  writeU32,
} from './wire-format.js';

/**
 * Options shared by the framing encoder and decoder.
 *
 * @example
 * ```ts
 * const options: FramingOptions = { maxMessageSize: 256 * 1024 * 1024, packetSize: 64 * 1024 };
 * ```
 */
export interface FramingOptions {
  /** The largest message, in bytes. Default 64 MiB. */
  maxMessageSize?: number;
  /** The largest packet (native message) to produce, in bytes. Default 64 KiB. */
  packetSize?: number;
}

/** A message ready to frame: its bytes and whether it is text. @internal */
export interface RawMessage {
  readonly text: boolean;
  readonly bytes: Uint8Array;
}

const utf8 = new TextEncoder();

/** @internal */
export function toRawMessage(message: unknown): RawMessage {
  const data = sendableBytes(message, 'a framed channel');
  return typeof data === 'string'
    ? { text: true, bytes: utf8.encode(data) }
    : { text: false, bytes: data };
}

/** Where a fragmented message stands: the message and the bytes of it already packed. @internal */
export interface FragmentCursor {
  readonly message: RawMessage;
  offset: number;
}

/**
 * Turns messages into packets of the wire format: small messages are packed together into
 * batch packets, large ones are split into fragments; credit packets too. Keeps the packet
 * sequence number (one sequence per direction, credit packets included).
 *
 * @internal
 */
export class FrameEncoder {
  readonly maxMessageSize: number;
  readonly packetSize: number;
  readonly #alloc: (size: number) => Uint8Array;
  readonly #crc: Crc32 | undefined;
  #seq = 0;

  constructor(
    options: FramingOptions & { alloc?: (size: number) => Uint8Array; crc?: Crc32 } = {},
  ) {
    this.#crc = options.crc;
    this.maxMessageSize = options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE;
    this.packetSize = options.packetSize ?? DEFAULT_PACKET_SIZE;
    this.#alloc = options.alloc ?? ((size) => new Uint8Array(size));
    if (!Number.isSafeInteger(this.packetSize) || this.packetSize < MIN_PACKET_SIZE) {
      throw new RxError(
        'INVALID_ARGUMENT',
        `packetSize must be a whole number >= ${MIN_PACKET_SIZE}, got ${String(this.packetSize)}`,
      );
    }
    if (
      !Number.isSafeInteger(this.maxMessageSize) ||
      this.maxMessageSize < 0 ||
      this.maxMessageSize > 0xffffffff
    ) {
      throw new RxError(
        'INVALID_ARGUMENT',
        `maxMessageSize must be a whole number from 0 to 4 GiB - 1, got ${String(this.maxMessageSize)}`,
      );
    }
  }

  /** True when the message fits in a batch packet of its own. */
  fitsBatch(message: RawMessage): boolean {
    return HEADER_SIZE + ENTRY_HEADER_SIZE + message.bytes.byteLength <= this.packetSize;
  }

  /** Bytes the message takes inside a batch. */
  static entrySize(message: RawMessage): number {
    return ENTRY_HEADER_SIZE + message.bytes.byteLength;
  }

  /** @throws {@link RxError} `MESSAGE_TOO_LARGE` */
  check(message: RawMessage): void {
    if (message.bytes.byteLength > this.maxMessageSize) {
      throw new RxError(
        'MESSAGE_TOO_LARGE',
        `message of ${message.bytes.byteLength} bytes exceeds the framed maxMessageSize of ${this.maxMessageSize} bytes: ` +
          'raise maxMessageSize on both sides, or send it in parts',
      );
    }
  }

  /** One batch packet holding `messages` (which must all fit: see {@link FrameEncoder.fitsBatch}). */
  batch(messages: readonly RawMessage[]): Uint8Array {
    let size = HEADER_SIZE;
    for (const message of messages) size += ENTRY_HEADER_SIZE + message.bytes.byteLength;
    const packet = this.#alloc(size);
    let offset = HEADER_SIZE;
    for (const message of messages) offset = FrameEncoder.writeEntry(packet, offset, message);
    return this.sealBatch(packet);
  }

  /**
   * Writes one batch entry at `offset` of `packet` (which must have room for it), straight from
   * the message's bytes (one copy, no intermediate buffer). Returns the offset after it.
   */
  static writeEntry(packet: Uint8Array, offset: number, message: RawMessage): number {
    const bytes = message.bytes;
    const length = bytes.byteLength;
    packet[offset] = message.text ? FLAG_TEXT : 0;
    writeU32(packet, offset + 1, length);
    packet.set(bytes, offset + ENTRY_HEADER_SIZE);
    return offset + ENTRY_HEADER_SIZE + length;
  }

  /**
   * Seals `packet` (header room followed by entries written with {@link FrameEncoder.writeEntry})
   * as the next batch packet: one checksum over the whole packet.
   */
  sealBatch<P extends Uint8Array>(packet: P): P {
    return sealPacket(packet, KIND_BATCH, this.#seq++, this.#crc);
  }

  /** The next credit packet, granting `bytes` (1 to 2^32 - 1). */
  credit(bytes: number): Uint8Array {
    const packet = this.#alloc(HEADER_SIZE + CREDIT_BODY_SIZE);
    writeU32(packet, HEADER_SIZE, bytes);
    return sealPacket(packet, KIND_CREDIT, this.#seq++, this.#crc);
  }

  /** The size of the next fragment packet of `cursor`'s message. */
  nextFragmentSize(cursor: FragmentCursor): number {
    const total = cursor.message.bytes.byteLength;
    if (cursor.offset === 0) {
      return Math.min(this.packetSize, HEADER_SIZE + FIRST_HEADER_SIZE + total);
    }
    return Math.min(this.packetSize, HEADER_SIZE + NEXT_HEADER_SIZE + total - cursor.offset);
  }

  /**
   * The next fragment packet of `cursor`'s message; advances the cursor. Written into `into`
   * (at least `packetSize` bytes) when given, for a carrier that copies what it sends.
   */
  nextFragment(cursor: FragmentCursor, into?: Uint8Array): Uint8Array {
    const { bytes, text } = cursor.message;
    const total = bytes.byteLength;
    const alloc = (size: number): Uint8Array => (into ? into.subarray(0, size) : this.#alloc(size));
    if (cursor.offset === 0) {
      const length = Math.min(this.packetSize - HEADER_SIZE - FIRST_HEADER_SIZE, total);
      const first = alloc(HEADER_SIZE + FIRST_HEADER_SIZE + length);
      first[HEADER_SIZE] = text ? FLAG_TEXT : 0;
      writeU32(first, HEADER_SIZE + 1, total);
      first.set(bytes.subarray(0, length), HEADER_SIZE + FIRST_HEADER_SIZE);
      cursor.offset = length;
      return sealPacket(first, KIND_FIRST, this.#seq++, this.#crc);
    }
    const offset = cursor.offset;
    const length = Math.min(this.packetSize - HEADER_SIZE - NEXT_HEADER_SIZE, total - offset);
    const packet = alloc(HEADER_SIZE + NEXT_HEADER_SIZE + length);
    writeU32(packet, HEADER_SIZE, offset);
    packet.set(bytes.subarray(offset, offset + length), HEADER_SIZE + NEXT_HEADER_SIZE);
    cursor.offset = offset + length;
    return sealPacket(packet, KIND_NEXT, this.#seq++, this.#crc);
  }

  /**
   * True once every fragment of `cursor`'s message has been produced (fragmented messages are
   * never empty: an empty one fits a batch).
   */
  static fragmentsDone(cursor: FragmentCursor): boolean {
    return cursor.offset >= cursor.message.bytes.byteLength;
  }

  /** The fragment packets of a message, produced lazily. */
  *fragments(message: RawMessage): Generator<Uint8Array, void, undefined> {
    const cursor: FragmentCursor = { message, offset: 0 };
    do yield this.nextFragment(cursor);
    while (!FrameEncoder.fragmentsDone(cursor));
  }

  /**
   * Every packet for a group of messages, in order: consecutive messages that fit are packed
   * into batches of up to `packetSize`, the others fragmented.
   */
  *encode(messages: readonly RawMessage[]): Generator<Uint8Array, void, undefined> {
    let group: RawMessage[] = [];
    let groupSize = HEADER_SIZE;
    for (const message of messages) {
      this.check(message);
      if (!this.fitsBatch(message)) {
        if (group.length > 0) yield this.batch(group);
        group = [];
        groupSize = HEADER_SIZE;
        yield* this.fragments(message);
        continue;
      }
      const entry = FrameEncoder.entrySize(message);
      if (groupSize + entry > this.packetSize) {
        yield this.batch(group);
        group = [];
        groupSize = HEADER_SIZE;
      }
      group.push(message);
      groupSize += entry;
    }
    if (group.length > 0) yield this.batch(group);
  }
}
