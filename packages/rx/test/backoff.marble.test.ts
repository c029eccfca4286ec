import { catchError, concat, defer, of, throwError } from 'rxjs';
import { describe, expect, test } from 'vitest';
import { backoffDelay } from '../src/reconnection/backoff-delay.js';
import { retryWithBackoff } from '../src/reconnection/retry-with-backoff.js';
import { testScheduler } from './helpers/marbles.js';

describe('backoff schedule', () => {
  test('grows by factor, capped at maxDelayMs, without jitter', () => {
    const delays = [1, 2, 3, 4, 5, 6].map((retry) =>
      backoffDelay(retry, { initialDelayMs: 100, factor: 2, maxDelayMs: 1000, jitter: 0 }),
    );
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  test('jitter takes up to that fraction off each delay', () => {
    const options = { initialDelayMs: 100, factor: 2, jitter: 0.5 };
    expect(backoffDelay(2, { ...options, random: () => 0 })).toBe(200);
    expect(backoffDelay(2, { ...options, random: () => 0.999999 })).toBe(100);
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelay(3, options);
      expect(delay).toBeGreaterThanOrEqual(200);
      expect(delay).toBeLessThanOrEqual(400);
    }
  });

  test('retryWithBackoff resubscribes after 10, 20, 40 frames, then passes the error on', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-#');
      const result = source.pipe(
        retryWithBackoff({ maxRetries: 3, initialDelayMs: 10, jitter: 0 }),
      );
      // Each failure at +1; waits 10, 20 then 40 frames; the fourth failure is passed on.
      expectObservable(result).toBe(`${'-'.repeat(74)}#`);
      expectSubscriptions(source.subscriptions).toBe([
        '^!',
        `${'-'.repeat(11)}^!`,
        `${'-'.repeat(32)}^!`,
        `${'-'.repeat(73)}^!`,
      ]);
    });
  });

  test('the count restarts after a value (resetOnSuccess)', () => {
    testScheduler().run(({ expectObservable }) => {
      let attempt = 0;
      const source = defer(() => {
        attempt++;
        return attempt === 2
          ? concat(
              of('ok'),
              throwError(() => new Error('x')),
            )
          : throwError(() => new Error('x'));
      });
      const result = source.pipe(
        retryWithBackoff({ maxRetries: 1, initialDelayMs: 5, jitter: 0 }),
        catchError(() => of(`gave up after ${attempt}`)),
      );
      expectObservable(result).toBe('-----a----(b|)', { a: 'ok', b: 'gave up after 3' });
    });
  });
});
