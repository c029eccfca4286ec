import { BoundedFifo } from '@rxdc/native';
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
 * A FIFO queue bounded by total size, applying an {@link OverflowPolicy}: `@rxdc/native`'s
 * `BoundedFifo` (the one FIFO of rxdc) with this package's policy on top. The one place the
 * overflow policy lives: used by `holdWhile` and by the backpressure senders. A value larger
 * than the limit is taken when the queue is empty (it can never fit better).
 *
 * @internal
 */
export class BoundedQueue<T> {
  readonly limit: number;
  readonly policy: OverflowPolicy;
  readonly #fifo: BoundedFifo<T>;
  #dropped = 0;

  constructor(options: QueueOptions<T> = {}) {
    this.limit = options.queueLimit ?? DEFAULT_QUEUE_LIMIT;
    this.policy = options.overflow ?? 'error';
    this.#fifo = new BoundedFifo<T>({ sizeOf: options.sizeOf ?? defaultSizeOf });
  }

  get length(): number {
    return this.#fifo.count;
  }

  /** Total size of what is queued. */
  get size(): number {
    return this.#fifo.bytes;
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
    const fifo = this.#fifo;
    const size = fifo.sizeOf(value);
    if (fifo.bytes + size > this.limit && fifo.count > 0) {
      if (this.policy === 'error') {
        throw new RxError(
          'QUEUE_OVERFLOW',
          `send queue full: ${fifo.bytes} bytes queued + ${size} exceeds the queueLimit of ${this.limit}; ` +
            'the source produces faster than the channel sends: slow it down, raise queueLimit, ' +
            "choose overflow 'drop-oldest' or 'drop-newest', or send from a pull source (sendFrom)",
        );
      }
      if (this.policy === 'drop-newest') {
        this.#dropped++;
        return;
      }
      while (fifo.count > 0 && fifo.bytes + size > this.limit) {
        fifo.shift();
        this.#dropped++;
      }
    }
    fifo.push(value);
  }

  /** The oldest value, without removing it. */
  peek(): T | undefined {
    return this.#fifo.peek();
  }

  /** The size of the oldest value (0 when empty). */
  peekSize(): number {
    return this.#fifo.peekSize();
  }

  /** Removes and returns the oldest value. */
  shift(): T | undefined {
    return this.#fifo.shift();
  }

  clear(): void {
    this.#fifo.clear();
  }
}
