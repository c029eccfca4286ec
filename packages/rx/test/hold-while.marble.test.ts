import { catchError, of } from 'rxjs';
import { describe, test } from 'vitest';
import { holdWhile } from '../src/backpressure/hold-while.js';
import { RxError } from '../src/errors/rx-error.js';
import { testScheduler } from './helpers/marbles.js';

const one = () => 1;
const codeOf = (error: unknown) => of(error instanceof RxError ? error.code : 'other');

describe('holdWhile and the overflow policy', () => {
  test('passes values while open, holds them while closed, releases in order', () => {
    testScheduler().run(({ cold, hot, expectObservable }) => {
      const gate = hot('t--f-----t', { t: true, f: false });
      const source = cold('a---b-c-d-------e|');
      expectObservable(source.pipe(holdWhile(gate, { sizeOf: one }))).toBe('a--------(bcd)--e|');
    });
  });

  test("'error' (the default) fails with QUEUE_OVERFLOW naming the limit", () => {
    testScheduler().run(({ cold, hot, expectObservable }) => {
      const gate = hot('f', { f: false });
      const source = cold('abcd');
      expectObservable(
        source.pipe(holdWhile(gate, { sizeOf: one, queueLimit: 2 }), catchError(codeOf)),
      ).toBe('--(x|)', {
        x: 'QUEUE_OVERFLOW',
      });
    });
  });

  test("'drop-newest' keeps the first values that fit", () => {
    testScheduler().run(({ cold, hot, expectObservable }) => {
      const gate = hot('f----t', { t: true, f: false });
      expectObservable(
        cold('abcd|').pipe(
          holdWhile(gate, { sizeOf: one, queueLimit: 2, overflow: 'drop-newest' }),
        ),
      ).toBe('-----(ab|)');
    });
  });

  test("'drop-oldest' keeps the latest values", () => {
    testScheduler().run(({ cold, hot, expectObservable }) => {
      const gate = hot('f----t', { t: true, f: false });
      expectObservable(
        cold('abcd|').pipe(
          holdWhile(gate, { sizeOf: one, queueLimit: 2, overflow: 'drop-oldest' }),
        ),
      ).toBe('-----(cd|)');
    });
  });
});
