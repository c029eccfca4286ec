import { type PeerConnection, RtcError } from '@rxdc/core';
import { withRetry } from '@rxdc/native';
import { filter, firstValueFrom, map, merge, Subscription, take, timer } from 'rxjs';
import {
  checkArgument,
  checkOptions,
  finiteNumber,
  hasMembers,
  isFunction,
  wholeNumber,
} from '../errors/argument-checks.js';
import { RxError } from '../errors/rx-error.js';

/**
 * Options of {@link connectPeers} when it creates the peers (and retries a failed open).
 *
 * @example
 * ```ts
 * import type { ConnectPeersOptions } from '@rxdc/rx';
 * const options: ConnectPeersOptions = { openRetries: 3, openTimeoutMs: 10_000 };
 * ```
 */
export interface ConnectPeersOptions {
  /** How many times a failed open is tried again with two new peers. Default 2. */
  openRetries?: number;
  /** An attempt that has not connected after this many milliseconds fails. Default 30 000. */
  openTimeoutMs?: number;
  /** Told of each failed attempt and of rejected descriptions or candidates. Default `console.error`. */
  onError?: (error: unknown) => void;
}

/**
 * What {@link connectPeers} resolves to when it creates the peers: the connected pair.
 *
 * @example
 * ```ts
 * import type { ConnectedPeers } from '@rxdc/rx';
 * const report = (peers: ConnectedPeers) => console.log(`connected after ${peers.attempts} attempt(s)`);
 * ```
 */
export interface ConnectedPeers {
  /** The first peer `create` returned (of the attempt that connected). */
  readonly a: PeerConnection;
  /** The second peer. */
  readonly b: PeerConnection;
  /** The signaling between them; unsubscribe to stop it (the peers stay open). */
  readonly wiring: Subscription;
  /** How many attempts it took (1 when the first one connected). */
  readonly attempts: number;
}

/**
 * Connects two new peers of this process, trying a failed open again: `create` makes two new
 * peers and what they negotiate (a data channel, a
 * track); they are wired to each other and the promise resolves once both are connected. A
 * failed attempt (a peer reports `failed` or closes, or `openTimeoutMs` passes) is closed and
 * reported to `onError`, and `create` is called again, at most `openRetries` more times; then
 * the promise rejects with the last failure ({@link RtcError} `CONNECTION_FAILED`, its `cause`
 * says why).
 *
 * @example
 * ```ts
 * import { PeerConnection } from '@rxdc/core';
 * import { connectPeers } from '@rxdc/rx';
 * const loopback = { iceServers: [], bindAddress: '127.0.0.1' };
 * const { a, b } = await connectPeers(() => {
 *   const a = new PeerConnection(loopback);
 *   a.createDataChannel('chat');
 *   return [a, new PeerConnection(loopback)];
 * }, { openRetries: 2 });
 * a.close();
 * b.close();
 * ```
 */
export function connectPeers(
  create: () => readonly [PeerConnection, PeerConnection],
  options?: ConnectPeersOptions,
): Promise<ConnectedPeers>;
/**
 * Wires two peer connections of the same process to each other: each one's descriptions and
 * candidates (trickled as they are gathered) go to the other as they come. A candidate that
 * reaches the other side before its description is held there by `@rxdc/core` (its
 * `addRemoteCandidate` keeps early candidates, bounded, until the description is applied), so
 * nothing is held here. Unsubscribe to stop wiring (the peers stay open). Nothing is thrown
 * into node-datachannel: a description or candidate the other side rejects is reported on
 * `onError` (default: `console.error`).
 *
 * @example
 * ```ts
 * import { PeerConnection } from '@rxdc/core';
 * import { connectPeers } from '@rxdc/rx';
 * const a = new PeerConnection({ iceServers: [], bindAddress: '127.0.0.1' });
 * const b = new PeerConnection({ iceServers: [], bindAddress: '127.0.0.1' });
 * const wiring = connectPeers(a, b);
 * const channel = a.createDataChannel('chat');
 * ```
 */
export function connectPeers(
  a: PeerConnection,
  b: PeerConnection,
  onError?: (error: unknown) => void,
): Subscription;
export function connectPeers(
  first: PeerConnection | (() => readonly [PeerConnection, PeerConnection]),
  second?: PeerConnection | ConnectPeersOptions,
  onError?: (error: unknown) => void,
): Subscription | Promise<ConnectedPeers> {
  if (typeof first === 'function') {
    try {
      checkOptions('connectPeers(create, options)', second, {
        openRetries: wholeNumber(0),
        openTimeoutMs: finiteNumber(0, Number.POSITIVE_INFINITY, true),
        onError: isFunction,
      });
    } catch (error) {
      return Promise.reject(error);
    }
    return connectWithRetries(first, (second ?? {}) as ConnectPeersOptions);
  }
  const where = 'connectPeers(a, b, onError)';
  checkArgument(where, 'a', first, isPeer);
  checkArgument(where, 'b', second, isPeer);
  if (onError !== undefined) checkArgument(where, 'onError', onError, isFunction);
  return wirePeers(first, second as PeerConnection, onError ?? defaultOnError);
}

/** `[a, b]`: two peers. */
const isPeerPair = (value: unknown): string | undefined =>
  Array.isArray(value) && value.length === 2 && value.every((peer) => isPeer(peer) === undefined)
    ? undefined
    : 'an array of two PeerConnections';

/** What connectPeers uses of a peer: any `@rxdc/core` PeerConnection. */
const isPeer = hasMembers('a PeerConnection (or a function creating two)', {
  localDescription$: 'observable',
  localCandidate$: 'observable',
  setRemoteDescription: 'function',
  addRemoteCandidate: 'function',
});

function defaultOnError(error: unknown): void {
  console.error('connectPeers:', error);
}

async function connectWithRetries(
  create: () => readonly [PeerConnection, PeerConnection],
  options: ConnectPeersOptions,
): Promise<ConnectedPeers> {
  const retries = options.openRetries ?? 2;
  const timeoutMs = options.openTimeoutMs ?? 30_000;
  const onError = options.onError ?? defaultOnError;
  // One attempt per try of the shared retry helper, with no delay between them (a new pair of
  // peers is a fresh start; nothing to back off from).
  const tryOnce = async (attempt: number): Promise<ConnectedPeers> => {
    const created: unknown = create();
    checkArgument('connectPeers(create, options)', 'what create() returns', created, isPeerPair);
    const [a, b] = created as readonly [PeerConnection, PeerConnection];
    const wiring = wirePeers(a, b, onError);
    const connected = (peer: PeerConnection) =>
      peer.state$.pipe(
        filter((state) => state === 'connected'),
        take(1),
      );
    const failed = merge(a.state$, b.state$).pipe(
      filter((state) => state === 'failed' || state === 'closed'),
      map(
        () =>
          a.failure ??
          b.failure ??
          new RtcError(
            'CONNECTION_FAILED',
            `a peer closed while connecting (a ${a.state}, b ${b.state})`,
          ),
      ),
    );
    const timedOut = timer(timeoutMs).pipe(
      map(
        () =>
          new RtcError(
            'CONNECTION_FAILED',
            `not connected after ${timeoutMs} ms (a ${a.state}, b ${b.state})`,
          ),
      ),
    );
    const outcome = await firstValueFrom(
      merge(
        // Both connected: the open succeeded.
        merge(connected(a), connected(b)).pipe(
          take(2),
          filter((_, index) => index === 1),
          map(() => undefined),
        ),
        failed,
        timedOut,
      ),
      { defaultValue: new RtcError('CONNECTION_FAILED', 'a peer closed while connecting') },
    );
    if (outcome === undefined) return { a, b, wiring, attempts: attempt };
    wiring.unsubscribe();
    a.close();
    b.close();
    onError(outcome);
    throw outcome;
  };
  return withRetry(tryOnce, {
    attempts: retries + 1,
    initialDelayMs: 0,
    // A failed open is worth another pair; a wrong create() is not.
    retryIf: (error) => !(error instanceof RxError),
  });
}

function wirePeers(
  a: PeerConnection,
  b: PeerConnection,
  onError: (error: unknown) => void,
): Subscription {
  const wiring = new Subscription();
  const guard =
    <T>(apply: (value: T) => void) =>
    (value: T): void => {
      try {
        apply(value);
      } catch (error) {
        onError(error);
      }
    };
  for (const [from, to] of [
    [a, b],
    [b, a],
  ] as const) {
    // Straight through: core holds a candidate that comes before its description (one
    // bounded hold, in @rxdc/native), so a second one here would only hide its limit.
    wiring.add(
      from.localDescription$.subscribe(
        guard((description) => to.setRemoteDescription(description)),
      ),
    );
    wiring.add(
      from.localCandidate$.subscribe(guard((candidate) => to.addRemoteCandidate(candidate))),
    );
  }
  return wiring;
}
