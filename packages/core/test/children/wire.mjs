// Shared by the child-process scripts: wires two peers through core's Observables only.
import { firstValueFrom } from 'rxjs';
import { PeerConnection } from '../../dist/index.js';

export const loopback = { iceServers: [], bindAddress: '127.0.0.1' };

export async function openChannelPair(label = 'child') {
  const a = new PeerConnection({ ...loopback, name: 'a' });
  const b = new PeerConnection({ ...loopback, name: 'b' });
  a.localDescription$.subscribe((d) => b.setRemoteDescription(d));
  a.localCandidate$.subscribe((c) => b.addRemoteCandidate(c));
  b.localDescription$.subscribe((d) => a.setRemoteDescription(d));
  b.localCandidate$.subscribe((c) => a.addRemoteCandidate(c));
  const remote = firstValueFrom(b.dataChannel$);
  const local = a.createDataChannel(label);
  await firstValueFrom(local.open$);
  return { a, b, local, remote: await remote };
}
