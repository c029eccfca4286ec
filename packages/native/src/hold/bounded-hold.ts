import { RtcError } from '../errors/rtc-error.js';
import type { HoldBudget } from './hold-budget.js';

/**
 * Bytes a hold has charged to its budget, kept apart from the hold so that a hold dropped with
 * values in it (a channel nobody will ever read, collected) still gives them back.
 */
interface Charge {
  readonly budget: HoldBudget;
  bytes: number;
}

const uncollected = new FinalizationRegistry<Charge>((charge) => {
  charge.budget.release(charge.bytes);
});

/**
 * A first-in first-out hold with a limit in bytes and in count: what rxdc keeps for a missing
 * reader (core's `messages$`, `dataChannel$`, `clients$`; capi-compat's polling queue). A value
 * that would pass either limit is refused (`push` returns false) and the hold is marked
 * overflowed: the owner reports `HOLD_OVERFLOW` (see {@link BoundedHold.overflowError}) and
 * closes the object. With a `budget` (see {@link HoldBudget}), every value held is charged to it
 * too, and one the budget has no room for is refused the same way.
 *
 * @example
 * ```ts
 * import { BoundedHold } from '@rxdc/native';
 * const hold = new BoundedHold<string>({ maxBytes: 10, maxCount: 2 }, (s) => s.length);
 * hold.push('hello'); // true
 * hold.push('world!'); // false: 11 bytes
 * console.log(hold.shift(), hold.overflowed); // hello true
 * ```
 */
export class BoundedHold<T> {
  readonly #values: T[] = [];
  readonly #sizes: number[] = [];
  readonly #maxBytes: number;
  readonly #maxCount: number;
  readonly #sizeOf: (value: T) => number;
  #head = 0;
  #bytes = 0;
  #overflowed = false;
  readonly #charge: Charge | undefined;
  /** The budget that refused a value, when that is why the hold overflowed. */
  #refusedBy: HoldBudget | undefined;

  constructor(
    limits: { maxBytes: number; maxCount: number; budget?: HoldBudget | undefined },
    sizeOf: (value: T) => number,
  ) {
    this.#maxBytes = limits.maxBytes;
    this.#maxCount = limits.maxCount;
    this.#sizeOf = sizeOf;
    if (limits.budget) {
      this.#charge = { budget: limits.budget, bytes: 0 };
      uncollected.register(this, this.#charge, this);
    }
  }

  /** Values held now. */
  get count(): number {
    return this.#values.length - this.#head;
  }

  /** Bytes held now. */
  get bytes(): number {
    return this.#bytes;
  }

  /** True once a value was refused for passing a limit. */
  get overflowed(): boolean {
    return this.#overflowed;
  }

  /** Holds `value` at the end; false (value not held) when it would pass a limit. */
  push(value: T): boolean {
    const size = this.#sizeOf(value);
    if (this.count + 1 > this.#maxCount || this.#bytes + size > this.#maxBytes) {
      this.#overflowed = true;
      return false;
    }
    if (this.#charge && size > 0) {
      const full = this.#charge.budget.charge(size);
      if (full) {
        this.#overflowed = true;
        this.#refusedBy = full;
        return false;
      }
      this.#charge.bytes += size;
    }
    this.#values.push(value);
    this.#sizes.push(size);
    this.#bytes += size;
    return true;
  }

  /** The oldest value, left in the hold; undefined when empty. */
  peek(): T | undefined {
    return this.count === 0 ? undefined : this.#values[this.#head];
  }

  /** True when `value` is held now. */
  includes(value: T): boolean {
    return this.#values.indexOf(value, this.#head) !== -1;
  }

  /** The oldest value, removed from the hold; undefined when empty. */
  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const value = this.#values[this.#head] as T;
    const size = this.#sizes[this.#head] as number;
    this.#bytes -= size;
    this.#uncharge(size);
    // Indexing instead of Array.shift keeps taking O(1); the arrays are compacted now and then.
    (this.#values as Array<T | undefined>)[this.#head] = undefined;
    this.#head++;
    if (this.#head >= 1024 && this.#head * 2 >= this.#values.length) {
      this.#values.splice(0, this.#head);
      this.#sizes.splice(0, this.#head);
      this.#head = 0;
    }
    return value;
  }

  /** Removes every held value for which `stale` is true (a closed channel, ...). */
  prune(stale: (value: T) => boolean): void {
    const kept: T[] = [];
    for (let i = this.#head; i < this.#values.length; i++) {
      const value = this.#values[i] as T;
      if (!stale(value)) kept.push(value);
    }
    this.clear();
    for (const value of kept) this.push(value);
  }

  /** Forgets everything held (and gives its bytes back to the budget). */
  clear(): void {
    this.#values.length = 0;
    this.#sizes.length = 0;
    this.#head = 0;
    this.#bytes = 0;
    this.#uncharge(this.#charge?.bytes ?? 0);
  }

  #uncharge(size: number): void {
    const charge = this.#charge;
    if (!charge || size <= 0) return;
    const given = Math.min(size, charge.bytes);
    charge.bytes -= given;
    charge.budget.release(given);
  }

  /**
   * The `HOLD_OVERFLOW` error for `what` (for example `DataChannel "chat"`), saying which limit
   * was reached, what happened (`closes`) and what to do.
   */
  overflowError(what: string, closes = 'it was closed'): RtcError {
    const budget = this.#refusedBy;
    if (budget) {
      const whose = budget.parent ? 'its peer connection or server' : 'this process';
      return new RtcError(
        'HOLD_OVERFLOW',
        `${what}: nobody took what arrived, and what ${whose} holds for missing readers reached ` +
          `its budget (${budget.option}: ${budget.maxBytes} bytes); ${closes}. ` +
          `Read sooner (subscribe, poll or take), or raise ${budget.option}`,
      );
    }
    const limits =
      this.#maxBytes === Infinity
        ? `${this.#maxCount}`
        : `${this.#maxCount} values or ${this.#maxBytes} bytes`;
    return new RtcError(
      'HOLD_OVERFLOW',
      `${what}: nobody took what arrived, and it reached the hold limit (${limits}); ${closes}. ` +
        'Read sooner (subscribe, poll or take), or raise the limit (maxHeldBytes, maxHeldMessages, maxHeldObjects)',
    );
  }
}
