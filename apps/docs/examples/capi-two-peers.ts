// examples/c/two-peers.c, ported to @rxdc/capi-compat: the same functions, arguments and
// callbacks; the types change (a struct is an object, char buffers are Uint8Arrays).
// #region example
import {
  readCString,
  rtcAddRemoteCandidate,
  rtcCleanup,
  rtcCreateDataChannelEx,
  rtcCreatePeerConnection,
  rtcDeletePeerConnection,
  rtcGetDataChannelLabel,
  rtcGetDataChannelProtocol,
  rtcGetRemoteAddress,
  rtcSendMessage,
  rtcSetDataChannelCallback,
  rtcSetLocalCandidateCallback,
  rtcSetLocalDescriptionCallback,
  rtcSetMessageCallback,
  rtcSetOpenCallback,
  rtcSetRemoteDescription,
  rtcSetUserPointer,
} from '@rxdc/capi-compat';

interface Peer {
  name: string;
  pc: number;
  other?: Peer;
  dc: number;
  done: boolean;
}

function onDescription(_pc: number, sdp: string, type: string, ptr: unknown): void {
  const peer = ptr as Peer;
  rtcSetRemoteDescription(peer.other!.pc, sdp, type);
}

function onCandidate(_pc: number, cand: string, mid: string, ptr: unknown): void {
  const peer = ptr as Peer;
  rtcAddRemoteCandidate(peer.other!.pc, cand, mid);
}

function onMessage(_id: number, message: string | Uint8Array, size: number, ptr: unknown): void {
  const peer = ptr as Peer;
  if (size < 0) console.log(`${peer.name} received text: ${message}`);
  else console.log(`${peer.name} received ${size} bytes`);
  peer.done = true;
}

function onDataChannel(_pc: number, dc: number, ptr: unknown): void {
  const peer = ptr as Peer;
  const label = new Uint8Array(64);
  const protocol = new Uint8Array(64);
  rtcGetDataChannelLabel(dc, label, label.length);
  rtcGetDataChannelProtocol(dc, protocol, protocol.length);
  console.log(
    `${peer.name} got channel "${readCString(label)}" (protocol "${readCString(protocol)}")`,
  );
  peer.dc = dc;
  rtcSetMessageCallback(dc, onMessage);
}

function onOpen(id: number, ptr: unknown): void {
  const peer = ptr as Peer;
  console.log(`${peer.name}: channel open`);
  rtcSendMessage(id, 'hello from C', -1);
}

function createPeer(peer: Peer, name: string): Peer {
  peer.name = name;
  peer.pc = rtcCreatePeerConnection({ bindAddress: '127.0.0.1' }); // other fields: C's zeros
  rtcSetUserPointer(peer.pc, peer);
  rtcSetLocalDescriptionCallback(peer.pc, onDescription);
  rtcSetLocalCandidateCallback(peer.pc, onCandidate);
  rtcSetDataChannelCallback(peer.pc, onDataChannel);
  return peer;
}

const alice = createPeer({ name: '', pc: 0, dc: 0, done: false }, 'alice');
const bob = createPeer({ name: '', pc: 0, dc: 0, done: false }, 'bob');
alice.other = bob;
bob.other = alice;

alice.dc = rtcCreateDataChannelEx(alice.pc, 'chat', {
  reliability: { unordered: true },
  protocol: 'chat/1',
});
rtcSetOpenCallback(alice.dc, onOpen);

// C sleeps in a loop; JavaScript must yield so that callbacks can run.
while (!bob.done) await new Promise((resolve) => setTimeout(resolve, 10));

const address = new Uint8Array(64);
if (rtcGetRemoteAddress(alice.pc, address, address.length) > 0) {
  console.log(`alice talks to ${readCString(address)}`);
}

rtcDeletePeerConnection(alice.pc);
rtcDeletePeerConnection(bob.pc);
rtcCleanup(); // the process exits by itself after this
// #endregion example
