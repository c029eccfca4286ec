// Offer/answer as WebRTC 1.0's algorithms order it: the operations chain, signaling states and
// their events, descriptions, rollback, perfect negotiation, and every exception named.
import { afterEach, expect, test } from 'vitest';
import { RTCError, RTCPeerConnection, RTCSessionDescription } from '../src/index.js';
import { loopback, negotiate, next, trickle, until } from './helpers/peers.js';

const open: RTCPeerConnection[] = [];
function peer(): RTCPeerConnection {
  const pc = new RTCPeerConnection(loopback);
  open.push(pc);
  return pc;
}
afterEach(() => {
  for (const pc of open.splice(0)) pc.close();
});

const named = (name: string) => expect.objectContaining({ name });
/** A local description without the candidates surfaced into it since it was created. */
const bare = (sdp: string | undefined) =>
  sdp?.replace(/^a=(?:candidate:.*|end-of-candidates)\r\n/gm, '');

test('createOffer resolves with a plain, mutable { type, sdp } and leaves the state stable', async () => {
  const pc = peer();
  pc.createDataChannel('x');
  const offer = await pc.createOffer();
  expect(Object.getPrototypeOf(offer)).toBe(Object.prototype);
  expect(offer.type).toBe('offer');
  expect(offer.sdp).toMatch(/^v=0/);
  expect(offer.sdp).toMatch(/^m=application /m);
  offer.sdp = `${offer.sdp}`;
  expect(pc.signalingState).toBe('stable');
  expect(pc.localDescription).toBeNull();
});

test('offer/answer: states, events and descriptions in the spec order', async () => {
  const a = peer();
  const b = peer();
  const events: string[] = [];
  for (const [name, pc] of [
    ['a', a],
    ['b', b],
  ] as const)
    pc.addEventListener('signalingstatechange', () => events.push(`${name}:${pc.signalingState}`));
  a.createDataChannel('x');
  const offer = await a.createOffer();
  await a.setLocalDescription(offer);
  expect(a.signalingState).toBe('have-local-offer');
  expect(a.pendingLocalDescription).toBeInstanceOf(RTCSessionDescription);
  expect(a.pendingLocalDescription?.type).toBe('offer');
  expect(bare(a.pendingLocalDescription?.sdp)).toBe(offer.sdp);
  expect(a.currentLocalDescription).toBeNull();
  expect(a.localDescription).toBe(a.pendingLocalDescription);

  await b.setRemoteDescription(offer);
  expect(b.signalingState).toBe('have-remote-offer');
  expect(b.pendingRemoteDescription?.sdp).toBe(offer.sdp);
  expect(b.canTrickleIceCandidates).toBe(true);
  const answer = await b.createAnswer();
  expect(answer.type).toBe('answer');
  expect(b.signalingState).toBe('have-remote-offer');
  await b.setLocalDescription(answer);
  expect(b.signalingState).toBe('stable');
  expect(bare(b.currentLocalDescription?.sdp)).toBe(answer.sdp);
  expect(b.currentRemoteDescription?.sdp).toBe(offer.sdp);
  expect(b.pendingRemoteDescription).toBeNull();
  expect(b.sctp).not.toBeNull();

  await a.setRemoteDescription(answer);
  expect(a.signalingState).toBe('stable');
  expect(a.currentRemoteDescription?.sdp).toBe(answer.sdp);
  expect(bare(a.currentLocalDescription?.sdp)).toBe(offer.sdp);
  expect(a.pendingLocalDescription).toBeNull();
  expect(a.sctp?.state).toBe('connecting');
  expect(events).toEqual(['a:have-local-offer', 'b:have-remote-offer', 'b:stable', 'a:stable']);
});

test('setLocalDescription() without arguments offers, then answers (perfect negotiation)', async () => {
  const a = peer();
  const b = peer();
  a.createDataChannel('x');
  await a.setLocalDescription();
  expect(a.localDescription?.type).toBe('offer');
  await b.setRemoteDescription(a.localDescription as RTCSessionDescription);
  await b.setLocalDescription();
  expect(b.localDescription?.type).toBe('answer');
  await a.setRemoteDescription(b.localDescription as RTCSessionDescription);
  expect([a.signalingState, b.signalingState]).toEqual(['stable', 'stable']);
});

test('the operations chain runs in call order, whatever each one takes', async () => {
  const a = peer();
  a.createDataChannel('x');
  const order: string[] = [];
  const p1 = a.createOffer().then(() => order.push('createOffer'));
  const p2 = a.setLocalDescription().then(() => order.push('setLocalDescription'));
  const p3 = a
    .addIceCandidate({ candidate: '', sdpMid: '0' })
    .catch((e) => order.push(`addIceCandidate:${e.name}`));
  await Promise.all([p1, p2, p3]);
  expect(order).toEqual([
    'createOffer',
    'setLocalDescription',
    'addIceCandidate:InvalidStateError',
  ]);
});

test('createOffer with nothing to negotiate gives a session without m-lines, kept on this side', async () => {
  const a = peer();
  const b = peer();
  const offer = await a.createOffer();
  expect(offer.sdp).toMatch(/^v=0/);
  expect(offer.sdp).not.toMatch(/^m=/m);
  await a.setLocalDescription(offer);
  await b.setRemoteDescription(offer);
  const answer = await b.createAnswer();
  expect(answer.sdp).not.toMatch(/^m=/m);
  await b.setLocalDescription(answer);
  await a.setRemoteDescription(answer);
  expect([a.signalingState, b.signalingState]).toEqual(['stable', 'stable']);
});

test('local rollback returns to stable and forgets the pending offer', async () => {
  const a = peer();
  a.createDataChannel('x');
  await a.setLocalDescription();
  const states: string[] = [];
  a.onsignalingstatechange = () => states.push(a.signalingState);
  await a.setLocalDescription({ type: 'rollback' });
  expect(a.signalingState).toBe('stable');
  expect(a.pendingLocalDescription).toBeNull();
  expect(states).toEqual(['stable']);
  // and can offer again
  await a.setLocalDescription();
  expect(a.signalingState).toBe('have-local-offer');
});

test('remote rollback returns to stable', async () => {
  const a = peer();
  const b = peer();
  a.createDataChannel('x');
  await a.setLocalDescription();
  await b.setRemoteDescription(a.localDescription as RTCSessionDescription);
  await b.setRemoteDescription({ type: 'rollback' });
  expect(b.signalingState).toBe('stable');
  expect(b.remoteDescription).toBeNull();
});

test('glare: a remote offer in have-local-offer rolls the local offer back (stable, then have-remote-offer), and the connection opens', async () => {
  const a = peer();
  const b = peer();
  trickle(a, b);
  const fromA = a.createDataChannel('from-a');
  b.createDataChannel('from-b');
  await a.setLocalDescription();
  await b.setLocalDescription();
  const states: string[] = [];
  b.onsignalingstatechange = () => states.push(b.signalingState);
  await b.setRemoteDescription(a.localDescription as RTCSessionDescription);
  expect(states).toEqual(['stable', 'have-remote-offer']);
  await b.setLocalDescription();
  await a.setRemoteDescription(b.localDescription as RTCSessionDescription);
  await next(fromA, 'open');
  // b's own channel goes out with the next negotiation (b's negotiationneeded)
  expect(b.signalingState).toBe('stable');
});

test('wrong signaling states are InvalidStateErrors', async () => {
  const a = peer();
  const b = peer();
  await expect(a.createAnswer()).rejects.toMatchObject(named('InvalidStateError'));
  await expect(a.setLocalDescription({ type: 'answer', sdp: 'v=0\r\n' })).rejects.toMatchObject(
    named('InvalidStateError'),
  );
  await expect(a.setLocalDescription({ type: 'rollback' })).rejects.toMatchObject(
    named('InvalidStateError'),
  );
  await expect(a.setRemoteDescription({ type: 'answer', sdp: 'v=0\r\n' })).rejects.toMatchObject(
    named('InvalidStateError'),
  );
  await expect(a.setRemoteDescription({ type: 'rollback' })).rejects.toMatchObject(
    named('InvalidStateError'),
  );
  a.createDataChannel('x');
  await a.setLocalDescription();
  await b.setRemoteDescription(a.localDescription as RTCSessionDescription);
  await expect(b.createOffer()).rejects.toMatchObject(named('InvalidStateError'));
  await expect(b.setLocalDescription({ type: 'offer', sdp: '' })).rejects.toMatchObject(
    named('InvalidStateError'),
  );
});

test('an SDP that is not the one created is an InvalidModificationError (no munging)', async () => {
  const a = peer();
  a.createDataChannel('x');
  const offer = await a.createOffer();
  await expect(
    a.setLocalDescription({ type: 'offer', sdp: `${offer.sdp}a=x-munged\r\n` }),
  ).rejects.toMatchObject(named('InvalidModificationError'));
  expect(a.signalingState).toBe('stable');
  await a.setLocalDescription({ type: 'offer', sdp: '' });
  expect(bare(a.localDescription?.sdp)).toBe(offer.sdp);
});

test('a remote description that is not SDP rejects with an RTCError sdp-syntax-error', async () => {
  const a = peer();
  const error = await a.setRemoteDescription({ type: 'offer', sdp: 'hello' }).catch((e) => e);
  expect(error).toBeInstanceOf(RTCError);
  expect(error.errorDetail).toBe('sdp-syntax-error');
  expect(a.signalingState).toBe('stable');
  const garbled = await a
    .setRemoteDescription({ type: 'offer', sdp: 'v=0\r\nm=application nonsense\r\n' })
    .catch((e) => e);
  expect(garbled).toBeInstanceOf(DOMException);
});

test('wrong argument types reject with TypeError (never throw)', async () => {
  const a = peer();
  await expect((a.setRemoteDescription as unknown as () => Promise<void>)()).rejects.toBeInstanceOf(
    TypeError,
  );
  await expect(a.setRemoteDescription({} as never)).rejects.toBeInstanceOf(TypeError);
  await expect(a.setRemoteDescription({ type: 'bogus' as never, sdp: '' })).rejects.toBeInstanceOf(
    TypeError,
  );
  await expect(a.setLocalDescription({ type: 'bogus' as never })).rejects.toBeInstanceOf(TypeError);
  await expect(a.setLocalDescription(5 as never)).rejects.toBeInstanceOf(TypeError);
  await expect(a.createOffer(5 as never)).rejects.toBeInstanceOf(TypeError);
  await expect(a.createAnswer(5 as never)).rejects.toBeInstanceOf(TypeError);
  await expect(a.addIceCandidate(5 as never)).rejects.toBeInstanceOf(TypeError);
  await expect(a.getStats(5 as never)).rejects.toBeInstanceOf(TypeError);
});

test('addIceCandidate: before a remote description InvalidStateError; no mid and no index TypeError; unknown mid, index or ufrag OperationError', async () => {
  const a = peer();
  const b = peer();
  const candidate = 'candidate:1 1 UDP 2122317823 127.0.0.1 5000 typ host';
  await expect(a.addIceCandidate({ candidate, sdpMid: '0' })).rejects.toMatchObject(
    named('InvalidStateError'),
  );
  await expect(a.addIceCandidate({ candidate })).rejects.toBeInstanceOf(TypeError);
  b.createDataChannel('x');
  await b.setLocalDescription();
  await a.setRemoteDescription(b.localDescription as RTCSessionDescription);
  await expect(a.addIceCandidate({ candidate, sdpMid: '9' })).rejects.toMatchObject(
    named('OperationError'),
  );
  await expect(a.addIceCandidate({ candidate, sdpMLineIndex: 3 })).rejects.toMatchObject(
    named('OperationError'),
  );
  await expect(
    a.addIceCandidate({ candidate, sdpMid: '0', usernameFragment: 'nope' }),
  ).rejects.toMatchObject(named('OperationError'));
  await expect(
    a.addIceCandidate({ candidate: 'candidate:garbage', sdpMid: '0' }),
  ).rejects.toMatchObject(named('OperationError'));
  // accepted: by mid, by index, end of candidates ('' and no argument)
  await a.addIceCandidate({ candidate, sdpMid: '0' });
  await a.addIceCandidate({ candidate, sdpMLineIndex: 0 });
  await a.addIceCandidate({ candidate: '', sdpMid: '0' });
  await a.addIceCandidate();
  await a.addIceCandidate(null);
});

test('on a closed connection every operation rejects with InvalidStateError', async () => {
  const a = peer();
  a.close();
  await expect(a.createOffer()).rejects.toMatchObject(named('InvalidStateError'));
  await expect(a.createAnswer()).rejects.toMatchObject(named('InvalidStateError'));
  await expect(a.setLocalDescription()).rejects.toMatchObject(named('InvalidStateError'));
  await expect(a.setRemoteDescription({ type: 'offer', sdp: 'v=0\r\n' })).rejects.toMatchObject(
    named('InvalidStateError'),
  );
  await expect(a.addIceCandidate({ candidate: '', sdpMid: '0' })).rejects.toMatchObject(
    named('InvalidStateError'),
  );
  const stats = await a.getStats();
  expect([...stats.values()].map((s) => s.type)).toContain('peer-connection');
});

test('an operation pending when the connection closes never settles (the spec aborts it)', async () => {
  const a = peer();
  a.createDataChannel('x');
  let settled = false;
  const pending = a.createOffer().then(
    () => (settled = true),
    () => (settled = true),
  );
  a.close();
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(settled).toBe(false);
  void pending;
});

test('icecandidate events carry sdpMid, sdpMLineIndex and usernameFragment; then gathering completes with a null candidate', async () => {
  const a = peer();
  const b = peer();
  const candidates: Array<{
    sdpMid: string | null;
    sdpMLineIndex: number | null;
    ufrag: string | null;
    address: string | null;
  }> = [];
  let ended = false;
  b.onicecandidate = ({ candidate }) => {
    if (candidate === null) ended = true;
    else
      candidates.push({
        sdpMid: candidate.sdpMid,
        sdpMLineIndex: candidate.sdpMLineIndex,
        ufrag: candidate.usernameFragment,
        address: candidate.address,
      });
  };
  const gathering: string[] = [];
  b.onicegatheringstatechange = () => gathering.push(b.iceGatheringState);
  a.createDataChannel('x');
  await a.setLocalDescription();
  await b.setRemoteDescription(a.localDescription as RTCSessionDescription);
  await b.setLocalDescription();
  await until(b, 'icecandidate', () => ended);
  const ufrag = /^a=ice-ufrag:(\S+)/m.exec(b.localDescription?.sdp ?? '')?.[1];
  expect(candidates.length).toBeGreaterThan(0);
  expect(candidates[0]).toEqual({ sdpMid: '0', sdpMLineIndex: 0, ufrag, address: '127.0.0.1' });
  expect(gathering).toEqual(['gathering', 'complete']);
  expect(b.iceGatheringState).toBe('complete');
});

test('connection and ICE states reach connected, with their events and transports', async () => {
  const a = peer();
  const b = peer();
  trickle(a, b);
  const connection: string[] = [];
  const ice: string[] = [];
  a.onconnectionstatechange = () => connection.push(a.connectionState);
  a.oniceconnectionstatechange = () => ice.push(a.iceConnectionState);
  a.createDataChannel('x');
  await negotiate(a, b);
  await until(a, 'connectionstatechange', () => a.connectionState === 'connected');
  expect(connection).toEqual(['connecting', 'connected']);
  expect(ice[0]).toBe('checking');
  expect(ice).toContain('connected');
  const sctp = a.sctp;
  expect(sctp?.state).toBe('connected');
  expect(sctp?.maxMessageSize).toBe(262144);
  expect(sctp?.maxChannels).toBeGreaterThan(0);
  expect(sctp?.transport.state).toBe('connected');
  const iceTransport = sctp?.transport.iceTransport;
  expect(iceTransport?.component).toBe('rtp');
  expect(iceTransport?.role).toBe('controlling');
  expect(b.sctp?.transport.iceTransport.role).toBe('controlled');
  expect(iceTransport?.gatheringState).toBe('complete');
  expect(iceTransport?.getLocalParameters()?.usernameFragment).toMatch(/\S/);
  expect(iceTransport?.getRemoteParameters()?.usernameFragment).toBe(
    b.sctp?.transport.iceTransport.getLocalParameters()?.usernameFragment,
  );
  const pair = iceTransport?.getSelectedCandidatePair();
  expect(pair?.local.address).toBe('127.0.0.1');
  expect(pair?.remote.address).toBe('127.0.0.1');
  expect(sctp?.transport.getRemoteCertificates()).toEqual([]);
  a.close();
  expect(sctp?.state).toBe('closed');
  expect(sctp?.transport.state).toBe('closed');
  expect(iceTransport?.state).toBe('closed');
  expect(iceTransport?.getSelectedCandidatePair()).toBeNull();
});

test('renegotiation after connecting: a new offer/answer round keeps the channels open', async () => {
  const a = peer();
  const b = peer();
  trickle(a, b);
  const first = a.createDataChannel('first');
  await negotiate(a, b);
  await next(first, 'open');
  await negotiate(a, b);
  expect([a.signalingState, b.signalingState]).toEqual(['stable', 'stable']);
  const second = a.createDataChannel('second');
  await next(second, 'open');
  expect(first.readyState).toBe('open');
});

test('restartIce() is accepted (libdatachannel keeps its ICE credentials)', async () => {
  const a = peer();
  a.createDataChannel('x');
  await a.setLocalDescription();
  const before = a.sctp;
  expect(() => a.restartIce()).not.toThrow();
  expect(a.sctp).toBe(before);
});
