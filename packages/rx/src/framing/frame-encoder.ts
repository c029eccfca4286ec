import type { Sendable } from '@rxdc/core';
import { RxError } from '../errors/rx-error.js';
import {
  DEFAULT_MAX_MESSAGE_SIZE,
  DEFAULT_PACKET_SIZE,
  ENTRY_HEADER_SIZE,
  FIRST_HEADER_SIZE,
  FLAG_TEXT,
  HEADER_SIZE,
  KIND_BATCH,
  KIND_FIRST,
  KIND_NEXT,
  MIN_PACKET_SIZE,
  NEXT_HEADER_SIZE,
  sealPacket,
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

/** @internal */
export function toRawMessage(message: Sendable): RawMessage {
  if (typeof message === 'string') return { text: true, bytes: Buffer.from(message, 'utf8') };
  return { text: false, bytes: message };
}

/**
 * Turns messages into packets of the wire format: small messages are packed together into
 * batch packets, large ones are split into fragments. Keeps the packet sequence number.
 *
 * @internal
 */
export class FrameEncoder {
  readonly maxMessageSize: number;
  readonly packetSize: number;
  #seq = 0;

  constructor(options: FramingOptions = {}) {
    this.maxMessageSize = options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE;
    this.packetSize = options.packetSize ?? DEFAULT_PACKET_SIZE;
    if (!Number.isSafeInteger(this.packetSize) || this.packetSize < MIN_PACKET_SIZE) {
      throw new RangeError(
        `packetSize must be a whole number >= ${MIN_PACKET_SIZE}, got ${String(this.packetSize)}`,
      );
    }
    if (
      !Number.isSafeInteger(this.maxMessageSize) ||
      this.maxMessageSize < 0 ||
      this.maxMessageSize > 0xffffffff
    ) {
      throw new RangeError(
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
  batch(messages: readonly RawMessage[]): Buffer {
    let size = HEADER_SIZE;
    for (const message of messages) size += ENTRY_HEADER_SIZE + message.bytes.byteLength;
    const packet = Buffer.allocUnsafe(size);
    let offset = HEADER_SIZE;
    for (const message of messages) offset = FrameEncoder.writeEntry(packet, offset, message);
    return this.sealBatch(packet);
  }

  /**
   * Writes one batch entry at `offset` of `packet` (which must have room for it), straight from
   * the message's bytes (one copy, no intermediate buffer). Returns the offset after it.
   */
  static writeEntry(packet: Buffer, offset: number, message: RawMessage): number {
    const bytes = message.bytes;
    const length = bytes.byteLength;
    packet[offset] = message.text ? FLAG_TEXT : 0;
    packet.writeUInt32BE(length, offset + 1);
    packet.set(bytes, offset + ENTRY_HEADER_SIZE);
    return offset + ENTRY_HEADER_SIZE + length;
  }

  /**
   * Seals `packet` (header room followed by entries written with {@link FrameEncoder.writeEntry})
   * as the next batch packet: one checksum over the whole packet.
   */
  sealBatch(packet: Buffer): Buffer {
    return sealPacket(packet, KIND_BATCH, this.#seq++);
  }

  /** The fragment packets of a message, produced lazily. */
  *fragments(message: RawMessage): Generator<Buffer, void, undefined> {
    const { bytes, text } = message;
    const total = bytes.byteLength;
    const firstRoom = this.packetSize - HEADER_SIZE - FIRST_HEADER_SIZE;
    const firstLength = Math.min(firstRoom, total);
    const first = Buffer.allocUnsafe(HEADER_SIZE + FIRST_HEADER_SIZE + firstLength);
    first[HEADER_SIZE] = text ? FLAG_TEXT : 0;
    first.writeUInt32BE(total, HEADER_SIZE + 1);
    first.set(bytes.subarray(0, firstLength), HEADER_SIZE + FIRST_HEADER_SIZE);
    yield sealPacket(first, KIND_FIRST, this.#seq++);
    const room = this.packetSize - HEADER_SIZE - NEXT_HEADER_SIZE;
    for (let offset = firstLength; offset < total; offset += room) {
      const length = Math.min(room, total - offset);
      const packet = Buffer.allocUnsafe(HEADER_SIZE + NEXT_HEADER_SIZE + length);
      packet.writeUInt32BE(offset, HEADER_SIZE);
      packet.set(bytes.subarray(offset, offset + length), HEADER_SIZE + NEXT_HEADER_SIZE);
      yield sealPacket(packet, KIND_NEXT, this.#seq++);
    }
  }

  /**
   * Every packet for a group of messages, in order: consecutive messages that fit are packed
   * into batches of up to `packetSize`, the others fragmented.
   */
  *encode(messages: readonly RawMessage[]): Generator<Buffer, void, undefined> {
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
