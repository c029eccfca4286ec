// Two peers written the way a C program is: callbacks, user pointers, buffers, ids.
import { expect, test } from 'vitest';
import {
  RTC_CONNECTED,
  RTC_ERR_INVALID,
  RTC_ERR_NOT_AVAIL,
  RTC_ERR_SUCCESS,
  RTC_ERR_TOO_SMALL,
  readCString,
  rtcAddRemoteCandidate,
  rtcCreateDataChannelEx,
  rtcCreatePeerConnection,
  rtcDeleteDataChannel,
  rtcDeletePeerConnection,
  rtcGetAvailableAmount,
  rtcGetDataChannelLabel,
  rtcGetDataChannelProtocol,
  rtcGetDataChannelReliability,
  rtcGetDataChannelStream,
  rtcGetLocalAddress,
  rtcGetLocalDescription,
  rtcGetLocalDescriptionType,
  rtcGetRemoteAddress,
  rtcGetRemoteDescription,
  rtcGetRemoteDescriptionType,
  rtcGetSelectedCandidatePair,
  rtcIsOpen,
  rtcReceiveMessage,
  type rtcReliability,
  rtcSendMessage,
  rtcSetClosedCallback,
  rtcSetDataChannelCallback,
  rtcSetLocalCandidateCallback,
  rtcSetLocalDescriptionCallback,
  rtcSetMessageCallback,
  rtcSetOpenCallback,
  rtcSetStateChangeCallback,
  rtcSetUserPointer,
} from '../src/index.js';
import { until } from './helpers.js';

interface Peer {
  name: string;
  pc: number;
  dc: number;
  remote: Peer | null;
  state: number;
  open: boolean;
  closed: number;
  received: Array<{ message: string | Uint8Array; size: number }>;
}

function newPeer(name: string): Peer {
  const peer: Peer = {
    name,
    pc: 0,
    dc: 0,
    remote: null,
    state: 0,
    open: false,
    closed: 0,
    received: [],
  };
  const pc = rtcCreatePeerConnection({ bindAddress: '127.0.0.1' });
  expect(pc).toBeGreaterThan(0);
  peer.pc = pc;
  rtcSetUserPointer(pc, peer);
  rtcSetLocalDescriptionCallback(pc, (_pc, sdp, type, ptr) => {
    const self = ptr as Peer;
    rtcSetRemoteDescription(self.remote!.pc, sdp, type);
  });
  rtcSetLocalCandidateCallback(pc, (_pc, cand, mid, ptr) => {
    rtcAddRemoteCandidate((ptr as Peer).remote!.pc, cand, mid);
  });
  rtcSetStateChangeCallback(pc, (_pc, state, ptr) => {
    (ptr as Peer).state = state;
  });
  return peer;
}

import { rtcSetRemoteDescription } from '../src/index.js';

function onMessage(_id: number, message: string | Uint8Array, size: number, ptr: unknown): void {
  (ptr as Peer).received.push({ message, size });
}

test('two peers connected only through callbacks and user pointers', async () => {
  const offerer = newPeer('offerer');
  const answerer = newPeer('answerer');
  offerer.remote = answerer;
  answerer.remote = offerer;

  rtcSetDataChannelCallback(answerer.pc, (_pc, dc, ptr) => {
    const self = ptr as Peer;
    self.dc = dc;
    rtcSetOpenCallback(dc, (_id, p) => {
      (p as Peer).open = true;
    });
    rtcSetClosedCallback(dc, (_id, p) => {
      (p as Peer).closed += 1;
    });
    rtcSetMessageCallback(dc, onMessage);
  });

  const init = { reliability: { unordered: true }, protocol: 'proto-x' };
  offerer.dc = rtcCreateDataChannelEx(offerer.pc, 'chat ✓', init);
  expect(offerer.dc).toBeGreaterThan(answerer.pc);
  rtcSetOpenCallback(offerer.dc, (_id, p) => {
    (p as Peer).open = true;
  });
  rtcSetClosedCallback(offerer.dc, (_id, p) => {
    (p as Peer).closed += 1;
  });

  await until(() => offerer.open && answerer.open, 15_000, 'both channels open');
  await until(
    () => offerer.state === RTC_CONNECTED && answerer.state === RTC_CONNECTED,
    5_000,
    'connected',
  );
  expect(rtcIsOpen(offerer.dc)).toBe(true);

  // Receiving side: label, protocol and stream through buffers.
  const buf = new Uint8Array(64);
  const labelLen = Buffer.byteLength('chat ✓') + 1;
  expect(rtcGetDataChannelLabel(answerer.dc, null, 0)).toBe(labelLen);
  expect(rtcGetDataChannelLabel(answerer.dc, buf, 3)).toBe(RTC_ERR_TOO_SMALL);
  expect(rtcGetDataChannelLabel(answerer.dc, buf, buf.length)).toBe(labelLen);
  expect(readCString(buf)).toBe('chat ✓');
  expect(rtcGetDataChannelProtocol(answerer.dc, buf, buf.length)).toBe('proto-x'.length + 1);
  expect(readCString(buf)).toBe('proto-x');
  const stream = rtcGetDataChannelStream(answerer.dc);
  expect(stream).toBe(rtcGetDataChannelStream(offerer.dc));
  expect(stream).toBeGreaterThanOrEqual(0);
  const rel: rtcReliability = {};
  expect(rtcGetDataChannelReliability(offerer.dc, rel)).toBe(RTC_ERR_SUCCESS);
  expect(rel.unordered).toBe(true);
  expect(rtcGetDataChannelReliability(answerer.dc, rel)).toBe(RTC_ERR_NOT_AVAIL);

  // Descriptions and their types, both sides.
  for (const [peer, local, remote] of [
    [offerer, 'offer', 'answer'],
    [answerer, 'answer', 'offer'],
  ] as const) {
    const needed = rtcGetLocalDescription(peer.pc, null, 0);
    expect(needed).toBeGreaterThan(100);
    const sdp = new Uint8Array(needed);
    expect(rtcGetLocalDescription(peer.pc, sdp, needed - 1)).toBe(RTC_ERR_TOO_SMALL);
    expect(rtcGetLocalDescription(peer.pc, sdp, needed)).toBe(needed);
    expect(readCString(sdp)).toMatch(/^v=0/);
    expect(sdp[needed - 1]).toBe(0);
    const remoteSdp = new Uint8Array(rtcGetRemoteDescription(peer.pc, null, 0));
    expect(rtcGetRemoteDescription(peer.pc, remoteSdp, remoteSdp.length)).toBe(remoteSdp.length);
    expect(readCString(remoteSdp)).toContain('a=mid:');
    const type = new Uint8Array(16);
    expect(rtcGetLocalDescriptionType(peer.pc, type, 16)).toBe(local.length + 1);
    expect(readCString(type)).toBe(local);
    expect(rtcGetRemoteDescriptionType(peer.pc, type, 16)).toBe(remote.length + 1);
    expect(readCString(type)).toBe(remote);
  }

  // Addresses and the selected pair, also with null and too-small buffers.
  const addr = new Uint8Array(64);
  const addrLen = rtcGetLocalAddress(offerer.pc, null, 0);
  expect(rtcGetLocalAddress(offerer.pc, addr, 2)).toBe(RTC_ERR_TOO_SMALL);
  expect(rtcGetLocalAddress(offerer.pc, addr, addr.length)).toBe(addrLen);
  expect(readCString(addr)).toMatch(/^127\.0\.0\.1:\d+$/);
  expect(rtcGetRemoteAddress(offerer.pc, addr, addr.length)).toBeGreaterThan(0);
  expect(readCString(addr)).toMatch(/^127\.0\.0\.1:\d+$/);
  const local = new Uint8Array(256);
  const remote = new Uint8Array(256);
  const max = rtcGetSelectedCandidatePair(offerer.pc, null, 0, null, 0);
  expect(max).toBeGreaterThan(10);
  expect(rtcGetSelectedCandidatePair(offerer.pc, local, 256, null, 0)).toBe(max);
  expect(rtcGetSelectedCandidatePair(offerer.pc, local, 5, remote, 256)).toBe(RTC_ERR_TOO_SMALL);
  expect(rtcGetSelectedCandidatePair(offerer.pc, local, 256, remote, 256)).toBe(max);
  expect(readCString(local)).toMatch(/^a=candidate:/);
  expect(readCString(remote)).toMatch(/^a=candidate:/);
  expect(Math.max(readCString(local).length, readCString(remote).length) + 1).toBe(max);

  // Text and binary both ways (answerer echoes through the callback; offerer polls).
  expect(rtcSendMessage(offerer.dc, 'hello\0ignored', -1)).toBe(RTC_ERR_SUCCESS);
  expect(rtcSendMessage(offerer.dc, new Uint8Array([1, 2, 3, 4]), 3)).toBe(RTC_ERR_SUCCESS);
  await until(() => answerer.received.length === 2, 5_000, 'answerer messages');
  expect(answerer.received[0]).toEqual({ message: 'hello', size: -6 });
  expect(Buffer.from(answerer.received[1]!.message as Uint8Array)).toEqual(Buffer.from([1, 2, 3]));
  expect(answerer.received[1]!.size).toBe(3);

  expect(rtcSendMessage(answerer.dc, 'héllo', -1)).toBe(RTC_ERR_SUCCESS);
  expect(rtcSendMessage(answerer.dc, new Uint8Array([9, 8, 7, 6, 5]), 5)).toBe(RTC_ERR_SUCCESS);
  await until(
    () => rtcGetAvailableAmount(offerer.dc) === Buffer.byteLength('héllo') + 5,
    5_000,
    'polled bytes',
  );

  // Polling receive: peek with a null buffer, too small, then receive.
  const size = Int32Array.of(0);
  expect(rtcReceiveMessage(offerer.dc, null, size)).toBe(RTC_ERR_SUCCESS);
  expect(size[0]).toBe(-(Buffer.byteLength('héllo') + 1));
  expect(rtcGetAvailableAmount(offerer.dc)).toBe(Buffer.byteLength('héllo') + 5);
  const small = new Uint8Array(2);
  size[0] = 2;
  expect(rtcReceiveMessage(offerer.dc, small, size)).toBe(RTC_ERR_TOO_SMALL);
  const big = new Uint8Array(64);
  size[0] = big.length;
  expect(rtcReceiveMessage(offerer.dc, big, size)).toBe(RTC_ERR_SUCCESS);
  expect(size[0]).toBe(-7);
  expect(readCString(big)).toBe('héllo');
  size[0] = big.length;
  expect(rtcReceiveMessage(offerer.dc, big, size)).toBe(RTC_ERR_SUCCESS);
  expect(size[0]).toBe(5);
  expect([...big.subarray(0, 5)]).toEqual([9, 8, 7, 6, 5]);
  expect(rtcReceiveMessage(offerer.dc, big, size)).toBe(RTC_ERR_NOT_AVAIL);
  expect(rtcGetAvailableAmount(offerer.dc)).toBe(0);

  // Delete: closed fires synchronously, once; then the ids are gone.
  expect(rtcDeleteDataChannel(offerer.dc)).toBe(RTC_ERR_SUCCESS);
  expect(offerer.closed).toBe(1);
  expect(rtcDeleteDataChannel(offerer.dc)).toBe(RTC_ERR_INVALID);
  expect(rtcDeleteDataChannel(answerer.dc)).toBe(RTC_ERR_SUCCESS);
  expect(answerer.closed).toBe(1);
  expect(rtcDeletePeerConnection(offerer.pc)).toBe(RTC_ERR_SUCCESS);
  expect(rtcDeletePeerConnection(answerer.pc)).toBe(RTC_ERR_SUCCESS);
  expect(rtcDeletePeerConnection(answerer.pc)).toBe(RTC_ERR_INVALID);
});
