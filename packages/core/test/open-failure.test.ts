import { firstValueFrom, type Subscription } from 'rxjs';
import { afterAll, describe, expect, test } from 'vitest';
import {
  type ConnectionFailureCause,
  logLines,
  PeerConnection,
  RtcError,
  type SessionDescription,
  shutdown,
} from '../src/index.js';
import { loopback } from './helpers/peers.js';

/**
 * Injected fault (it cannot be caused on demand for real): the answer's certificate fingerprint
 * is changed by one digit, so the offerer's DTLS check of the answerer's certificate really fails.
 */
function corruptFingerprint(description: SessionDescription): SessionDescription {
  const sdp = description.sdp.replace(
    /^(a=fingerprint:\S+ )([0-9A-F])/im,
    (_, prefix: string, digit: string) => `${prefix}${digit === '0' ? '1' : '0'}`,
  );
  expect(sdp).not.toBe(description.sdp);
  return { ...description, sdp };
}

let logging: Subscription | undefined;
afterAll(async () => {
  logging?.unsubscribe();
  // The native logger stays installed until shutdown().
  await shutdown();
});

describe('failed opens', () => {
  test("an offerer's candidates go only after it applied the answer (the cause of failed opens)", async () => {
    const a = new PeerConnection({ ...loopback, name: 'a' });
    const b = new PeerConnection({ ...loopback, name: 'b' });
    const early: string[] = [];
    a.localDescription$.subscribe((d) => b.setRemoteDescription(d));
    b.localDescription$.subscribe((d) => a.setRemoteDescription(d));
    a.localCandidate$.subscribe((c) => {
      if (a.remoteDescription?.type !== 'answer') early.push(c.candidate);
      b.addRemoteCandidate(c);
    });
    b.localCandidate$.subscribe((c) => a.addRemoteCandidate(c));
    const remote = firstValueFrom(b.dataChannel$);
    const local = a.createDataChannel('deferred');
    await firstValueFrom(local.open$);
    expect((await remote).label).toBe('deferred');
    expect(early).toEqual([]);
    a.close();
    b.close();
  });

  test('a failed open (injected: corrupted fingerprint in the answer) is CONNECTION_FAILED with its native cause, and late candidates do not throw', async () => {
    logging = logLines('Warning').subscribe();
    const a = new PeerConnection({ ...loopback, name: 'a' });
    const b = new PeerConnection({ ...loopback, name: 'b' });
    const thrown: unknown[] = [];
    const signal = (apply: () => void) => {
      try {
        apply();
      } catch (error) {
        thrown.push(error);
      }
    };
    // The README's signaling lines, with the answer's fingerprint corrupted on its way.
    a.localDescription$.subscribe((d) => signal(() => b.setRemoteDescription(d)));
    a.localCandidate$.subscribe((c) => signal(() => b.addRemoteCandidate(c)));
    b.localDescription$.subscribe((d) =>
      signal(() => a.setRemoteDescription(corruptFingerprint(d))),
    );
    b.localCandidate$.subscribe((c) => signal(() => a.addRemoteCandidate(c)));
    const peerErrors: string[] = [];
    b.error$.subscribe((e) => peerErrors.push(e.code));
    const remote = firstValueFrom(b.dataChannel$).then(
      () => 'opened',
      (error: unknown) => error,
    );
    a.createDataChannel('doomed');
    const error = await remote;
    expect(error).toBeInstanceOf(RtcError);
    expect((error as RtcError).code).toBe('CONNECTION_FAILED');
    const cause = (error as RtcError).cause as ConnectionFailureCause;
    expect(cause.nativeLog.join('\n')).toMatch(/DTLS|certificate|fingerprint/i);
    // The offerer's own dataChannel$ fails the same way.
    const offererSide = await firstValueFrom(a.dataChannel$).catch((e: unknown) => e);
    expect((offererSide as RtcError).code).toBe('CONNECTION_FAILED');
    expect(peerErrors).toEqual(['CONNECTION_FAILED']);
    // A candidate arriving after the failure is dropped, not thrown into signaling.
    a.addRemoteCandidate({ candidate: 'candidate:1 1 UDP 1 127.0.0.1 9 typ host', mid: '0' });
    expect(thrown).toEqual([]);
    a.close();
    b.close();
  });
});
