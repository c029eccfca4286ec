import type { Subscription } from 'rxjs';
import type { Flow, FlowChannel } from './flow-channel.js';

/** How often a blocked sender looks at the buffer anyway, in case a low event was missed. */
const POLL_MS = 20;

/**
 * Wakes a blocked sender when the channel's buffer drains: on `bufferedAmountLow$` (the
 * channel's low threshold is set to the flow's low mark), and by a slow poll as a safety net,
 * because a low crossing that happened before the threshold was set is never reported.
 *
 * @internal
 */
export class DrainWatch {
  readonly #channel: FlowChannel;
  readonly #wake: () => void;
  readonly #low: Subscription;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #emptyTimer: ReturnType<typeof setTimeout> | undefined;
  #emptyDone: (() => void) | undefined;
  #disposed = false;

  constructor(channel: FlowChannel, flow: Flow, wake: () => void) {
    this.#channel = channel;
    this.#wake = wake;
    if (!channel.isClosed) channel.bufferedAmountLowThreshold = flow.low;
    this.#low = channel.bufferedAmountLow$.subscribe(() => this.#fire());
  }

  /** Asks to be woken: by the next low event, or the poll. */
  arm(): void {
    if (this.#disposed || this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#fire();
    }, POLL_MS);
  }

  /**
   * Waits until the channel's buffer is empty (polling fast), then calls `done`. A second call
   * while waiting replaces the callback.
   */
  whenEmpty(done: () => void): void {
    this.#emptyDone = done;
    if (this.#emptyTimer) return;
    const check = (): void => {
      this.#emptyTimer = undefined;
      if (this.#disposed) return;
      if (this.#channel.isClosed || this.#channel.bufferedAmount === 0) {
        const callback = this.#emptyDone;
        this.#emptyDone = undefined;
        callback?.();
        return;
      }
      this.#emptyTimer = setTimeout(check, 2);
    };
    check();
  }

  dispose(): void {
    this.#disposed = true;
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#emptyTimer) clearTimeout(this.#emptyTimer);
    this.#timer = undefined;
    this.#emptyTimer = undefined;
    this.#emptyDone = undefined;
    this.#low.unsubscribe();
  }

  #fire(): void {
    if (this.#disposed) return;
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    this.#wake();
  }
}
