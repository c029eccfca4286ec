import { type IceCandidate, type PeerConnection, RtcError } from '@rxdc/core';
import { filter, firstValueFrom, map, merge, Subscription, take, timer } from 'rxjs';

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
 * candidates (trickled as they are gathered) go to the other. Candidates gathered before the
 * other side has the description they belong to wait for it (node-datachannel can report a
 * candidate before its description). Unsubscribe to stop wiring (the peers stay open). Nothing is thrown into node-datachannel: a description or candidate the
 * other side rejects is reported on `onError` (default: `console.error`).
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
  if (typeof first === 'function')
    return connectWithRetries(first, (second ?? {}) as ConnectPeersOptions);
  return wirePeers(first, second as PeerConnection, onError ?? defaultOnError);
}

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
  if (!Number.isSafeInteger(retries) || retries < 0)
    throw new RtcError(
      'INVALID_ARGUMENT',
      `openRetries must be a whole number >= 0, got ${String(retries)}`,
    );
  if (typeof timeoutMs !== 'number' || !(timeoutMs > 0))
    throw new RtcError(
      'INVALID_ARGUMENT',
      `openTimeoutMs must be a number > 0, got ${String(timeoutMs)}`,
    );
  let lastFailure: unknown;
  for (let attempt = 1; attempt <= retries + 1; attempt++) {
    const [a, b] = create();
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
    lastFailure = outcome;
    wiring.unsubscribe();
    a.close();
    b.close();
    onError(outcome);
  }
  throw lastFailure;
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
    // A candidate given to a peer without a remote description is refused ("without ICE
    // transport"): hold candidates until the description has been applied.
    let described = false;
    let waiting: IceCandidate[] = [];
    const addCandidate = guard((candidate: IceCandidate) => to.addRemoteCandidate(candidate));
    wiring.add(
      from.localDescription$.subscribe(
        guard((description) => {
          to.setRemoteDescription(description);
          described = true;
          const held = waiting;
          waiting = [];
          for (const candidate of held) addCandidate(candidate);
        }),
      ),
    );
    wiring.add(
      from.localCandidate$.subscribe((candidate) => {
        if (described) addCandidate(candidate);
        else waiting.push(candidate);
      }),
    );
  }
  return wiring;
}
