import type { IceCandidate, PeerConnection, SessionDescription } from '@rxdc/core';
import { Subject } from 'rxjs';
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
