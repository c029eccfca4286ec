import {
  asapScheduler,
  Observable,
  type OperatorFunction,
  type SchedulerLike,
  type Subscription,
} from 'rxjs';
import { defaultSizeOf } from '../backpressure/bounded-queue.js';
import { checkOptions, isFunction, isScheduler, wholeNumber } from '../errors/argument-checks.js';

/**
 * Options of {@link coalesce}.
 *
 * @example
 * ```ts
 * const options: CoalesceOptions<string> = { maxBytes: 16 * 1024 };
 * ```
 */
export interface CoalesceOptions<T> {
  /** A group is emitted as soon as it reaches this size. Default 64 KiB. */
  maxBytes?: number;
  /** The size of one value. Default its byte length (strings as UTF-8). */
  sizeOf?: (value: T) => number;
  /** When a partial group is flushed: default `asapScheduler`, the end of the current task. */
  scheduler?: SchedulerLike;
}

/**
 * Groups values that arrive together (in the same task, by default) into arrays, up to
 * `maxBytes` per group, so that many small messages can travel as one native message.
 * A value alone in its task is emitted alone, without waiting: coalescing adds no latency.
 *
 * @example
 * ```ts
 * import { coalesce, encodeFrames } from '@rxdc/rx';
 * messages$.pipe(coalesce({ maxBytes: 60_000 }), encodeFrames()).subscribe((packet) => channel.send(packet));
 * ```
 */
export function coalesce<T>(options: CoalesceOptions<T> = {}): OperatorFunction<T, T[]> {
  checkOptions('coalesce(options)', options, {
    maxBytes: wholeNumber(1, Number.MAX_SAFE_INTEGER, ' of bytes'),
    sizeOf: isFunction,
    scheduler: isScheduler,
  });
  const maxBytes = options.maxBytes ?? 64 * 1024;
  const sizeOf = options.sizeOf ?? defaultSizeOf;
  const scheduler = options.scheduler ?? asapScheduler;
  return (source) =>
    new Observable<T[]>((subscriber) => {
      let group: T[] = [];
      let groupBytes = 0;
      let flush: Subscription | undefined;
      const emit = (): void => {
        flush?.unsubscribe();
        flush = undefined;
        if (group.length === 0) return;
        const out = group;
        group = [];
        groupBytes = 0;
        subscriber.next(out);
      };
      const sub = source.subscribe({
        next: (value) => {
          const size = sizeOf(value);
          if (group.length > 0 && groupBytes + size > maxBytes) emit();
          group.push(value);
          groupBytes += size;
          if (groupBytes >= maxBytes) emit();
          else flush ??= scheduler.schedule(emit);
        },
        error: (error) => subscriber.error(error),
        complete: () => {
          emit();
          subscriber.complete();
        },
      });
      return () => {
        sub.unsubscribe();
        flush?.unsubscribe();
      };
    });
}
