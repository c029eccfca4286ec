import { BoundedHold, type RtcError } from '@rxdc/native';
import { Observable, Subject } from 'rxjs';

/** What a held stream may hold, and how a value is measured and found stale. @internal */
export interface HeldStreamLimits<T> {
  /** Bytes held at most (see `sizeOf`). */
  readonly maxBytes: number;
  /** Values held at most. */
  readonly maxCount: number;
  /** A value's size in bytes; objects count 0. */
  readonly sizeOf?: (value: T) => number;
  /** True for a value that must not be handed out any more (a closed channel): dropped. */
  readonly isStale?: (value: T) => boolean;
}

const unbounded = { maxBytes: Number.POSITIVE_INFINITY, maxCount: Number.POSITIVE_INFINITY };

/**
 * A multicast stream that never drops a value up to its limits: whatever arrives while nobody
 * is subscribed is held, in order, in @rxdc/native's {@link BoundedHold}, and handed to the next
 * subscriber before anything newer. A value that would pass a limit is refused (`push` returns
 * false) and the owner reports `HOLD_OVERFLOW`.
 *
 * Used for `messages$` (messages before the first subscriber), `dataChannel$`, `track$` and
 * `clients$` (objects not yet taken; closed ones are dropped, never handed out). Terminal
 * events are kept too: a late subscriber gets the held values and then the completion or error.
 *
 * @internal
 */
export class HeldStream<T> {
  #held: BoundedHold<T>;
  #isStale: ((value: T) => boolean) | undefined;
  private readonly live = new Subject<T>();
  private terminal: { error: unknown } | 'complete' | undefined;

  constructor(limits: HeldStreamLimits<T> = unbounded) {
    this.#held = new BoundedHold<T>(limits, limits.sizeOf ?? (() => 0));
    this.#isStale = limits.isStale;
  }

  /** The stream to expose to users. */
  readonly stream$: Observable<T> = new Observable<T>((subscriber) => {
    while (this.#held.count > 0 && !subscriber.closed) {
      const value = this.#held.shift() as T;
      if (!this.#isStale?.(value)) subscriber.next(value);
    }
    if (subscriber.closed) return;
    if (this.terminal === 'complete') return subscriber.complete();
    if (this.terminal) return subscriber.error(this.terminal.error);
    return this.live.subscribe(subscriber);
  });

  /** How many values are waiting for a subscriber. */
  get heldCount(): number {
    return this.#held.count;
  }

  /** True when `value` is waiting for a subscriber. */
  holds(value: T): boolean {
    return this.#held.includes(value);
  }

  /** Sets the limits; call before anything is held. */
  setLimits(limits: HeldStreamLimits<T>): void {
    this.#held = new BoundedHold<T>(limits, limits.sizeOf ?? (() => 0));
    this.#isStale = limits.isStale;
  }

  /**
   * Delivers to the current subscribers, or holds the value when there are none. False when
   * the value would pass a limit: it is neither held nor delivered.
   */
  push(value: T): boolean {
    if (this.terminal) return true;
    if (this.live.observed) {
      this.live.next(value);
      return true;
    }
    const isStale = this.#isStale;
    if (isStale && this.#held.count > 0) this.#held.prune(isStale);
    return this.#held.push(value);
  }

  /** The `HOLD_OVERFLOW` error for `what`, naming the limit reached (see {@link BoundedHold.overflowError}). */
  overflowError(what: string, closes?: string): RtcError {
    return this.#held.overflowError(what, closes);
  }

  /** Ends the stream once; later calls do nothing. */
  complete(): void {
    if (this.terminal) return;
    this.terminal = 'complete';
    this.live.complete();
  }

  /** Fails the stream once; later calls do nothing. */
  error(error: unknown): void {
    if (this.terminal) return;
    this.terminal = { error };
    this.live.error(error);
  }
}
