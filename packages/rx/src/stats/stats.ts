import type { PeerState } from '@rxdc/core';
import {
  asyncScheduler,
  defaultIfEmpty,
  filter,
  interval,
  last,
  map,
  type Observable,
  type SchedulerLike,
  scan,
  takeUntil,
} from 'rxjs';
import { checkArgument, hasMembers, isScheduler, wholeNumber } from '../errors/argument-checks.js';

/**
 * What {@link stats$} reads from a peer: any `@rxdc/core` PeerConnection.
 *
 * @example
 * ```ts
 * const source: StatsSource = peer;
 * ```
 */
export interface StatsSource {
  /** The current round-trip time in milliseconds, or `undefined` before it is known. */
  readonly rtt: number | undefined;
  /** Bytes sent over the transport since the peer was created. */
  readonly bytesSent: number;
  /** Bytes received over the transport since the peer was created. */
  readonly bytesReceived: number;
  /** The peer's state: sampling stops when it is `'closed'` (or when it completes). */
  readonly state$: Observable<PeerState>;
}

/**
 * One sample of a peer's transport statistics.
 *
 * @example
 * ```ts
 * const line = (s: PeerStats) => `${(s.receivedPerSecond / 1e6).toFixed(1)} MB/s, rtt ${s.rtt ?? '?'} ms`;
 * ```
 */
export interface PeerStats {
  /** Round-trip time in ms, when known. */
  readonly rtt: number | undefined;
  /** Bytes sent over the transport so far. */
  readonly bytesSent: number;
  /** Bytes received over the transport so far. */
  readonly bytesReceived: number;
  /** Bytes sent during the last interval, per second. */
  readonly sentPerSecond: number;
  /** Bytes received during the last interval, per second. */
  readonly receivedPerSecond: number;
  /** Milliseconds the interval really lasted (by the scheduler's clock). */
  readonly intervalMs: number;
}

/**
 * Samples a peer's rtt and byte counters every `intervalMs` (default 1000), with the
 * throughput of each interval. Completes when the peer closes.
 *
 * @example
 * ```ts
 * import { stats$ } from '@rxdc/rx';
 * stats$(peer, 500).subscribe(({ rtt, receivedPerSecond }) => console.log(rtt, receivedPerSecond));
 * ```
 */
export function stats$(
  peer: StatsSource,
  intervalMs = 1000,
  scheduler: SchedulerLike = asyncScheduler,
): Observable<PeerStats> {
  const where = 'stats$(peer, intervalMs, scheduler)';
  checkArgument(
    where,
    'peer',
    peer,
    hasMembers('a peer connection', {
      bytesSent: 'number',
      bytesReceived: 'number',
      rtt: 'defined',
      state$: 'observable',
    }),
  );
  checkArgument(
    where,
    'intervalMs',
    intervalMs,
    wholeNumber(1, Number.MAX_SAFE_INTEGER, ' of milliseconds'),
  );
  checkArgument(where, 'scheduler', scheduler, isScheduler);
  const closed$ = peer.state$.pipe(
    filter((state) => state === 'closed'),
    defaultIfEmpty('closed' as const),
    last(),
  );
  const start = {
    at: scheduler.now(),
    sent: peer.bytesSent,
    received: peer.bytesReceived,
    stats: undefined as PeerStats | undefined,
  };
  return interval(intervalMs, scheduler).pipe(
    takeUntil(closed$),
    scan((previous) => {
      const at = scheduler.now();
      const sent = peer.bytesSent;
      const received = peer.bytesReceived;
      const elapsed = Math.max(1, at - previous.at);
      const stats: PeerStats = {
        rtt: peer.rtt,
        bytesSent: sent,
        bytesReceived: received,
        sentPerSecond: ((sent - previous.sent) * 1000) / elapsed,
        receivedPerSecond: ((received - previous.received) * 1000) / elapsed,
        intervalMs: elapsed,
      };
      return { at, sent, received, stats };
    }, start),
    map((sample) => sample.stats as PeerStats),
  );
}
