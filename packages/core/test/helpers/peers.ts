import { filter, firstValueFrom } from 'rxjs';
import { type DataChannel, PeerConnection, type PeerConnectionConfig } from '../../src/index.js';

/** Loopback only: no STUN, candidates on 127.0.0.1. */
export const loopback: PeerConnectionConfig = { iceServers: [], bindAddress: '127.0.0.1' };

/** Two peers wired to each other through their Observables only. */
export function wiredPeers(config: PeerConnectionConfig = {}): [PeerConnection, PeerConnection] {
  const a = new PeerConnection({ ...loopback, name: 'a', ...config });
  const b = new PeerConnection({ ...loopback, name: 'b', ...config });
  a.localDescription$.subscribe((description) => b.setRemoteDescription(description));
  a.localCandidate$.subscribe((candidate) => b.addRemoteCandidate(candidate));
  b.localDescription$.subscribe((description) => a.setRemoteDescription(description));
  b.localCandidate$.subscribe((candidate) => a.addRemoteCandidate(candidate));
  return [a, b];
}

/** Two wired peers and an open channel between them: `local` on a, `remote` on b. */
export async function openChannelPair(label = 'test'): Promise<{
  a: PeerConnection;
  b: PeerConnection;
  local: DataChannel;
  remote: DataChannel;
}> {
  const [a, b] = wiredPeers();
  const remotePromise = firstValueFrom(b.dataChannel$);
  const local = a.createDataChannel(label);
  const remote = await remotePromise;
  await firstValueFrom(local.open$);
  return { a, b, local, remote };
}

/** Waits until `peer.state$` reaches `state`. */
export function reach(peer: PeerConnection, state: string): Promise<unknown> {
  return firstValueFrom(peer.state$.pipe(filter((s) => s === state)));
}
