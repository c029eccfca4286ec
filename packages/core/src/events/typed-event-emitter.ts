import { EventEmitter } from 'node:events';
import type { Observable, Subscription } from 'rxjs';
import { reportUncaughtError } from '../errors/report-uncaught-error.js';

/** A map from event name to listener signature. */
// biome-ignore lint/suspicious/noExplicitAny: listener parameters vary per event
export type EventMap = { [event: string]: (...args: any[]) => void };

/**
 * Typed events for code that does not use RxJS. Each event is backed by one of the object's
 * Observables, subscribed the first time a listener is added, so events and streams always
 * agree (held messages go to the first listener just as to the first subscriber).
 *
 * @example
 * ```ts
 * channel.on('message', (message) => console.log('got', message));
 * channel.once('closed', () => console.log('closed'));
 * ```
 */
export abstract class TypedEventEmitter<Events extends EventMap> {
  readonly #emitter = new EventEmitter();
  readonly #bridges = new Map<keyof Events, Subscription | undefined>();

  /** The stream behind each event. @internal */
  protected abstract eventSource(event: keyof Events): Observable<unknown>;

  /** Calls `listener` on every `event`. */
  on<E extends keyof Events>(event: E, listener: Events[E]): this {
    this.#emitter.on(event as string, listener);
    this.#bridge(event);
    return this;
  }

  /** Calls `listener` on the next `event` only. */
  once<E extends keyof Events>(event: E, listener: Events[E]): this {
    this.#emitter.once(event as string, listener);
    this.#bridge(event);
    return this;
  }

  /** Removes a listener added with `on` or `once`. */
  off<E extends keyof Events>(event: E, listener: Events[E]): this {
    this.#emitter.off(event as string, listener);
    return this;
  }

  /** How many listeners `event` has. */
  listenerCount<E extends keyof Events>(event: E): number {
    return this.#emitter.listenerCount(event as string);
  }

  #bridge(event: keyof Events): void {
    if (this.#bridges.has(event)) return;
    this.#bridges.set(event, undefined);
    const name = event as string;
    this.#bridges.set(
      event,
      this.eventSource(event).subscribe({
        // A listener that throws must not stop the others or break the stream: report it the
        // way RxJS reports a subscriber's error.
        next: (value) => {
          for (const listener of this.#emitter.rawListeners(name)) {
            try {
              (listener as (value: unknown) => void).call(this, value);
            } catch (error) {
              reportUncaughtError(error);
            }
          }
        },
        error: () => {
          // Failures reach listeners through the 'error' event's own stream.
        },
      }),
    );
  }
}
