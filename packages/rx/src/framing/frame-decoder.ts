import { RxError } from '../errors/rx-error.js';
import type { Crc32 } from './crc32.js';
import {
  CREDIT_BODY_SIZE,
  DEFAULT_MAX_MESSAGE_SIZE,
  ENTRY_HEADER_SIZE,
  FIRST_HEADER_SIZE,
  FLAG_TEXT,
  HEADER_SIZE,
  KIND_BATCH,
  KIND_CREDIT,
  KIND_FIRST,
  KIND_NEXT,
  NEXT_HEADER_SIZE,
  packetChecksum,
  readU32,
  WIRE_VERSION,
} from './wire-format.js';

interface Partial {
  readonly text: boolean;
  /** The announced length of the whole message. */
  readonly total: number;
  /** Grows as fragments arrive (see {@link FrameDecoder}): never ahead of what arrived by more than it holds. */
  buffer: Uint8Array;
  received: number;
}

/** The first buffer of a fragmented message: at most this much before its bytes arrive. */
const FIRST_BUFFER_SIZE = 256 * 1024;

/** Options of {@link FrameDecoder}. @internal */
export interface FrameDecoderOptions {
  maxMessageSize?: number;
  /** Allocates the buffer of a fragmented message (Node: `Buffer.allocUnsafe`). */
  alloc?: (size: number) => Uint8Array;
  /** The CRC-32 implementation (Node: `zlib.crc32` when available). */
  crc?: Crc32;
}

const utf8 = new TextDecoder();

/**
 * Turns packets of the wire format back into messages, checking everything: version,
 * checksum, sequence, lengths, fragment offsets, and the size limit. The first bad packet
 * throws an {@link RxError}; after that the decoder refuses everything (a framed stream
 * cannot resynchronize safely). Binary messages are views of the packet (or of the buffer a
 * fragmented message was reassembled in), so a Node `Buffer` packet gives `Buffer` messages.
 *
 * A fragmented message's buffer grows as its bytes arrive (doubling, up to the announced
 * length), so a 16-byte first fragment announcing 64 MiB costs at most 256 KiB until the
 * bytes come: memory follows what the sender really sent (and the credit it spent), not what
 * it announced.
 *
 * @internal
 */
export class FrameDecoder {
  readonly maxMessageSize: number;
  readonly #alloc: (size: number) => Uint8Array;
  readonly #crc: Crc32 | undefined;
  #seq = 0;
  #partial: Partial | undefined;
  #failed: RxError | undefined;
  #packets = 0;

  constructor(options: FrameDecoderOptions = {}) {
    this.maxMessageSize = options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE;
    this.#alloc = options.alloc ?? ((size) => new Uint8Array(size));
    this.#crc = options.crc;
  }

  /** True while a fragmented message is incomplete. */
  get midMessage(): boolean {
    return this.#partial !== undefined;
  }

  /**
   * Decodes one packet, calling `emit` for each complete message and `credit` for a credit
   * packet (ignored when not given).
   *
   * @throws {@link RxError} `FRAME_VERSION`, `FRAME_CORRUPT`, `FRAME_SEQUENCE`,
   * `FRAME_TRUNCATED` or `MESSAGE_TOO_LARGE`.
   */
  push(
    packet: string | Uint8Array,
    emit: (message: string | Uint8Array) => void,
    credit?: (bytes: number) => void,
  ): void {
    if (this.#failed) throw this.#failed;
    try {
      this.#decode(packet, emit, credit);
    } catch (error) {
      this.#failed = error as RxError;
      throw error;
    }
  }

  /** Makes every later {@link FrameDecoder.push} throw `error` (a fault found around it). */
  poison(error: RxError): void {
    this.#failed ??= error;
  }

  /**
   * Checks the stream may end here.
   *
   * @throws {@link RxError} `FRAME_TRUNCATED` when a message is incomplete.
   */
  end(): void {
    const partial = this.#partial;
    if (partial) {
      throw new RxError(
        'FRAME_TRUNCATED',
        `framed stream ended in the middle of a message: ${partial.received} of ${partial.total} bytes arrived`,
      );
    }
  }

  #decode(
    packet: string | Uint8Array,
    emit: (message: string | Uint8Array) => void,
    credit: ((bytes: number) => void) | undefined,
  ): void {
    const index = this.#packets++;
    if (typeof packet === 'string') {
      throw new RxError(
        'FRAME_VERSION',
        `packet #${index} is a text message, not a framed packet: both sides must use a framed channel`,
      );
    }
    if (packet.byteLength < HEADER_SIZE) {
      throw new RxError(
        'FRAME_CORRUPT',
        `packet #${index} is ${packet.byteLength} bytes, shorter than the ${HEADER_SIZE}-byte header`,
      );
    }
    if (packet[0] !== WIRE_VERSION) {
      throw new RxError(
        'FRAME_VERSION',
        packet[0] === 1
          ? `packet #${index} has wire version 1: the other side runs an @rxdc/rx older than framing with flow control (version ${WIRE_VERSION}); upgrade @rxdc/rx there`
          : packet[0] === 2
            ? `packet #${index} has wire version 2: the other side runs an @rxdc/rx whose flow control counts bytes only (version ${WIRE_VERSION} also counts messages); upgrade @rxdc/rx there`
            : `packet #${index} has wire version ${packet[0]}, this decoder reads version ${WIRE_VERSION}: upgrade @rxdc/rx on the older side`,
      );
    }
    const checksum = readU32(packet, 6);
    if (packetChecksum(packet, this.#crc) !== checksum) {
      throw new RxError(
        'FRAME_CORRUPT',
        `packet #${index} fails its CRC-32 checksum: it was damaged or not written by a framed channel`,
      );
    }
    const seq = readU32(packet, 2);
    if (seq !== this.#seq) {
      throw new RxError(
        'FRAME_SEQUENCE',
        `packet #${index} has sequence number ${seq}, expected ${this.#seq}: a packet was lost, repeated or reordered ` +
          '(framing needs a reliable, ordered channel)',
      );
    }
    this.#seq = (this.#seq + 1) >>> 0;
    const kind = packet[1];
    if (kind === KIND_BATCH) {
      this.#batch(packet, index, emit);
      return;
    }
    if (kind === KIND_FIRST) {
      this.#first(packet, index, emit);
      return;
    }
    if (kind === KIND_NEXT) {
      this.#next(packet, index, emit);
      return;
    }
    if (kind === KIND_CREDIT) {
      if (packet.byteLength !== HEADER_SIZE + CREDIT_BODY_SIZE) {
        throw new RxError(
          'FRAME_CORRUPT',
          `packet #${index}: credit packet of ${packet.byteLength} bytes`,
        );
      }
      credit?.(readU32(packet, HEADER_SIZE));
      return;
    }
    throw new RxError('FRAME_CORRUPT', `packet #${index} has unknown kind ${kind}`);
  }

  #requireNoPartial(index: number): void {
    const partial = this.#partial;
    if (partial) {
      throw new RxError(
        'FRAME_TRUNCATED',
        `packet #${index} starts a new message while the previous one is incomplete ` +
          `(${partial.received} of ${partial.total} bytes arrived)`,
      );
    }
  }

  #batch(packet: Uint8Array, index: number, emit: (message: string | Uint8Array) => void): void {
    this.#requireNoPartial(index);
    const end = packet.byteLength;
    if (end === HEADER_SIZE) throw new RxError('FRAME_CORRUPT', `packet #${index}: empty batch`);
    // Validate the whole batch before emitting, so a bad packet yields no message at all.
    let offset = HEADER_SIZE;
    while (offset < end) {
      if (offset + ENTRY_HEADER_SIZE > end) {
        throw new RxError(
          'FRAME_TRUNCATED',
          `packet #${index}: batch entry header cut off at byte ${offset} of ${end}`,
        );
      }
      const flags = packet[offset] as number;
      const length = readU32(packet, offset + 1);
      if (flags & ~FLAG_TEXT)
        throw new RxError(
          'FRAME_CORRUPT',
          `packet #${index}: unknown flags ${flags} at byte ${offset}`,
        );
      const start = offset + ENTRY_HEADER_SIZE;
      if (start + length > end) {
        throw new RxError(
          'FRAME_TRUNCATED',
          `packet #${index}: batch entry at byte ${offset} declares ${length} bytes, only ${end - start} remain`,
        );
      }
      this.#checkSize(length, index);
      offset = start + length;
    }
    // Then emit views into the packet (no copy, no per-entry bookkeeping): the entries are valid.
    offset = HEADER_SIZE;
    while (offset < end) {
      const start = offset + ENTRY_HEADER_SIZE;
      const stop = start + readU32(packet, offset + 1);
      const view = packet.subarray(start, stop);
      emit((packet[offset] as number) & FLAG_TEXT ? utf8.decode(view) : view);
      offset = stop;
    }
  }

  #first(packet: Uint8Array, index: number, emit: (message: string | Uint8Array) => void): void {
    this.#requireNoPartial(index);
    if (packet.byteLength < HEADER_SIZE + FIRST_HEADER_SIZE) {
      throw new RxError('FRAME_TRUNCATED', `packet #${index}: first-fragment header cut off`);
    }
    const flags = packet[HEADER_SIZE] as number;
    if (flags & ~FLAG_TEXT)
      throw new RxError('FRAME_CORRUPT', `packet #${index}: unknown flags ${flags}`);
    const total = readU32(packet, HEADER_SIZE + 1);
    this.#checkSize(total, index);
    const chunk = packet.subarray(HEADER_SIZE + FIRST_HEADER_SIZE);
    if (chunk.byteLength > total) {
      throw new RxError(
        'FRAME_CORRUPT',
        `packet #${index}: fragment of ${chunk.byteLength} bytes for a message of ${total}`,
      );
    }
    const partial: Partial = {
      text: (flags & FLAG_TEXT) !== 0,
      total,
      buffer: this.#alloc(Math.min(total, Math.max(FIRST_BUFFER_SIZE, chunk.byteLength))),
      received: 0,
    };
    partial.buffer.set(chunk, 0);
    partial.received = chunk.byteLength;
    this.#partial = partial;
    this.#completeIfDone(emit);
  }

  #next(packet: Uint8Array, index: number, emit: (message: string | Uint8Array) => void): void {
    const partial = this.#partial;
    if (!partial) {
      throw new RxError(
        'FRAME_TRUNCATED',
        `packet #${index} continues a message whose first fragment never arrived`,
      );
    }
    if (packet.byteLength < HEADER_SIZE + NEXT_HEADER_SIZE) {
      throw new RxError('FRAME_TRUNCATED', `packet #${index}: fragment header cut off`);
    }
    const offset = readU32(packet, HEADER_SIZE);
    if (offset !== partial.received) {
      throw new RxError(
        'FRAME_TRUNCATED',
        `packet #${index}: fragment at offset ${offset}, expected ${partial.received}`,
      );
    }
    const chunk = packet.subarray(HEADER_SIZE + NEXT_HEADER_SIZE);
    const needed = offset + chunk.byteLength;
    if (needed > partial.total) {
      throw new RxError(
        'FRAME_CORRUPT',
        `packet #${index}: fragment runs past the end of its ${partial.total}-byte message`,
      );
    }
    if (needed > partial.buffer.byteLength) {
      // Double (amortized one copy per byte), never past the announced length.
      const grown = this.#alloc(
        Math.min(partial.total, Math.max(needed, 2 * partial.buffer.byteLength)),
      );
      grown.set(partial.buffer.subarray(0, partial.received), 0);
      partial.buffer = grown;
    }
    partial.buffer.set(chunk, offset);
    partial.received += chunk.byteLength;
    this.#completeIfDone(emit);
  }

  #completeIfDone(emit: (message: string | Uint8Array) => void): void {
    const partial = this.#partial;
    if (!partial || partial.received < partial.total) return;
    this.#partial = undefined;
    emit(partial.text ? utf8.decode(partial.buffer) : partial.buffer);
  }

  #checkSize(size: number, index: number): void {
    if (size > this.maxMessageSize) {
      throw new RxError(
        'MESSAGE_TOO_LARGE',
        `packet #${index} announces a message of ${size} bytes, over this side's maxMessageSize of ${this.maxMessageSize}`,
      );
    }
  }
}
