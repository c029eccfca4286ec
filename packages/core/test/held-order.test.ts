// rxdc's hold (messages$ before or between subscribers) adds no reordering: whatever the
// interleaving of pushes, subscribes and unsubscribes, the values reach the subscribers in the
// order they were pushed, each once. (libdatachannel 0.24.5 itself can swap messages of an
// incoming channel at hand-over: see messages$ and the troubleshooting guide.)
import type { Subscription } from 'rxjs';
import { expect, test } from 'vitest';
import { HeldStream } from '../src/streams/held-stream.js';

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

test('5,000 values pushed while subscribers come and go (one at a time) arrive in order, each once: 50 seeds', () => {
  for (let seed = 1; seed <= 50; seed++) {
    const next = random(seed);
    const stream = new HeldStream<number>();
    const received: number[] = [];
    let subscription: Subscription | undefined;
    let pushed = 0;
    while (pushed < 5000) {
      const roll = next();
      if (roll < 0.05 && subscription === undefined) {
        subscription = stream.stream$.subscribe((value) => {
          received.push(value);
          // A subscriber that pushes from inside its own delivery (as a message handler can
          // cause another message to be queued) must not jump the queue.
          if (next() < 0.01 && pushed < 5000) stream.push(pushed++);
        });
      } else if (roll < 0.1 && subscription !== undefined) {
        subscription.unsubscribe();
        subscription = undefined;
      } else stream.push(pushed++);
    }
    subscription?.unsubscribe();
    stream.stream$.subscribe((value) => received.push(value)).unsubscribe();
    stream.complete();
    const last = stream.stream$.subscribe((value) => received.push(value));
    last.unsubscribe();
    expect(received.length, `seed ${seed}`).toBe(5000);
    const firstSwap = received.findIndex((value, index) => value !== index);
    expect(firstSwap, `seed ${seed}: first value out of order`).toBe(-1);
  }
});
