import type { Flow, FlowChannel } from './flow-channel.js';

/**
 * What a {@link DrainWatch} watches: a `@rxdc/core` channel (any {@link FlowChannel}), or a
 * browser `RTCDataChannel` seen through a small adapter (the browser `framed()`). Plain types,
 * no RxJS and no Node API, so the browser module shares this one watch.
 *
 * @internal
 */
export interface DrainTarget
  extends Pick<FlowChannel, 'isClosed' | 'bufferedAmount' | 'bufferedAmountLowThreshold'> {
  /** Calls `next` each time the buffered amount falls to or below the low threshold. */
  readonly bufferedAmountLow$: {
    subscribe(next: () => void): { unsubscribe(): void };
  };
}

/** How often a blocked sender looks at the buffer anyway, in case a low event was missed. */
const POLL_MS = 20;
/** How often `whenEmpty` looks at the buffer, besides the low event at threshold 0. */
const EMPTY_POLL_MS = 2;

/**
 * Wakes a blocked sender when the channel's buffer drains: on `bufferedAmountLow$` (the
 * channel's low threshold is set to the flow's low mark), and by a slow poll as a safety net,
 * because a low crossing that happened before the threshold was set is never reported.
 *
 * The safety timer is armed at most once per {@link POLL_MS}, not once per wait: a sender that
 * blocks hundreds of times a second (the normal case under load) creates no timer per block.
 *
 * The one drain watch of `@rxdc/rx`: every sender in Node and the browser `framed()` use it.
 *
 * @internal
 */
export class DrainWatch {
  readonly #channel: DrainTarget;
  readonly #flow: Flow;
  readonly #wake: () => void;
  readonly #low: { unsubscribe(): void };
  #waiting = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #emptyTimer: ReturnType<typeof setTimeout> | undefined;
  #emptyDone: (() => void) | undefined;
  #disposed = false;

  constructor(channel: DrainTarget, flow: Flow, wake: () => void) {
    this.#channel = channel;
    this.#flow = flow;
    this.#wake = wake;
    this.#setThreshold(flow.low);
    this.#low = channel.bufferedAmountLow$.subscribe(() => this.#lowEvent());
  }

  /** Asks to be woken: by the next low event, or the poll. */
  arm(): void {
    if (this.#disposed) return;
    this.#waiting = true;
    this.#setThreshold(this.#flow.low);
    this.#timer ??= setTimeout(this.#poll, POLL_MS);
  }

  /**
   * Waits until the channel's buffer is empty (woken by the low event at threshold 0, with a
   * fast poll as a safety net), then calls `done`. A second call while waiting replaces the
   * callback; {@link DrainWatch.arm} restores the low mark.
   */
  whenEmpty(done: () => void): void {
    if (this.#disposed) return;
    this.#emptyDone = done;
    if (this.#checkEmpty()) return;
    // While also waiting for room, the low mark wakes the sender first; the poll finds empty.
    if (!this.#waiting) this.#setThreshold(0);
    this.#emptyTimer ??= setTimeout(this.#emptyPoll, EMPTY_POLL_MS);
  }

  dispose(): void {
    this.#disposed = true;
    this.#waiting = false;
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#emptyTimer) clearTimeout(this.#emptyTimer);
    this.#timer = undefined;
    this.#emptyTimer = undefined;
    this.#emptyDone = undefined;
    this.#low.unsubscribe();
  }

  readonly #poll = (): void => {
    this.#timer = undefined;
    if (this.#waiting) this.#fire();
  };

  readonly #emptyPoll = (): void => {
    this.#emptyTimer = undefined;
    if (this.#disposed || this.#emptyDone === undefined) return;
    if (!this.#checkEmpty()) this.#emptyTimer = setTimeout(this.#emptyPoll, EMPTY_POLL_MS);
  };

  #lowEvent(): void {
    if (this.#emptyDone !== undefined) this.#checkEmpty();
    if (this.#waiting) this.#fire();
  }

  /** Calls the `whenEmpty` callback if the buffer is empty (or the channel closed). */
  #checkEmpty(): boolean {
    const channel = this.#channel;
    if (!channel.isClosed && channel.bufferedAmount !== 0) return false;
    const done = this.#emptyDone;
    this.#emptyDone = undefined;
    if (this.#emptyTimer) clearTimeout(this.#emptyTimer);
    this.#emptyTimer = undefined;
    done?.();
    return true;
  }

  #fire(): void {
    if (this.#disposed) return;
    this.#waiting = false;
    this.#wake();
  }

  #setThreshold(threshold: number): void {
    const channel = this.#channel;
    if (!channel.isClosed && channel.bufferedAmountLowThreshold !== threshold)
      channel.bufferedAmountLowThreshold = threshold;
  }
}
