// `PeerConnection.localDescription` (the getter) sent instead of `localDescription$`'s value, on
// real loopback peers: it must not hand the remote our candidates before the answer is applied.
import { filter, firstValueFrom } from 'rxjs';
import { expect, test } from 'vitest';
import { PeerConnection } from '../src/index.js';
import { loopback } from './helpers/peers.js';

const hasCandidates = (sdp: string): boolean => /^a=candidate:/m.test(sdp);

test('the getter carries no candidates while they are held, and the connection opens with it', async () => {
  const a = new PeerConnection({ ...loopback, name: 'a' });
  const b = new PeerConnection({ ...loopback, name: 'b' });
  try {
    a.localCandidate$.subscribe((candidate) => b.addRemoteCandidate(candidate));
    b.localDescription$.subscribe((description) => a.setRemoteDescription(description));
    b.localCandidate$.subscribe((candidate) => a.addRemoteCandidate(candidate));
    const local = a.createDataChannel('getter');
    // Gathering done: libdatachannel's own SDP lists the candidates by now.
    await firstValueFrom(a.gatheringState$.pipe(filter((state) => state === 'complete')));
    const offer = a.localDescription;
    expect(offer?.type).toBe('offer');
    expect(hasCandidates(offer!.sdp)).toBe(false);
    const remote = firstValueFrom(b.dataChannel$);
    b.setRemoteDescription(offer!);
    await firstValueFrom(local.open$);
    expect((await remote).label).toBe('getter');
    // Released once the answer was applied: the getter now carries them.
    expect(hasCandidates(a.localDescription!.sdp)).toBe(true);
  } finally {
    a.close();
    b.close();
  }
});
