// Shared by the child-process scripts: wires two peers through core's Observables only.
import { filter, firstValueFrom, lastValueFrom, merge, race } from 'rxjs';
import { PeerConnection, RtcError } from '../../dist/index.js';

export const loopback = { iceServers: [], bindAddress: '127.0.0.1' };

/** Adds a candidate, except to a connection that failed meanwhile (it no longer takes any). */
function addCandidate(peer, candidate) {
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

/**
 * Two wired peers and an open channel, or null when the connection failed (both peers are
 * then closed). Counted by the cycle scripts, which expect none.
 */
export async function tryOpenChannelPair(label = 'child') {
  const a = new PeerConnection({ ...loopback, name: 'a' });
  const b = new PeerConnection({ ...loopback, name: 'b' });
  a.localDescription$.subscribe((d) => b.setRemoteDescription(d));
  a.localCandidate$.subscribe((c) => addCandidate(b, c));
  b.localDescription$.subscribe((d) => a.setRemoteDescription(d));
  b.localCandidate$.subscribe((c) => addCandidate(a, c));
  const remote = firstValueFrom(b.dataChannel$, { defaultValue: null });
  const local = a.createDataChannel(label);
  // merge, not race: both state$ replay at once, so race would only ever watch `a`.
  const failed = merge(a.state$, b.state$).pipe(
    filter((state) => state === 'failed' || state === 'closed'),
  );
  const opened = await firstValueFrom(race(local.open$, failed), { defaultValue: 'failed' });
  if (opened === 'failed') {
    a.close();
    b.close();
    await Promise.all([lastValueFrom(a.state$), lastValueFrom(b.state$)]);
    return null;
  }
  return { a, b, local, remote: await remote };
}

/** Like tryOpenChannelPair, but a failed open is an error (no retry: see test/helpers/peers.ts). */
export async function openChannelPair(label = 'child') {
  const pair = await tryOpenChannelPair(label);
  if (!pair) throw new Error('the loopback connection failed');
  return pair;
}
