import { BoundedFifo } from '@rxdc/native';
import { type PumpFeed, pumpSends } from '../backpressure/send-pump.js';
import { RxError } from '../errors/rx-error.js';
import type { Crc32 } from './crc32.js';
import { type FragmentCursor, FrameEncoder, type RawMessage } from './frame-encoder.js';
import { DEFAULT_PACKET_SIZE, ENTRY_COST, HEADER_SIZE, packetCost } from './wire-format.js';

/** What the sending half needs of the channel under a framed channel. @internal */
export interface PacketCarrier {
  /** Hands a packet to the channel (queued in its buffer when it cannot go out at once). */
  send(packet: Uint8Array): void;
  /** Bytes handed to the channel and not yet on the network. */
  readonly bufferedAmount: number;
  /** The largest native message, in bytes; 0 until open. */
  readonly maxMessageSize: number;
}

/** Why {@link FrameSender.pump} stopped. @internal */
export type PumpResult = 'idle' | 'room' | 'credit';

/** Options of {@link FrameSender}. @internal */
export interface FrameSenderOptions {
  maxMessageSize: number;
  packetSize?: number;
  queueLimit: number;
  /** The channel's buffered amount never passes this (a packet larger goes when it is empty). */
  highWaterMark: number;
  alloc?: (size: number) => Uint8Array;
  crc?: Crc32;
  /**
   * True when the carrier copies a packet before `send` returns (a `@rxdc/core` channel, a
   * browser RTCDataChannel): then one buffer serves every batch packet.
   */
  copiesOnSend: boolean;
}

/**
 * The sending half of a framed channel, platform-neutral: the queue of messages accepted by
 * `send()`, packing them into packets, and the one pump that hands packets to the channel
 * while both the channel's buffer has room (high-water mark) and the receiver's credit allows.
 *
 * @internal
 */
export class FrameSender {
  readonly #options: FrameSenderOptions;
  readonly #pending = new BoundedFifo<RawMessage>();
  #queuedBytes = 0;
  /** Messages accepted and not yet taken into a packet (each costs memory beyond its bytes). */
  #queuedMessages = 0;
  #cursor: FragmentCursor | undefined;
  #encoder: FrameEncoder | undefined;
  #packet: Uint8Array | undefined;
  /** Credit the receiver still allows: packet bytes plus a cost per message (wire version 3). */
  #credit = 0;
  #creditBlocked = false;

  constructor(options: FrameSenderOptions) {
    this.#options = options;
  }

  /**
   * Bytes accepted and not yet handed to the channel (fragments of a message included), plus
   * `ENTRY_COST` per message waiting: what the queue holds, so that empty messages fill it too.
   */
  get queuedBytes(): number {
    return this.#queuedBytes + ENTRY_COST * this.#queuedMessages;
  }

  /** True while something accepted has not been handed to the channel. */
  get pending(): boolean {
    return this.#cursor !== undefined || this.#pending.count > 0;
  }

  /** Credit the receiver still allows (see {@link packetCost}). */
  get credit(): number {
    return this.#credit;
  }

  /**
   * Queues a message.
   *
   * @throws {@link RxError} `MESSAGE_TOO_LARGE`, `QUEUE_OVERFLOW`.
   */
  enqueue(message: RawMessage): void {
    const bytes = message.bytes.byteLength;
    const size = bytes + ENTRY_COST;
    const queued = this.queuedBytes;
    const { maxMessageSize, queueLimit } = this.#options;
    if (bytes > maxMessageSize) {
      throw new RxError(
        'MESSAGE_TOO_LARGE',
        `message of ${bytes} bytes exceeds the framed maxMessageSize of ${maxMessageSize} bytes: ` +
          'raise maxMessageSize on both sides, or send it in parts',
      );
    }
    if (queued > 0 && queued + size > queueLimit) {
      throw new RxError(
        'QUEUE_OVERFLOW',
        `framed send queue full: ${queued} bytes waiting + ${size} (a ${bytes}-byte message and ${ENTRY_COST} per message) exceeds the queueLimit of ${queueLimit}: ` +
          'wait for bufferedAmountLow$ or drained$() before sending more (or send with sendFrom), or raise queueLimit',
      );
    }
    this.#pending.push(message);
    this.#queuedBytes += bytes;
    this.#queuedMessages++;
  }

  /** The receiver granted `bytes` more. */
  addCredit(bytes: number): void {
    this.#credit += bytes;
  }

  /** Sends a credit packet granting `bytes` at once (credit is tiny and never waits for room). */
  sendCredit(carrier: PacketCarrier, bytes: number): void {
    carrier.send(this.#encoderFor(carrier).credit(bytes));
  }

  /**
   * Hands packets to the channel until there is nothing to send, the channel's buffer is full
   * (`'room'`: call again when it drains) or the credit is spent (`'credit'`: call again when
   * credit arrives). Throws what the channel's `send` throws.
   */
  pump(carrier: PacketCarrier): PumpResult {
    this.#encoderFor(carrier);
    this.#creditBlocked = false;
    if (pumpSends(carrier, this.#options.highWaterMark, this.#feed) === 'full') return 'room';
    return this.#creditBlocked ? 'credit' : 'idle';
  }

  /** The packets to send, for the shared send pump: sized first, built when taken. */
  readonly #feed: PumpFeed<Uint8Array> = {
    nextSize: () => {
      const encoder = this.#encoder as FrameEncoder;
      let cursor = this.#cursor;
      if (!cursor) {
        const first = this.#pending.peek();
        if (!first) return undefined;
        if (encoder.fitsBatch(first)) {
          const size = HEADER_SIZE + FrameEncoder.entrySize(first);
          return this.#withinCredit(size, packetCost(size, 1));
        }
        this.#take(false);
        cursor = { message: first, offset: 0 };
        this.#cursor = cursor;
      }
      const size = encoder.nextFragmentSize(cursor);
      return this.#withinCredit(size, packetCost(size, 1));
    },
    take: () => {
      const encoder = this.#encoder as FrameEncoder;
      const packetSize = encoder.packetSize;
      const cursor = this.#cursor;
      if (cursor) {
        const size = encoder.nextFragmentSize(cursor);
        const before = cursor.offset;
        const into = this.#options.copiesOnSend ? this.#packetBuffer(packetSize) : undefined;
        const packet = encoder.nextFragment(cursor, into);
        this.#credit -= packetCost(size, 1);
        this.#queuedBytes -= cursor.offset - before;
        if (FrameEncoder.fragmentsDone(cursor)) this.#cursor = undefined;
        return packet;
      }
      // Pack as many waiting messages as fit into one batch packet, written in place, up to
      // the packet size and the credit (each entry costs its bytes and ENTRY_COST).
      const packet = this.#packetBuffer(packetSize);
      let size = HEADER_SIZE;
      let entries = 0;
      for (;;) {
        const candidate = this.#pending.peek();
        if (!candidate || !encoder.fitsBatch(candidate)) break;
        const next = size + FrameEncoder.entrySize(candidate);
        if (next > packetSize || packetCost(next, entries + 1) > this.#credit) break;
        size = FrameEncoder.writeEntry(packet, size, candidate);
        entries++;
        this.#take(true);
      }
      this.#credit -= packetCost(size, entries);
      return encoder.sealBatch(packet.subarray(0, size));
    },
  };

  /** `size`, or `undefined` (noting why) when the receiver has not granted `cost`. */
  #withinCredit(size: number, cost: number): number | undefined {
    if (cost <= this.#credit) return size;
    this.#creditBlocked = true;
    return undefined;
  }

  #encoderFor(carrier: PacketCarrier): FrameEncoder {
    if (this.#encoder) return this.#encoder;
    // The packet size must fit the channel: known once it is open (the pump runs only then).
    const channelMax = carrier.maxMessageSize;
    const wanted = this.#options.packetSize ?? DEFAULT_PACKET_SIZE;
    const packetSize = channelMax > 0 ? Math.min(wanted, channelMax) : wanted;
    this.#encoder = new FrameEncoder({
      maxMessageSize: this.#options.maxMessageSize,
      packetSize,
      ...(this.#options.alloc && { alloc: this.#options.alloc }),
      ...(this.#options.crc && { crc: this.#options.crc }),
    });
    return this.#encoder;
  }

  #packetBuffer(packetSize: number): Uint8Array {
    const alloc = this.#options.alloc ?? ((size: number) => new Uint8Array(size));
    if (!this.#options.copiesOnSend) return alloc(packetSize);
    let packet = this.#packet;
    if (!packet || packet.byteLength < packetSize) {
      packet = alloc(packetSize);
      this.#packet = packet;
    }
    return packet;
  }

  #take(counted: boolean): void {
    const message = this.#pending.shift() as RawMessage;
    this.#queuedMessages--;
    if (counted) this.#queuedBytes -= message.bytes.byteLength;
  }
}
