import type { PeerState } from '@rxdc/core';
import { BehaviorSubject } from 'rxjs';
import { test } from 'vitest';
import { stats$ } from '../src/stats/stats.js';
import { testScheduler } from './helpers/marbles.js';

test('stats$ samples rtt and counters each interval, with per-second throughput, and completes on close', () => {
  const scheduler = testScheduler();
  scheduler.run(({ expectObservable, cold }) => {
    const state$ = new BehaviorSubject<PeerState>('connected');
    const peer = { rtt: 2, bytesSent: 0, bytesReceived: 0, state$ };
    // Traffic grows by 1000 bytes sent and 500 received per 100 ms; the peer closes at 350 ms.
    cold('50ms a 99ms a 99ms a 99ms a', { a: 0 }).subscribe(() => {
      peer.bytesSent += 1000;
      peer.bytesReceived += 500;
    });
    cold('350ms c').subscribe(() => {
      state$.next('closed');
      state$.complete();
    });
    const sample = (n: number) => ({
      rtt: 2,
      bytesSent: 1000 * n,
      bytesReceived: 500 * n,
      sentPerSecond: 10_000,
      receivedPerSecond: 5000,
      intervalMs: 100,
    });
    expectObservable(stats$(peer, 100, scheduler)).toBe('100ms a 99ms b 99ms c 49ms |', {
      a: sample(1),
      b: sample(2),
      c: sample(3),
    });
  });
});
