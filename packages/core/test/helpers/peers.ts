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
 * Two wired peers and an open channel between them: `local` on a, `remote` on b. No retry: an
 * offerer's candidates go only after its answer (@rxdc/native), which removed the cause of
 * failed loopback opens (0 failed in 3,500 opens beside a forced-build loop), so a failed open
 * fails the test, with the connection's cause.
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
  const [a, b] = wiredPeers(config);
  const remotePromise = firstValueFrom(b.dataChannel$);
  const local = a.createDataChannel(label);
  // merge, not race: both state$ replay at once, so race would only ever watch `a`.
  const failed = merge(a.state$, b.state$).pipe(
    filter((state) => state === 'failed' || state === 'closed'),
  );
  const outcome = await firstValueFrom(race(local.open$.pipe(map(() => 'open')), failed), {
    defaultValue: 'failed',
  });
  if (outcome === 'open') return { a, b, local, remote: await remotePromise };
  const cause = a.failure ?? b.failure;
  a.close();
  b.close();
  await remotePromise.catch(() => undefined);
  throw new Error(`the loopback connection failed: ${cause?.message ?? outcome}`, { cause });
}
