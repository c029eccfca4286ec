import { BoundedFifo } from '@rxdc/native';
import { RxError } from '../errors/rx-error.js';
import type { Crc32 } from './crc32.js';
import { FrameDecoder } from './frame-decoder.js';
import { KIND_BATCH, KIND_CREDIT, MIN_WINDOW, packetCost, WIRE_VERSION } from './wire-format.js';

/** A received message and the credit its consumption gives back to the sender. @internal */
export interface Received {
  readonly message: string | Uint8Array;
  readonly cost: number;
}

/** Options of {@link FrameReceiver}. @internal */
export interface FrameReceiverOptions {
  maxMessageSize: number;
  /** Bytes of packets granted ahead of the consumer. */
  window: number;
  alloc?: (size: number) => Uint8Array;
  crc?: Crc32;
  /** Sends a credit packet granting `bytes` to the other side. */
  grant: (bytes: number) => void;
  /** The other side granted `bytes` to this side's sender. */
  credit: (bytes: number) => void;
}

/**
 * The receiving half of a framed channel, platform-neutral: decodes packets into a queue of
 * whole messages and grants credit back as the consumer takes them, so that the sender never
 * gets more than `window` of credit ahead of the consumer. Credit counts packet bytes plus
 * `ENTRY_COST` per message or fragment (wire version 3), so the window bounds the memory of
 * what is held, tiny messages included.
 *
 * Accounting: a batch packet is given back when the last message it carried is consumed. A
 * fragment is given back at once while the consumer waits for that very message (nothing
 * queued: it cannot be consumed before it is complete, and holding back credit would stall a
 * message larger than the window), and otherwise when the queue ahead of it is consumed.
 * Grants go out in steps of a quarter window, so credit packets stay rare.
 *
 * @internal
 */
export class FrameReceiver {
  readonly window: number;
  readonly #options: FrameReceiverOptions;
  readonly #decoder: FrameDecoder;
  /** Unbounded here: the credit bounds it (at most a window of messages). */
  readonly #queue = new BoundedFifo<Received>();
  /** Credit of the incomplete message's packets not yet given back. */
  #partialCost = 0;
  /** Credit of consumed packets not yet granted back. */
  #ungranted = 0;
  /** Credit the sender may still spend without passing what was granted. */
  #allowance = 0;
  readonly #step: number;
  #collected: Array<string | Uint8Array> = [];
  readonly #collect = (message: string | Uint8Array): void => {
    this.#collected.push(message);
  };

  constructor(options: FrameReceiverOptions) {
    const window = options.window;
    if (!Number.isSafeInteger(window) || window < MIN_WINDOW || window > 0xffffffff) {
      throw new RxError(
        'INVALID_ARGUMENT',
        `window must be a whole number of bytes from ${MIN_WINDOW} (1 MiB) to 4 GiB - 1, got ${String(window)}`,
      );
    }
    this.window = window;
    this.#options = options;
    this.#step = Math.floor(window / 4);
    this.#decoder = new FrameDecoder({
      maxMessageSize: options.maxMessageSize,
      ...(options.alloc && { alloc: options.alloc }),
      ...(options.crc && { crc: options.crc }),
    });
  }

  /** Messages waiting for the consumer. */
  get available(): number {
    return this.#queue.count;
  }

  /** Grants the whole window: once, when the channel opens. */
  start(): void {
    this.#allowance += this.window;
    this.#options.grant(this.window);
  }

  /**
   * Decodes one packet into the queue (or hands a credit packet to the sender).
   *
   * @throws {@link RxError} as {@link FrameDecoder.push}, and `FRAME_CORRUPT` when the other
   * side sends past the credit it was granted.
   */
  push(packet: string | Uint8Array): void {
    const collected = this.#collected;
    this.#decoder.push(packet, this.#collect, this.#options.credit);
    if (typeof packet === 'string' || packet[1] === KIND_CREDIT) return;
    const isBatch = packet[1] === KIND_BATCH;
    const size = packetCost(packet.byteLength, isBatch ? collected.length : 1);
    if (size > this.#allowance) {
      const error = new RxError(
        'FRAME_CORRUPT',
        `the other side sent a ${packet.byteLength}-byte packet costing ${size} of credit with only ${this.#allowance} left: it does not follow the flow control of wire version ${WIRE_VERSION}`,
      );
      // Nothing after this can be trusted either: the decoder refuses what follows.
      this.#decoder.poison(error);
      throw error;
    }
    this.#allowance -= size;
    const waiting = this.available === 0;
    if (isBatch) {
      for (let i = 0; i < collected.length; i++) {
        const last = i === collected.length - 1;
        this.#queue.push({ message: collected[i] as string | Uint8Array, cost: last ? size : 0 });
      }
    } else {
      if (waiting) this.#give(size);
      else this.#partialCost += size;
      for (const message of collected) {
        this.#queue.push({ message, cost: this.#partialCost });
        this.#partialCost = 0;
      }
    }
    if (collected.length > 0) this.#collected = [];
  }

  /** Takes the oldest message; call {@link FrameReceiver.release} once it is consumed. */
  shift(): Received | undefined {
    return this.#queue.shift();
  }

  /** The consumer is done with `entry`: its packet bytes go back to the sender. */
  release(entry: Received): void {
    let bytes = entry.cost;
    // The consumer has caught up and now waits for the message being reassembled.
    if (this.available === 0 && this.#partialCost > 0) {
      bytes += this.#partialCost;
      this.#partialCost = 0;
    }
    if (bytes > 0) this.#give(bytes);
  }

  /**
   * Checks the stream may end here.
   *
   * @throws {@link RxError} `FRAME_TRUNCATED` in the middle of a message.
   */
  end(): void {
    this.#decoder.end();
  }

  #give(bytes: number): void {
    this.#ungranted += bytes;
    if (this.#ungranted < this.#step) return;
    const grant = this.#ungranted;
    this.#ungranted = 0;
    this.#allowance += grant;
    this.#options.grant(grant);
  }
}
