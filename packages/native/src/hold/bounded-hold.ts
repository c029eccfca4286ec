import { RtcError } from '../errors/rtc-error.js';
import { BoundedFifo } from '../queue/bounded-fifo.js';
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
 * A {@link BoundedFifo} that remembers a refusal: the hold with a limit in bytes and in count: what rxdc keeps for a missing
 * reader (core's `messages$`, `dataChannel$`, `clients$`; capi-compat's polling queue). A value
 * that would pass either limit is refused (`push` returns false) and the hold is marked
 * overflowed: the owner reports `HOLD_OVERFLOW` (see {@link BoundedHold.overflowError}) and
 * closes the object.
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
export class BoundedHold<T> extends BoundedFifo<T> {
  #overflowed = false;
  readonly #charge: Charge | undefined;
  /** The budget that refused a value, when that is why the hold overflowed. */
  #refusedBy: HoldBudget | undefined;

  constructor(
    limits: { maxBytes: number; maxCount: number; budget?: HoldBudget | undefined },
    sizeOf: (value: T) => number,
  ) {
    super({ maxBytes: limits.maxBytes, maxCount: limits.maxCount, sizeOf });
    if (limits.budget) {
      this.#charge = { budget: limits.budget, bytes: 0 };
      uncollected.register(this, this.#charge, this);
    }
  }

  /** True once a value was refused for passing a limit. */
  get overflowed(): boolean {
    return this.#overflowed;
  }

  /** Holds `value` at the end; false (value not held, hold marked overflowed) past a limit. */
  override push(value: T): boolean {
    const charge = this.#charge;
    const size = charge ? this.sizeOf(value) : 0;
    if (charge && size > 0) {
      const full = charge.budget.charge(size);
      if (full) {
        this.#overflowed = true;
        this.#refusedBy = full;
        return false;
      }
    }
    if (super.push(value)) {
      if (charge) charge.bytes += size;
      return true;
    }
    if (charge && size > 0) charge.budget.release(size);
    this.#overflowed = true;
    return false;
  }

  /** The oldest value, removed from the hold (its bytes given back to the budget). */
  override shift(): T | undefined {
    const size = this.peekSize();
    const value = super.shift();
    if (value !== undefined) this.#uncharge(size);
    return value;
  }

  /** Removes every held value for which `stale` is true (their bytes given back). */
  override prune(stale: (value: T) => boolean): void {
    const before = this.bytes;
    super.prune(stale);
    this.#uncharge(before - this.bytes);
  }

  /** Forgets everything held (and gives its bytes back to the budget). */
  override clear(): void {
    super.clear();
    this.#uncharge(this.#charge?.bytes ?? 0);
  }

  /** True when `value` is held now. */
  includes(value: T): boolean {
    for (const held of this) if (held === value) return true;
    return false;
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
      this.maxBytes === Infinity
        ? `${this.maxCount}`
        : `${this.maxCount} values or ${this.maxBytes} bytes`;
    return new RtcError(
      'HOLD_OVERFLOW',
      `${what}: nobody took what arrived, and it reached the hold limit (${limits}); ${closes}. ` +
        'Read sooner (subscribe, poll or take), or raise the limit (maxHeldBytes, maxHeldMessages, maxHeldObjects)',
    );
  }
}
