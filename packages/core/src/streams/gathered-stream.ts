import { Observable, Subject } from 'rxjs';

/**
 * A multicast stream that replays everything pushed since the last {@link GatheredStream.reset}
 * to each new subscriber, then continues live. Used for `localCandidate$`: a late subscriber
 * still learns every candidate of the current negotiation.
 *
 * @internal
 */
export class GatheredStream<T> {
  private gathered: T[] = [];
  private readonly live = new Subject<T>();
  private completed = false;

  readonly stream$: Observable<T> = new Observable<T>((subscriber) => {
    for (const value of this.gathered) {
      if (subscriber.closed) return;
      subscriber.next(value);
    }
    if (this.completed) return subscriber.complete();
    return this.live.subscribe(subscriber);
  });

  /** Starts a new round: values gathered so far are no longer replayed. */
  reset(): void {
    this.gathered = [];
  }

  push(value: T): void {
    if (this.completed) return;
    this.gathered.push(value);
    this.live.next(value);
  }

  complete(): void {
    if (this.completed) return;
    this.completed = true;
    this.live.complete();
  }
}
