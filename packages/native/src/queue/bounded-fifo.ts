/**
 * Limits of a {@link BoundedFifo}: at most `maxCount` values and `maxBytes` in total, sizes
 * measured by `sizeOf`. Each defaults to no limit (`Infinity`); `sizeOf` defaults to 1 a value.
 *
 * @example
 * ```ts
 * import type { FifoLimits } from '@rxdc/native';
 * const limits: FifoLimits<string> = { maxCount: 64, maxBytes: 1 << 20, sizeOf: (s) => s.length };
 * ```
 */
export interface FifoLimits<T> {
  /** The most values held at once. Default `Infinity`. */
  readonly maxCount?: number;
  /** The most bytes (sum of `sizeOf`) held at once. Default `Infinity`. */
  readonly maxBytes?: number;
  /** The size of one value, measured once when it is pushed. Default 1. */
  readonly sizeOf?: (value: T) => number;
}

/** After this many taken values, and when they are half the array, the array is compacted. */
const COMPACT_AFTER = 1024;

/**
 * The one first-in first-out queue of rxdc: taking is O(1) (a head index, not `Array.shift`,
 * which is O(n)), the array is compacted now and then so a long-lived queue does not grow, and
 * `push` refuses (returns false, holds nothing) a value that would pass `maxCount` or
 * `maxBytes`. What to do about a refusal (report, drop, close) is the owner's policy, not the
 * queue's.
 *
 * @example
 * ```ts
 * import { BoundedFifo } from '@rxdc/native';
 * const queue = new BoundedFifo<string>({ maxBytes: 10, sizeOf: (s) => s.length });
 * queue.push('hello'); // true
 * queue.push('world!'); // false: 11 bytes in all
 * console.log(queue.shift(), queue.count, queue.bytes); // hello 0 0
 * ```
 */
export class BoundedFifo<T> {
  readonly #maxCount: number;
  readonly #maxBytes: number;
  readonly #sizeOf: (value: T) => number;
  readonly #values: Array<T | undefined> = [];
  readonly #sizes: number[] = [];
  #head = 0;
  #bytes = 0;

  constructor(limits: FifoLimits<T> = {}) {
    this.#maxCount = limits.maxCount ?? Infinity;
    this.#maxBytes = limits.maxBytes ?? Infinity;
    this.#sizeOf = limits.sizeOf ?? (() => 1);
  }

  /** The limit in values. */
  get maxCount(): number {
    return this.#maxCount;
  }

  /** The limit in bytes. */
  get maxBytes(): number {
    return this.#maxBytes;
  }

  /** Values held now. */
  get count(): number {
    return this.#values.length - this.#head;
  }

  /** Bytes held now (sum of the held values' sizes). */
  get bytes(): number {
    return this.#bytes;
  }

  /** The size `sizeOf` gives `value` (what `push` would count). */
  sizeOf(value: T): number {
    return this.#sizeOf(value);
  }

  /** Holds `value` at the end; false, holding nothing, when it would pass a limit. */
  push(value: T): boolean {
    const size = this.#sizeOf(value);
    if (this.count + 1 > this.#maxCount || this.#bytes + size > this.#maxBytes) return false;
    this.#values.push(value);
    this.#sizes.push(size);
    this.#bytes += size;
    return true;
  }

  /** The oldest value, left in the queue; undefined when empty. */
  peek(): T | undefined {
    return this.count === 0 ? undefined : this.#values[this.#head];
  }

  /** The size of the oldest value; 0 when empty. */
  peekSize(): number {
    return this.count === 0 ? 0 : (this.#sizes[this.#head] as number);
  }

  /** The oldest value, removed from the queue; undefined when empty. */
  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const value = this.#values[this.#head] as T;
    this.#bytes -= this.#sizes[this.#head] as number;
    this.#values[this.#head] = undefined; // let it be collected now
    this.#head++;
    if (this.#head === this.#values.length) {
      this.clear();
    } else if (this.#head >= COMPACT_AFTER && this.#head * 2 >= this.#values.length) {
      // In place, never into a new array: a long-lived queue's array is in V8's old space, and
      // a replaced one stays there, dead but still pointing at the values it held, until the
      // next full GC. Young-generation GCs take those pointers as roots, so every value held at
      // the compaction (a window of received messages) outlived its consumer until then: the
      // 1 GiB pipeline test's receiver grew +50 MiB instead of +19 MiB.
      this.#values.splice(0, this.#head);
      this.#sizes.splice(0, this.#head);
      this.#head = 0;
    }
    return value;
  }

  /** Removes every held value for which `stale` is true, keeping the others in order. */
  prune(stale: (value: T) => boolean): void {
    // Kept values move down in place (see `shift` for why the arrays are never replaced).
    const values = this.#values;
    const sizes = this.#sizes;
    let kept = 0;
    let bytes = 0;
    for (let i = this.#head; i < values.length; i++) {
      const value = values[i] as T;
      if (stale(value)) continue;
      values[kept] = value;
      sizes[kept] = sizes[i] as number;
      bytes += sizes[kept] as number;
      kept++;
    }
    values.length = kept;
    sizes.length = kept;
    this.#head = 0;
    this.#bytes = bytes;
  }

  /** Forgets everything held. */
  clear(): void {
    // Truncated in place (see `shift`): a replaced array would keep what it held alive.
    this.#values.length = 0;
    this.#sizes.length = 0;
    this.#head = 0;
    this.#bytes = 0;
  }

  /** The held values, oldest first, left in the queue. */
  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = this.#head; i < this.#values.length; i++) yield this.#values[i] as T;
  }
}
