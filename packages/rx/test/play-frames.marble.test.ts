import { catchError, type Observable, of, Subject } from 'rxjs';
import { describe, expect, test } from 'vitest';
import { RxError } from '../src/errors/rx-error.js';
import { type FrameSink, playFrames } from '../src/media/play-frames.js';
import type { TimedFrame } from '../src/media/timed-frame.js';
import { testScheduler } from './helpers/marbles.js';

const frame = (timestamp: number, byte = 1): TimedFrame => ({
  data: new Uint8Array([byte]),
  timestamp,
});

/** A sink that records (virtual time, timestamp) of each frame it is given. */
function recordingSink(now: () => number, extra: Partial<FrameSink> = {}) {
  const sent: Array<[number, number]> = [];
  const sink: FrameSink = {
    sendFrame: (_frame, { timestamp }) => {
      sent.push([now(), timestamp]);
    },
    ...extra,
  };
  return { sink, sent };
}

describe('playFrames', () => {
  test('sends each frame at its timestamp, relative to the first', () => {
    const scheduler = testScheduler();
    scheduler.run(({ expectObservable }) => {
      const { sink, sent } = recordingSink(() => scheduler.now());
      // Timestamps in seconds; virtual frames are milliseconds.
      const frames = [frame(0), frame(0.005), frame(0.012), frame(0.02)];
      expectObservable(playFrames(sink, frames, { scheduler })).toBe('a 4ms b 6ms c 7ms (d|)', {
        a: frames[0],
        b: frames[1],
        c: frames[2],
        d: frames[3],
      });
      scheduler.flush();
      expect(sent).toEqual([
        [0, 0],
        [5, 0.005],
        [12, 0.012],
        [20, 0.02],
      ]);
    });
  });

  test('a frame whose time has passed goes at once; nothing is skipped', () => {
    testScheduler().run(({ expectObservable }) => {
      const frames = [frame(0), frame(0.01), frame(0.005), frame(0.01)];
      expectObservable(playFrames({ sendFrame: () => {} }, frames)).toBe('a 9ms (bcd|)', {
        a: frames[0],
        b: frames[1],
        c: frames[2],
        d: frames[3],
      });
    });
  });

  test('waits for bufferedAmountLow$ while the sink is over the high-water mark', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      let buffered = 0;
      const low$ = hot('------l--', { l: undefined }) as Observable<void>;
      const sink: FrameSink = {
        sendFrame: () => {
          buffered += 100;
        },
        get bufferedAmount() {
          return buffered;
        },
        bufferedAmountLow$: low$,
      };
      // Every frame is due at 0: the second waits for the low mark.
      const frames = [frame(0), frame(0), frame(0)];
      const played = playFrames(sink, frames, { highWaterMark: 50 });
      expectObservable(played).toBe('a-----b', { a: frames[0], b: frames[1] });
    });
  });

  test("errors with the sink's error and closes the source; a bad timestamp is MEDIA_MALFORMED", () => {
    let returned = false;
    function* source(): Generator<TimedFrame> {
      try {
        yield frame(0);
        yield frame(0.001);
      } finally {
        returned = true;
      }
    }
    testScheduler().run(({ expectObservable }) => {
      const closed = new Error('closed');
      let calls = 0;
      const sink: FrameSink = {
        sendFrame: () => {
          calls += 1;
          if (calls === 2) throw closed;
        },
      };
      expectObservable(playFrames(sink, source())).toBe('a#', { a: frame(0) }, closed);
    });
    expect(returned).toBe(true);
    testScheduler().run(({ expectObservable }) => {
      const bad = [frame(0), { data: new Uint8Array(1), timestamp: Number.NaN }];
      const played = playFrames({ sendFrame: () => {} }, bad).pipe(
        catchError((error) => of(error instanceof RxError ? error.code : 'other')),
      );
      expectObservable(played).toBe('(ax|)', { a: bad[0], x: 'MEDIA_MALFORMED' });
    });
  });

  test('unsubscribing stops playing and closes an async source', async () => {
    let returned = false;
    const gate = new Subject<void>();
    async function* source(): AsyncGenerator<TimedFrame> {
      try {
        yield frame(0);
        yield frame(3600);
      } finally {
        returned = true;
        gate.next();
      }
    }
    const sent: number[] = [];
    const subscription = playFrames(
      { sendFrame: (_f, { timestamp }) => sent.push(timestamp) },
      source(),
    ).subscribe();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const whenReturned = new Promise<void>((resolve) => gate.subscribe(() => resolve()));
    subscription.unsubscribe();
    await whenReturned;
    expect(returned).toBe(true);
    expect(sent).toEqual([0]);
  });
});
