import {
  type DataChannel,
  type IceCandidate,
  PeerConnection,
  RtcError,
  type SessionDescription,
} from '@rxdc/core';
import { delay, delayWhen, firstValueFrom, take } from 'rxjs';
import { expect, test } from 'vitest';
import { connectPeers } from '../src/signaling/connect-peers.js';

const loopback = { iceServers: [], bindAddress: '127.0.0.1' };

test('candidates that arrive before their description still connect', async () => {
  const a = new PeerConnection(loopback);
  const b = new PeerConnection(loopback);
  /** The real peer `peer` with the members of `replaced` swapped in. */
  const withMembers = (peer: PeerConnection, replaced: Record<string, unknown>): PeerConnection =>
    new Proxy(peer, {
      get: (target, key) => {
        if (typeof key === 'string' && key in replaced) return replaced[key];
        const value = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  try {
    // b's signaling delivers its answer only after b's first candidate has gone to a (as a
    // slow or reordering signaling channel does; b gathers once it has the offer), so a is
    // given candidates before the answer they belong to.
    let early = 0;
    const lateB = withMembers(b, {
      localDescription$: b.localDescription$.pipe(
        delayWhen(() => b.localCandidate$.pipe(take(1), delay(50))),
      ),
    });
    const countingA = withMembers(a, {
      addRemoteCandidate: (candidate: IceCandidate) => {
        if (a.remoteDescription === null) early++;
        a.addRemoteCandidate(candidate);
      },
    });
    const errors: unknown[] = [];
    const wiring = connectPeers(countingA, lateB, (error) => errors.push(error));
    const channel = a.createDataChannel('early');
    const remote = await firstValueFrom(b.dataChannel$);
    await firstValueFrom(channel.open$);
    const received = firstValueFrom(remote.messages$);
    channel.send('through');
    expect(await received).toBe('through');
    // The scenario really happened: a was given candidates before b's answer.
    expect(early).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    wiring.unsubscribe();
  } finally {
    a.close();
    b.close();
  }
});

/**
 * Injected fault (a failed open cannot be caused on demand for real): a peer that corrupts one
 * digit of the certificate fingerprint in the answers it is given, so its DTLS check of the
 * remote certificate really fails and the connection fails.
 */
class FingerprintCorruptingPeer extends PeerConnection {
  override setRemoteDescription(description: SessionDescription): void {
    const sdp =
      description.type === 'answer'
        ? description.sdp.replace(
            /^(a=fingerprint:\S+ )([0-9A-F])/im,
            (_, prefix: string, digit: string) => `${prefix}${digit === '0' ? '1' : '0'}`,
          )
        : description.sdp;
    super.setRemoteDescription({ ...description, sdp });
  }
}

test('a failed open is retried with new peers, and the retried connectPeers opens', async () => {
  const errors: unknown[] = [];
  let attempt = 0;
  let channel: DataChannel | undefined;
  const { a, b, wiring, attempts } = await connectPeers(
    () => {
      attempt++;
      const offerer =
        attempt === 1 ? new FingerprintCorruptingPeer(loopback) : new PeerConnection(loopback);
      channel = offerer.createDataChannel('retried');
      return [offerer, new PeerConnection(loopback)];
    },
    { openRetries: 2, onError: (error) => errors.push(error) },
  );
  expect(attempts).toBe(2);
  expect(errors).toHaveLength(1);
  expect(errors[0]).toBeInstanceOf(RtcError);
  expect((errors[0] as RtcError).code).toBe('CONNECTION_FAILED');
  const remote = await firstValueFrom(b.dataChannel$);
  expect(remote.label).toBe('retried');
  const received = firstValueFrom(remote.messages$);
  const local = channel as DataChannel;
  await firstValueFrom(local.open$);
  local.send('hello');
  expect(await received).toBe('hello');
  wiring.unsubscribe();
  a.close();
  b.close();
});

test('connectPeers gives up after openRetries failed attempts with CONNECTION_FAILED', async () => {
  const errors: unknown[] = [];
  let created = 0;
  const outcome = await connectPeers(
    () => {
      created++;
      const offerer = new FingerprintCorruptingPeer(loopback);
      offerer.createDataChannel('doomed');
      return [offerer, new PeerConnection(loopback)];
    },
    { openRetries: 1, onError: (error) => errors.push(error) },
  ).catch((error: unknown) => error);
  expect(created).toBe(2);
  expect(errors).toHaveLength(2);
  expect(outcome).toBeInstanceOf(RtcError);
  expect((outcome as RtcError).code).toBe('CONNECTION_FAILED');
});
