import {
  type DataChannel,
  type DataChannelInit,
  PeerConnection,
  type PeerConnectionConfig,
} from '@rxdc/core';
import { firstValueFrom, throwIfEmpty, timeout } from 'rxjs';
import { checkOptions, finiteNumber, isObject, isString } from '../errors/argument-checks.js';
import { RxError } from '../errors/rx-error.js';
import { connectPeers } from './connect-peers.js';

/**
 * Two connected peers of one process and an open data channel between them.
 *
 * @example
 * ```ts
 * const { local, remote, close }: LocalChannelPair = await localChannelPair();
 * ```
 */
export interface LocalChannelPair {
  /** The peer that created the channel. */
  readonly a: PeerConnection;
  /** The peer that received it. */
  readonly b: PeerConnection;
  /** The channel on `a`. */
  readonly local: DataChannel;
  /** The same channel on `b`. */
  readonly remote: DataChannel;
  /** Closes both channels and both peers. */
  close(): void;
}

/**
 * Options of {@link localChannelPair}.
 *
 * @example
 * ```ts
 * const options: LocalChannelPairOptions = { label: 'files', timeoutMs: 5_000 };
 * ```
 */
export interface LocalChannelPairOptions {
  /** The channel's label. Default `'local'`. */
  label?: string;
  /** Options of the channel. */
  channel?: DataChannelInit;
  /** Options of both peers. Default: loopback only (`iceServers: []`, `bindAddress: '127.0.0.1'`). */
  peer?: PeerConnectionConfig;
  /** Give up (closing everything) after this many milliseconds. Default 10 000. */
  timeoutMs?: number;
}

/**
 * Connects two local peers in one call and resolves when a data channel between them is open
 * on both sides: for tests, benchmarks and examples. Rejects (closing everything) if the
 * channel is not open in time (a `TimeoutError`), or with `SIGNALING_FAILED` if a peer or the
 * channel closes first.
 *
 * @example
 * ```ts
 * import { localChannelPair } from '@rxdc/rx';
 * const pair = await localChannelPair({ label: 'demo' });
 * pair.remote.messages$.subscribe(console.log);
 * pair.local.send('hello');
 * pair.close();
 * ```
 */
export async function localChannelPair(
  options: LocalChannelPairOptions = {},
): Promise<LocalChannelPair> {
  checkOptions('localChannelPair(options)', options, {
    label: isString,
    channel: isObject,
    peer: isObject,
    timeoutMs: finiteNumber(0, Number.POSITIVE_INFINITY, true),
  });
  const config: PeerConnectionConfig = {
    iceServers: [],
    bindAddress: '127.0.0.1',
    ...options.peer,
  };
  const a = new PeerConnection({ name: 'a', ...config });
  const b = new PeerConnection({ name: 'b', ...config });
  const wiring = connectPeers(a, b);
  const close = (): void => {
    wiring.unsubscribe();
    a.close();
    b.close();
  };
  try {
    const ms = options.timeoutMs ?? 10_000;
    const remotePromise = firstValueFrom(
      b.dataChannel$.pipe(
        timeout(ms),
        throwIfEmpty(
          () =>
            new RxError(
              'SIGNALING_FAILED',
              'localChannelPair: peer b closed before the channel arrived',
            ),
        ),
      ),
    );
    const local = a.createDataChannel(options.label ?? 'local', options.channel ?? {});
    const closedEarly = (what: string) => () =>
      new RxError(
        'SIGNALING_FAILED',
        `localChannelPair: ${what} before the channel opened (peer a ${a.state}, peer b ${b.state})`,
      );
    const [remote] = await Promise.all([
      remotePromise,
      firstValueFrom(
        local.open$.pipe(timeout(ms), throwIfEmpty(closedEarly('the channel closed'))),
      ),
    ]);
    return { a, b, local, remote, close };
  } catch (error) {
    close();
    throw error;
  }
}
