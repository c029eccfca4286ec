import { type Check, finiteNumber, isFunction, oneOf } from '../errors/argument-checks.js';
import { RxError } from '../errors/rx-error.js';

/**
 * What to do when a bounded queue is full and another value arrives:
 * - `'error'` (the default): fail with an {@link RxError} `QUEUE_OVERFLOW` naming the limit.
 * - `'drop-newest'`: drop the value that does not fit (counted in `dropped`).
 * - `'drop-oldest'`: drop the oldest queued values until the new one fits (counted).
 *
 * @example
 * ```ts
 * source$.pipe(sendWithBackpressure(channel, { queueLimit: 8 << 20, overflow: 'drop-oldest' }));
 * ```
 */
export type OverflowPolicy = 'error' | 'drop-newest' | 'drop-oldest';

/**
 * Options of a bounded queue.
 *
 * @example
 * ```ts
 * const options: QueueOptions<string> = { queueLimit: 100, sizeOf: () => 1 };
 * ```
 */
export interface QueueOptions<T> {
  /** The most the queue holds, measured by `sizeOf`. Default 16 MiB. */
  queueLimit?: number;
  /** What happens to a value that does not fit. Default `'error'`. */
  overflow?: OverflowPolicy;
  /** The size of one value. Default its byte length (strings as UTF-8). */
  sizeOf?: (value: T) => number;
}

/** The checks of {@link QueueOptions}. @internal */
export const QUEUE_OPTIONS: Readonly<Record<string, Check>> = {
  queueLimit: finiteNumber(0, Number.POSITIVE_INFINITY, true),
  overflow: oneOf(['error', 'drop-newest', 'drop-oldest']),
  sizeOf: isFunction,
};

/** Default queue limit: 16 MiB. @internal */
export const DEFAULT_QUEUE_LIMIT = 16 * 1024 * 1024;

/** @internal */
export function defaultSizeOf(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (value instanceof Uint8Array) return value.byteLength;
  return 1;
}

/**
 * A FIFO queue bounded by total size, applying an {@link OverflowPolicy}. The one place the
 * overflow policy lives: used by `holdWhile` and by the backpressure senders.
 *
 * @internal
 */
export class BoundedQueue<T> {
  readonly limit: number;
  readonly policy: OverflowPolicy;
  readonly #sizeOf: (value: T) => number;
  #items: Array<{ value: T; size: number }> = [];
  #head = 0;
  #bytes = 0;
  #dropped = 0;

  constructor(options: QueueOptions<T> = {}) {
    this.limit = options.queueLimit ?? DEFAULT_QUEUE_LIMIT;
    this.policy = options.overflow ?? 'error';
    this.#sizeOf = options.sizeOf ?? defaultSizeOf;
  }

  get length(): number {
    return this.#items.length - this.#head;
  }

  /** Total size of what is queued. */
  get size(): number {
    return this.#bytes;
  }

  /** Values dropped by the policy so far. */
  get dropped(): number {
    return this.#dropped;
  }

  /**
   * Queues `value`, applying the policy when it does not fit.
   *
   * @throws {@link RxError} `QUEUE_OVERFLOW` under the `'error'` policy.
   */
  push(value: T): void {
    const size = this.#sizeOf(value);
    if (this.#bytes + size > this.limit && this.length > 0) {
      if (this.policy === 'error') {
        throw new RxError(
          'QUEUE_OVERFLOW',
          `send queue full: ${this.#bytes} bytes queued + ${size} exceeds the queueLimit of ${this.limit}; ` +
            'the source produces faster than the channel sends: slow it down, raise queueLimit, ' +
            "choose overflow 'drop-oldest' or 'drop-newest', or send from a pull source (sendFrom)",
        );
      }
      if (this.policy === 'drop-newest') {
        this.#dropped++;
        return;
      }
      while (this.length > 0 && this.#bytes + size > this.limit) {
        this.shift();
        this.#dropped++;
      }
    }
    this.#items.push({ value, size });
    this.#bytes += size;
  }

  /** The oldest value, without removing it. */
  peek(): T | undefined {
    return this.#items[this.#head]?.value;
  }

  /** The size of the oldest value (0 when empty). */
  peekSize(): number {
    return this.#items[this.#head]?.size ?? 0;
  }

  /** Removes and returns the oldest value. */
  shift(): T | undefined {
    const item = this.#items[this.#head];
    if (!item) return undefined;
    this.#items[this.#head] = undefined as never;
    this.#head++;
    this.#bytes -= item.size;
    // Compact now and then so a long-lived queue does not grow its array forever.
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item.value;
  }

  clear(): void {
    this.#items = [];
    this.#head = 0;
    this.#bytes = 0;
  }
}
