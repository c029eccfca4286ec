// rxdc core peers on loopback, wired through their Observables only.
import { PeerConnection } from '@rxdc/core';
import { firstValueFrom, lastValueFrom } from 'rxjs';

const loopback = { iceServers: [], bindAddress: '127.0.0.1' };

/** Resolves { a, b, local, remote, close } once a core channel pair is open. */
export async function coreChannelPair(label = 'bench') {
  const a = new PeerConnection({ ...loopback, name: 'a' });
  const b = new PeerConnection({ ...loopback, name: 'b' });
  a.localDescription$.subscribe((d) => b.setRemoteDescription(d));
  // A candidate for a connection that failed meanwhile is refused (INVALID_STATE): ignore it.
  const add = (peer, c) => {
    try {
      peer.addRemoteCandidate(c);
    } catch {}
  };
  a.localCandidate$.subscribe((c) => add(b, c));
  b.localDescription$.subscribe((d) => a.setRemoteDescription(d));
  b.localCandidate$.subscribe((c) => add(a, c));
  const remote = firstValueFrom(b.dataChannel$);
  const local = a.createDataChannel(label);
  await firstValueFrom(local.open$);
  const close = async () => {
    const closed = lastValueFrom(a.state$);
    a.close();
    b.close();
    await closed;
  };
  return { a, b, local, remote: await remote, close };
}
