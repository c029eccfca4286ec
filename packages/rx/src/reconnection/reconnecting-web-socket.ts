import { WebSocket, type WebSocketConfig } from '@rxdc/core';
import { backoffDelay, describeError } from '@rxdc/native';
import { asyncScheduler, Observable, type SchedulerLike, type Subscription } from 'rxjs';
import {
  checkArgument,
  checkOptions,
  isObject,
  isScheduler,
  wholeNumber,
} from '../errors/argument-checks.js';
import { RxError } from '../errors/rx-error.js';
import { BACKOFF_OPTIONS, type BackoffOptions } from './backoff-delay.js';

/**
 * The state of a reconnecting client:
 * - `connecting`: attempt number `attempt` (1 after each open) is under way;
 * - `open`: connected; `socket` is the open WebSocket (until it closes);
 * - `waiting`: the last attempt failed (or the socket closed); the next starts in `delayMs`;
 * - `given-up`: `attempts` attempts in a row failed: the stream completes after this.
 *
 * @example
 * ```ts
 * const label = (state: ConnectionState) => (state.status === 'waiting' ? `retry in ${state.delayMs} ms` : state.status);
 * ```
 */
export type ConnectionState =
  | { readonly status: 'connecting'; readonly attempt: number }
  | { readonly status: 'open'; readonly attempt: number; readonly socket: WebSocket }
  | {
      readonly status: 'waiting';
      readonly attempt: number;
      readonly delayMs: number;
      readonly reason: string;
    }
  | {
      readonly status: 'given-up';
      readonly attempts: number;
      readonly reason: string;
      readonly error: RxError;
    };

/**
 * Options of {@link reconnectingWebSocket}.
 *
 * @example
 * ```ts
 * const options: ReconnectOptions = { maxAttempts: 10, initialDelayMs: 500, maxDelayMs: 15_000 };
 * ```
 */
export interface ReconnectOptions extends BackoffOptions {
  /** Failed attempts in a row before giving up. Default 5. */
  maxAttempts?: number;
  /** Options of each WebSocket. */
  socket?: WebSocketConfig;
  /** Scheduler of the waits (for tests). */
  scheduler?: SchedulerLike;
}

/**
 * A WebSocket client that reconnects: emits its {@link ConnectionState} (connecting, open
 * with the socket, waiting with the delay, given up), retrying with exponential backoff and
 * jitter after each failure or drop. The attempt count restarts after each successful open;
 * after `maxAttempts` failures in a row it emits `given-up` and completes. Unsubscribing
 * closes the current socket and stops retrying.
 *
 * @example
 * ```ts
 * import { reconnectingWebSocket } from '@rxdc/rx';
 * import { filter, switchMap } from 'rxjs';
 * const states$ = reconnectingWebSocket('ws://127.0.0.1:8080/feed', { maxAttempts: 8 });
 * states$.subscribe((state) => console.log(state.status));
 * states$
 *   .pipe(
 *     filter((state) => state.status === 'open'),
 *     switchMap((state) => state.socket.messages$),
 *   )
 *   .subscribe(console.log);
 * ```
 */
export function reconnectingWebSocket(
  url: string,
  options: ReconnectOptions = {},
): Observable<ConnectionState> {
  const where = 'reconnectingWebSocket(url, options)';
  checkArgument(where, 'url', url, (value) =>
    typeof value === 'string' && /^wss?:\/\//i.test(value)
      ? undefined
      : 'a ws:// or wss:// URL string',
  );
  checkOptions(where, options, {
    ...BACKOFF_OPTIONS,
    maxAttempts: wholeNumber(1),
    socket: isObject,
    scheduler: isScheduler,
  });
  const maxAttempts = options.maxAttempts ?? 5;
  const scheduler = options.scheduler ?? asyncScheduler;
  return new Observable<ConnectionState>((subscriber) => {
    let socket: WebSocket | undefined;
    let socketSubs: Subscription[] = [];
    let wait: Subscription | undefined;
    let failures = 0;

    const drop = (): void => {
      for (const sub of socketSubs) sub.unsubscribe();
      socketSubs = [];
      socket?.close();
      socket = undefined;
    };

    const retryLater = (reason: string): void => {
      drop();
      if (subscriber.closed) return;
      if (failures >= maxAttempts) {
        const error = new RxError(
          'GAVE_UP',
          `gave up on ${url} after ${failures} failed attempts in a row; last: ${reason}`,
        );
        subscriber.next({ status: 'given-up', attempts: failures, reason, error });
        subscriber.complete();
        return;
      }
      const delayMs = backoffDelay(Math.max(1, failures), options);
      subscriber.next({ status: 'waiting', attempt: failures + 1, delayMs, reason });
      wait = scheduler.schedule(connect, delayMs);
    };

    const connect = (): void => {
      wait = undefined;
      if (subscriber.closed) return;
      const attempt = failures + 1;
      subscriber.next({ status: 'connecting', attempt });
      let current: WebSocket;
      try {
        current = new WebSocket(options.socket ?? {});
        socket = current;
        current.open(url);
      } catch (error) {
        failures++;
        retryLater(describeError(error));
        return;
      }
      let wasOpen = false;
      let lastError = 'connection closed';
      socketSubs.push(
        current.error$.subscribe((error) => {
          lastError = error.message;
        }),
        current.open$.subscribe({
          next: () => {
            wasOpen = true;
            failures = 0;
            subscriber.next({ status: 'open', attempt, socket: current });
          },
          error: () => {},
        }),
        current.closed$.subscribe(() => {
          if (socket !== current) return;
          if (!wasOpen) failures++;
          // After a drop, a new series of attempts starts.
          else failures = 0;
          retryLater(wasOpen ? 'connection closed' : lastError);
        }),
      );
    };

    connect();
    return () => {
      wait?.unsubscribe();
      drop();
    };
  });
}
