import { Observable, Subject } from 'rxjs';

/**
 * A multicast stream that never drops a value: whatever arrives while nobody is subscribed
 * is held, in order, and handed to the next subscriber before anything newer.
 *
 * Used for `messages$` (messages before the first subscriber), `dataChannel$`, `track$` and
 * `clients$` (objects not yet taken). Terminal events are kept too: a late subscriber gets the
 * held values and then the completion or error.
 *
 * @internal
 */
export class HeldStream<T> {
  private readonly held: T[] = [];
  private readonly live = new Subject<T>();
  private terminal: { error: unknown } | 'complete' | undefined;

  /** The stream to expose to users. */
  readonly stream$: Observable<T> = new Observable<T>((subscriber) => {
    while (this.held.length > 0 && !subscriber.closed) {
      subscriber.next(this.held.shift() as T);
    }
    if (subscriber.closed) return;
    if (this.terminal === 'complete') return subscriber.complete();
    if (this.terminal) return subscriber.error(this.terminal.error);
    return this.live.subscribe(subscriber);
  });

  /** How many values are waiting for a subscriber. */
  get heldCount(): number {
    return this.held.length;
  }

  /** Delivers to the current subscribers, or holds the value when there are none. */
  push(value: T): void {
    if (this.terminal) return;
    if (this.live.observed) this.live.next(value);
    else this.held.push(value);
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
