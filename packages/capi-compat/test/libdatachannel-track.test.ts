// libdatachannel's own C API track test (test/capi_track.cpp, v0.24.5), ported line for line:
// a sendonly video track from peer 1, received by peer 2 with its description, mid and
// reversed direction, both tracks open, then deleted. One difference, documented: rtcCreateOffer
// answers RTC_ERR_NOT_AVAIL here (node-datachannel 0.33 cannot build a description without
// setting it), where the C test expects an offer.
import { expect, test } from 'vitest';
import {
  RTC_CONNECTED,
  RTC_DIRECTION_RECVONLY,
  RTC_DIRECTION_SENDONLY,
  RTC_ERR_NOT_AVAIL,
  readCString,
  rtcAddRemoteCandidate,
  rtcAddTrack,
  rtcCreateOffer,
  rtcCreatePeerConnection,
  rtcDeletePeerConnection,
  rtcDeleteTrack,
  rtcGetLocalDescription,
  rtcGetTrackDescription,
  rtcGetTrackDirection,
  rtcGetTrackMid,
  rtcSetClosedCallback,
  rtcSetGatheringStateChangeCallback,
  rtcSetLocalCandidateCallback,
  rtcSetLocalDescription,
  rtcSetLocalDescriptionCallback,
  rtcSetOpenCallback,
  rtcSetRemoteDescription,
  rtcSetStateChangeCallback,
  rtcSetTrackCallback,
  rtcSetUserPointer,
} from '../src/index.js';
import { until } from './helpers.js';

interface Peer {
  state: number;
  gatheringState: number;
  pc: number;
  tr: number;
  connected: boolean;
}

const BUFFER_SIZE = 4096;
const mediaDescription = 'video 9 UDP/TLS/RTP/SAVPF\r\na=mid:video\r\na=sendonly\r\n';

test("libdatachannel's capi_track test", async () => {
  let peer1: Peer | null = null;
  let peer2: Peer | null = null;
  const errors: string[] = [];
  const other = (peer: Peer) => (peer === peer1 ? peer2! : peer1!);

  const openCallback = (_id: number, ptr: unknown) => {
    (ptr as Peer).connected = true;
  };
  const closedCallback = (_id: number, ptr: unknown) => {
    (ptr as Peer).connected = false;
  };
  const trackCallback = (_pc: number, tr: number, ptr: unknown) => {
    const peer = ptr as Peer;
    const buffer = new Uint8Array(1024);
    if (rtcGetTrackDescription(tr, buffer, 1024) < 0) {
      errors.push('rtcGetTrackDescription failed');
      return;
    }
    const mid = new Uint8Array(256);
    if (rtcGetTrackMid(tr, mid, 256) < 0 || readCString(mid) !== 'video') {
      errors.push('rtcGetTrackMid failed');
      return;
    }
    // Description is reversed here
    const direction = new Int32Array(1);
    if (rtcGetTrackDirection(tr, direction) < 0 || direction[0] !== RTC_DIRECTION_RECVONLY) {
      errors.push('rtcGetTrackDirection failed');
      return;
    }
    peer.tr = tr;
    rtcSetOpenCallback(tr, openCallback);
    rtcSetClosedCallback(tr, closedCallback);
  };
  const createPeer = (config: Parameters<typeof rtcCreatePeerConnection>[0]): Peer | null => {
    const peer: Peer = { state: 0, gatheringState: 0, pc: -1, tr: -1, connected: false };
    peer.pc = rtcCreatePeerConnection(config);
    if (peer.pc < 0) return null;
    rtcSetUserPointer(peer.pc, peer);
    rtcSetTrackCallback(peer.pc, trackCallback);
    rtcSetLocalDescriptionCallback(peer.pc, (_pc, sdp, type, ptr) =>
      rtcSetRemoteDescription(other(ptr as Peer).pc, sdp, type),
    );
    rtcSetLocalCandidateCallback(peer.pc, (_pc, cand, mid, ptr) =>
      rtcAddRemoteCandidate(other(ptr as Peer).pc, cand, mid),
    );
    rtcSetStateChangeCallback(peer.pc, (_pc, state, ptr) => {
      (ptr as Peer).state = state;
    });
    rtcSetGatheringStateChangeCallback(peer.pc, (_pc, state, ptr) => {
      (ptr as Peer).gatheringState = state;
    });
    return peer;
  };
  const deletePeer = (peer: Peer | null) => {
    if (!peer) return;
    if (peer.tr >= 0) rtcDeleteTrack(peer.tr);
    if (peer.pc >= 0) rtcDeletePeerConnection(peer.pc);
  };

  try {
    // Loopback only: the C test binds anywhere.
    peer1 = createPeer({ bindAddress: '127.0.0.1' });
    expect(peer1).not.toBeNull();
    peer2 = createPeer({ bindAddress: '127.0.0.1', portRangeBegin: 5000, portRangeEnd: 6000 });
    expect(peer2).not.toBeNull();

    // Peer 1: Create track
    peer1!.tr = rtcAddTrack(peer1!.pc, mediaDescription);
    rtcSetOpenCallback(peer1!.tr, openCallback);
    rtcSetClosedCallback(peer1!.tr, closedCallback);
    const mid = new Uint8Array(256);
    expect(rtcGetTrackMid(peer1!.tr, mid, 256)).toBeGreaterThanOrEqual(0);
    expect(readCString(mid)).toBe('video');
    const direction = new Int32Array(1);
    expect(rtcGetTrackDirection(peer1!.tr, direction)).toBeGreaterThanOrEqual(0);
    expect(direction[0]).toBe(RTC_DIRECTION_SENDONLY);

    // Test createOffer: not available through node-datachannel (see the file comment); like the
    // C test, it must not have set the local description.
    const buffer = new Uint8Array(BUFFER_SIZE);
    expect(rtcCreateOffer(peer1!.pc, buffer, BUFFER_SIZE)).toBe(RTC_ERR_NOT_AVAIL);
    expect(rtcGetLocalDescription(peer1!.pc, buffer, BUFFER_SIZE)).toBeLessThan(0);

    // Initiate the handshake
    rtcSetLocalDescription(peer1!.pc, null);
    expect(rtcGetLocalDescription(peer1!.pc, buffer, BUFFER_SIZE)).toBeGreaterThanOrEqual(0);

    await until(() => peer1!.connected && peer2!.connected, 10_000, 'both tracks open');
    // The C loop sleeps a second per attempt before it checks the states: each callback kind
    // has its own queue, so the state may follow the track's open by a moment.
    await until(
      () => peer1!.state === RTC_CONNECTED && peer2!.state === RTC_CONNECTED,
      1000,
      'both peers connected',
    );
    expect(peer1!.state).toBe(RTC_CONNECTED);
    expect(peer2!.state).toBe(RTC_CONNECTED);
    expect(errors).toEqual([]);
  } finally {
    deletePeer(peer1);
    await new Promise((r) => setTimeout(r, 1000));
    deletePeer(peer2);
  }
});
