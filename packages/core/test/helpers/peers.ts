import { filter, firstValueFrom, map, merge, race } from 'rxjs';
import {
  type DataChannel,
  type IceCandidate,
  PeerConnection,
  type PeerConnectionConfig,
  RtcError,
} from '../../src/index.js';

/** Loopback only: no STUN, candidates on 127.0.0.1. */
export const loopback: PeerConnectionConfig = { iceServers: [], bindAddress: '127.0.0.1' };

/** Adds a candidate, except to a connection that failed meanwhile (it no longer takes any). */
function addCandidate(peer: PeerConnection, candidate: IceCandidate): void {
  try {
    peer.addRemoteCandidate(candidate);
  } catch (error) {
    if (
      !(
        error instanceof RtcError &&
        error.code === 'INVALID_STATE' &&
        (peer.state === 'failed' || peer.state === 'closed')
      )
    )
      throw error;
  }
}

/** Two peers wired to each other through their Observables only. */
export function wiredPeers(config: PeerConnectionConfig = {}): [PeerConnection, PeerConnection] {
  const a = new PeerConnection({ ...loopback, name: 'a', ...config });
  const b = new PeerConnection({ ...loopback, name: 'b', ...config });
  a.localDescription$.subscribe((description) => b.setRemoteDescription(description));
  a.localCandidate$.subscribe((candidate) => addCandidate(b, candidate));
  b.localDescription$.subscribe((description) => a.setRemoteDescription(description));
  b.localCandidate$.subscribe((candidate) => addCandidate(a, candidate));
  return [a, b];
}

/**
 * Two wired peers and an open channel between them: `local` on a, `remote` on b. A loopback
 * connection fails now and then (a DTLS certificate check, about once in a few hundred rapid
 * opens); such a pair is closed and another one tried, at most three times.
 */
export async function openChannelPair(
  label = 'test',
  config: PeerConnectionConfig = {},
): Promise<{
  a: PeerConnection;
  b: PeerConnection;
  local: DataChannel;
  remote: DataChannel;
}> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const [a, b] = wiredPeers(config);
    const remotePromise = firstValueFrom(b.dataChannel$, { defaultValue: undefined });
    const local = a.createDataChannel(label);
    // merge, not race: both state$ replay at once, so race would only ever watch `a`.
    const failed = merge(a.state$, b.state$).pipe(
      filter((state) => state === 'failed' || state === 'closed'),
    );
    const outcome = await firstValueFrom(race(local.open$.pipe(map(() => 'open')), failed), {
      defaultValue: 'failed',
    });
    const remote = outcome === 'open' ? await remotePromise : undefined;
    if (remote) return { a, b, local, remote };
    a.close();
    b.close();
  }
  throw new Error('the loopback connection failed three times in a row');
}
