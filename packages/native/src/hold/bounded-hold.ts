import { RtcError } from '../errors/rtc-error.js';
import { BoundedFifo } from '../queue/bounded-fifo.js';

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

  constructor(limits: { maxBytes: number; maxCount: number }, sizeOf: (value: T) => number) {
    super({ maxBytes: limits.maxBytes, maxCount: limits.maxCount, sizeOf });
  }

  /** True once a value was refused for passing a limit. */
  get overflowed(): boolean {
    return this.#overflowed;
  }

  /** Holds `value` at the end; false (value not held, hold marked overflowed) past a limit. */
  override push(value: T): boolean {
    if (super.push(value)) return true;
    this.#overflowed = true;
    return false;
  }

  /**
   * The `HOLD_OVERFLOW` error for `what` (for example `DataChannel "chat"`), saying which limit
   * was reached, what happened (`closes`) and what to do.
   */
  overflowError(what: string, closes = 'it was closed'): RtcError {
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
