import {
  type DataChannel,
  type IceCandidate,
  PeerConnection,
  RtcError,
  type SessionDescription,
} from '@rxdc/core';
import { firstValueFrom, Subject } from 'rxjs';
import { expect, test } from 'vitest';
import { connectPeers } from '../src/signaling/connect-peers.js';

/**
 * A stand-in for a peer, used only to inject a fault that real peers cause at random:
 * node-datachannel delivers descriptions and candidates from separate queues, so a candidate
 * can reach JavaScript before the description it belongs to.
 */
function fakePeer(calls: string[], name: string) {
  const description = new Subject<SessionDescription>();
  const candidate = new Subject<IceCandidate>();
  let hasRemote = false;
  const peer = {
    localDescription$: description,
    localCandidate$: candidate,
    setRemoteDescription: (d: SessionDescription) => {
      hasRemote = true;
      calls.push(`${name}.setRemoteDescription(${d.type})`);
    },
    addRemoteCandidate: (c: IceCandidate) => {
      if (!hasRemote) throw new Error('Got a remote candidate without ICE transport');
      calls.push(`${name}.addRemoteCandidate(${c.candidate})`);
    },
  };
  return { peer: peer as unknown as PeerConnection, description, candidate };
}

test('candidates that arrive before their description wait for it, in order', () => {
  const calls: string[] = [];
  const errors: unknown[] = [];
  const a = fakePeer(calls, 'a');
  const b = fakePeer(calls, 'b');
  const wiring = connectPeers(a.peer, b.peer, (error) => errors.push(error));
  a.candidate.next({ candidate: 'c1', mid: '0' });
  a.candidate.next({ candidate: 'c2', mid: '0' });
  expect(calls).toEqual([]);
  a.description.next({ type: 'offer', sdp: 'v=0' });
  a.candidate.next({ candidate: 'c3', mid: '0' });
  expect(calls).toEqual([
    'b.setRemoteDescription(offer)',
    'b.addRemoteCandidate(c1)',
    'b.addRemoteCandidate(c2)',
    'b.addRemoteCandidate(c3)',
  ]);
  expect(errors).toEqual([]);
  wiring.unsubscribe();
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

const loopback = { iceServers: [], bindAddress: '127.0.0.1' };

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
