import { BehaviorSubject, Observable } from 'rxjs';

/**
 * A state as a stream: every subscriber gets the current value at once, then each change. Once
 * completed, a late subscriber still gets the final value, then the completion (a plain
 * BehaviorSubject would give it nothing).
 *
 * @internal
 */
export class StateStream<T> {
  readonly #subject: BehaviorSubject<T>;

  readonly stream$: Observable<T>;

  constructor(initial: T) {
    this.#subject = new BehaviorSubject(initial);
    this.stream$ = new Observable<T>((subscriber) => {
      if (!this.#subject.closed && !this.#subject.isStopped)
        return this.#subject.subscribe(subscriber);
      subscriber.next(this.#subject.getValue());
      subscriber.complete();
    });
  }

  /** The current value. */
  get value(): T {
    return this.#subject.getValue();
  }

  /** Emits `value` if it differs from the current one. */
  next(value: T): void {
    if (!this.#subject.isStopped && value !== this.#subject.getValue()) this.#subject.next(value);
  }

  /** Ends the stream, keeping the final value for late subscribers. */
  complete(): void {
    this.#subject.complete();
  }
}
