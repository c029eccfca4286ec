import { from, type MonoTypeOperatorFunction, Observable, type ObservableInput } from 'rxjs';
import { checkArgument, checkOptions, isObservableInput } from '../errors/argument-checks.js';
import { BoundedQueue, QUEUE_OPTIONS, type QueueOptions } from './bounded-queue.js';

/**
 * Passes values through while `open$` last said `true`, and holds them in a bounded queue
 * while it says `false` (or has not spoken yet), releasing them in order when it says `true`
 * again. A value that does not fit is handled by the {@link OverflowPolicy}: by default the
 * stream fails with `QUEUE_OVERFLOW` naming the limit.
 *
 * Use it to pace a push source by any readiness signal; `sendWithBackpressure` applies the
 * same queue to a channel's buffer.
 *
 * @example
 * ```ts
 * import { holdWhile } from '@rxdc/rx';
 * const ready$ = channel.open$.pipe(map(() => true), startWith(false));
 * updates$.pipe(holdWhile(ready$, { queueLimit: 100, sizeOf: () => 1, overflow: 'drop-oldest' }));
 * ```
 */
export function holdWhile<T>(
  open$: ObservableInput<boolean>,
  options: QueueOptions<T> = {},
): MonoTypeOperatorFunction<T> {
  const where = 'holdWhile(open$, options)';
  checkArgument(where, 'open$', open$, isObservableInput);
  checkOptions(where, options, QUEUE_OPTIONS);
  return (source) =>
    new Observable<T>((subscriber) => {
      const queue = new BoundedQueue<T>(options);
      let open = false;
      let sourceDone = false;
      const release = (): void => {
        while (open && queue.length > 0 && !subscriber.closed) subscriber.next(queue.shift() as T);
        if (sourceDone && queue.length === 0) subscriber.complete();
      };
      const gate = from(open$).subscribe({
        next: (value) => {
          open = value;
          release();
        },
        error: (error) => subscriber.error(error),
      });
      const main = source.subscribe({
        next: (value) => {
          if (open && queue.length === 0) return subscriber.next(value);
          try {
            queue.push(value);
          } catch (error) {
            subscriber.error(error);
          }
        },
        error: (error) => subscriber.error(error),
        complete: () => {
          sourceDone = true;
          release();
        },
      });
      return () => {
        gate.unsubscribe();
        main.unsubscribe();
        queue.clear();
      };
    });
}
