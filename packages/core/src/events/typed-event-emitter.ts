import { EventEmitter } from 'node:events';
import { RtcError } from '@rxdc/native';
import type { Observable, Subscription } from 'rxjs';
import { reportUncaughtError } from '../errors/report-uncaught-error.js';

/**
 * A map from event name to listener signature.
 *
 * @example
 * ```ts
 * import type { EventMap } from '@rxdc/core';
 * interface ChatEvents extends EventMap {
 *   line: (text: string) => void;
 * }
 * ```
 */
// biome-ignore lint/suspicious/noExplicitAny: listener parameters vary per event
export type EventMap = { [event: string]: (...args: any[]) => void };

// biome-ignore lint/suspicious/noExplicitAny: EventEmitter's own listener type
type AnyListener = (...args: any[]) => void;

/**
 * The event bridges of each emitter, made on its first listener: kept aside rather than in a
 * field, since most emitters never get a listener (they are used through RxJS).
 */
const bridgesOf = new WeakMap<object, Map<string | symbol, Subscription | undefined>>();

/**
 * The names an object emits: a misspelled name does not compile (`'connectionstatechange'`
 * would never fire). The second signature of each method (this name type with any listener)
 * is what keeps the class a Node `EventEmitter` for `events.on` and `events.once`.
 */
type EventName<Events> = Extract<keyof Events, string>;

/** Names Node's own machinery listens to (`events.on` adds an 'error' listener). */
const nodeEvents: ReadonlySet<string> = new Set(['error', 'newListener', 'removeListener']);

/**
 * Typed events for code that does not use RxJS, on a real Node `EventEmitter`: `on`, `once`,
 * `off` and also `events.on(emitter, name)` / `events.once(emitter, name)` work, including
 * `break` out of a `for await` loop. Each event is backed by one of the object's Observables,
 * subscribed the first time a listener is added, so events and streams always agree (held
 * messages go to the first listener just as to the first subscriber).
 *
 * @example
 * ```ts
 * import { on } from 'node:events';
 * import type { DataChannel } from '@rxdc/core';
 * declare const channel: DataChannel;
 * channel.on('message', (message) => console.log('got', message));
 * channel.once('closed', () => console.log('closed'));
 * for await (const [message] of on(channel, 'message')) {
 *   if (message === 'bye') break;
 * }
 * ```
 */
export abstract class TypedEventEmitter<Events extends EventMap> extends EventEmitter {
  constructor() {
    super();
    // EventEmitter makes a listener table per object at once: a null-prototype object in
    // dictionary mode, about 180 bytes, most of a channel's cost when it is used through RxJS
    // only. Node's EventEmitter makes it again on the first listener when it is undefined
    // (every method of node:events checks for that), so leave it to that first listener.
    (this as unknown as { _events: unknown })._events = undefined;
  }

  /**
   * The stream behind each event, or undefined for a name this object does not emit.
   *
   * @internal
   */
  protected abstract eventSource(event: keyof Events): Observable<unknown> | undefined;

  /** Calls `listener` on every `event`. */
  override on<E extends keyof Events>(event: E, listener: Events[E]): this;
  override on(event: EventName<Events>, listener: AnyListener): this;
  override on(event: string | symbol, listener: AnyListener): this {
    this.#checkName(event);
    super.on(event, listener);
    this.#bridge(event);
    return this;
  }

  /** Same as {@link TypedEventEmitter.on}. */
  override addListener<E extends keyof Events>(event: E, listener: Events[E]): this;
  override addListener(event: EventName<Events>, listener: AnyListener): this;
  override addListener(event: string | symbol, listener: AnyListener): this {
    return this.on(event as EventName<Events>, listener);
  }

  /** Calls `listener` on every `event`, before the listeners already added. */
  override prependListener<E extends keyof Events>(event: E, listener: Events[E]): this;
  override prependListener(event: EventName<Events>, listener: AnyListener): this;
  override prependListener(event: string | symbol, listener: AnyListener): this {
    this.#checkName(event);
    super.prependListener(event, listener);
    this.#bridge(event);
    return this;
  }

  /** Calls `listener` on the next `event` only. */
  override once<E extends keyof Events>(event: E, listener: Events[E]): this;
  override once(event: EventName<Events>, listener: AnyListener): this;
  override once(event: string | symbol, listener: AnyListener): this {
    // EventEmitter's once adds its wrapper through this.on, which bridges the event.
    return super.once(event, listener);
  }

  /** Removes a listener added with `on` or `once`. */
  override off<E extends keyof Events>(event: E, listener: Events[E]): this;
  override off(event: EventName<Events>, listener: AnyListener): this;
  override off(event: string | symbol, listener: AnyListener): this {
    return super.off(event, listener);
  }

  /** A name this object never emits is refused (plain JavaScript gets no compile error). */
  #checkName(event: string | symbol): void {
    if (typeof event !== 'string' || nodeEvents.has(event)) return;
    if (this.eventSource(event as keyof Events) !== undefined) return;
    throw new RtcError(
      'INVALID_ARGUMENT',
      `${this.constructor.name} has no event "${event}": a listener for it would never be called`,
    );
  }

  #bridge(event: string | symbol): void {
    let bridges = bridgesOf.get(this);
    if (bridges?.has(event)) return;
    const source = typeof event === 'string' ? this.eventSource(event) : undefined;
    if (source === undefined) return;
    if (!bridges) {
      bridges = new Map();
      bridgesOf.set(this, bridges);
    }
    bridges.set(event, undefined);
    bridges.set(
      event,
      source.subscribe({
        // A listener that throws must not stop the others or break the stream: report it the
        // way RxJS reports a subscriber's error. (emit would stop at the first throw, and an
        // 'error' event without a listener would throw.)
        next: (value) => {
          for (const listener of this.rawListeners(event)) {
            try {
              (listener as AnyListener).call(this, value);
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
