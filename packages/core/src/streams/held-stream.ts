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
  // The hold, the subject and the stream are made on first use: every channel has one
  // HeldStream, and most channels never hold a message (their reader subscribes first).
  #limits: HeldStreamLimits<T>;
  #held: BoundedHold<T> | undefined;
  #live: Subject<T> | undefined;
  #stream$: Observable<T> | undefined;
  private terminal: { error: unknown } | 'complete' | undefined;

  constructor(limits: HeldStreamLimits<T> = unbounded) {
    this.#limits = limits;
  }

  /** The stream to expose to users. */
  get stream$(): Observable<T> {
    this.#stream$ ??= new Observable<T>((subscriber) => {
      const held = this.#held;
      while (held && held.count > 0 && !subscriber.closed) {
        const value = held.shift() as T;
        if (!this.#limits.isStale?.(value)) subscriber.next(value);
      }
      if (subscriber.closed) return;
      if (this.terminal === 'complete') return subscriber.complete();
      if (this.terminal) return subscriber.error(this.terminal.error);
      this.#live ??= new Subject<T>();
      return this.#live.subscribe(subscriber);
    });
    return this.#stream$;
  }

  /** How many values are waiting for a subscriber. */
  get heldCount(): number {
    return this.#held?.count ?? 0;
  }

  /** True when `value` is waiting for a subscriber. */
  holds(value: T): boolean {
    return this.#held?.includes(value) === true;
  }

  /** Sets the limits; call before anything is held. */
  setLimits(limits: HeldStreamLimits<T>): void {
    this.#limits = limits;
    this.#held = undefined;
  }

  /**
   * Delivers to the current subscribers, or holds the value when there are none. False when
   * the value would pass a limit: it is neither held nor delivered.
   */
  push(value: T): boolean {
    if (this.terminal) return true;
    const live = this.#live;
    if (live?.observed) {
      live.next(value);
      return true;
    }
    const held = this.#hold();
    const isStale = this.#limits.isStale;
    if (isStale && held.count > 0) held.prune(isStale);
    return held.push(value);
  }

  /** The `HOLD_OVERFLOW` error for `what`, naming the limit reached (see {@link BoundedHold.overflowError}). */
  overflowError(what: string, closes?: string): RtcError {
    return this.#hold().overflowError(what, closes);
  }

  /** Ends the stream once; later calls do nothing. */
  complete(): void {
    if (this.terminal) return;
    this.terminal = 'complete';
    this.#live?.complete();
  }

  /** Fails the stream once; later calls do nothing. */
  error(error: unknown): void {
    if (this.terminal) return;
    this.terminal = { error };
    this.#live?.error(error);
  }

  #hold(): BoundedHold<T> {
    this.#held ??= new BoundedHold<T>(this.#limits, this.#limits.sizeOf ?? noSize);
    return this.#held;
  }
}

/** The size of a value that is not measured (objects). */
const noSize = (): number => 0;
