// A track from an SDP media description with a mid, negotiated between two peers.
import { expect, test } from 'vitest';
import {
  RTC_DIRECTION_RECVONLY,
  RTC_DIRECTION_SENDONLY,
  RTC_ERR_FAILURE,
  RTC_ERR_INVALID,
  RTC_ERR_SUCCESS,
  readCString,
  rtcAddRemoteCandidate,
  rtcAddTrack,
  rtcCreatePeerConnection,
  rtcDeletePeerConnection,
  rtcDeleteTrack,
  rtcGetTrackDescription,
  rtcGetTrackDirection,
  rtcGetTrackMid,
  rtcIsOpen,
  rtcSetClosedCallback,
  rtcSetLocalCandidateCallback,
  rtcSetLocalDescription,
  rtcSetLocalDescriptionCallback,
  rtcSetOpenCallback,
  rtcSetRemoteDescription,
  rtcSetTrackCallback,
} from '../src/index.js';
import { until } from './helpers.js';

test('rtcAddTrack, negotiation, remote track callback, both tracks open', async () => {
  const a = rtcCreatePeerConnection({ bindAddress: '127.0.0.1' });
  const b = rtcCreatePeerConnection({ bindAddress: '127.0.0.1' });
  rtcSetLocalDescriptionCallback(a, (_pc, sdp, type) => rtcSetRemoteDescription(b, sdp, type));
  rtcSetLocalDescriptionCallback(b, (_pc, sdp, type) => rtcSetRemoteDescription(a, sdp, type));
  rtcSetLocalCandidateCallback(a, (_pc, cand, mid) => rtcAddRemoteCandidate(b, cand, mid));
  rtcSetLocalCandidateCallback(b, (_pc, cand, mid) => rtcAddRemoteCandidate(a, cand, mid));
  const opened = new Set<number>();
  const closed: number[] = [];
  let remote = 0;
  rtcSetTrackCallback(b, (_pc, tr) => {
    remote = tr;
    rtcSetOpenCallback(tr, (id) => opened.add(id));
    rtcSetClosedCallback(tr, (id) => closed.push(id));
  });

  expect(rtcAddTrack(a, 'm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=sendonly\r\n')).toBe(RTC_ERR_INVALID); // no mid
  expect(rtcAddTrack(a, 'not sdp')).toBe(RTC_ERR_INVALID);
  const sdp = [
    'm=video 9 UDP/TLS/RTP/SAVPF 96',
    'a=mid:cam',
    'a=sendonly',
    'a=rtpmap:96 H264/90000',
    'a=fmtp:96 profile-level-id=42e01f;packetization-mode=1',
    'a=ssrc:1234 cname:camera',
  ].join('\r\n');
  const local = rtcAddTrack(a, sdp);
  expect(local).toBeGreaterThan(0);
  rtcSetOpenCallback(local, (id) => opened.add(id));
  rtcSetClosedCallback(local, (id) => closed.push(id));
  expect(rtcIsOpen(local)).toBe(false);
  expect(rtcSetLocalDescription(a, 'offer')).toBe(RTC_ERR_SUCCESS);

  await until(
    () => remote > 0 && opened.has(local) && opened.has(remote),
    15_000,
    'both tracks open',
  );

  const buffer = new Uint8Array(4096);
  expect(rtcGetTrackDescription(local, buffer, buffer.length)).toBeGreaterThan(0);
  const localDesc = readCString(buffer);
  expect(localDesc).toMatch(/^m=video \d+ UDP\/TLS\/RTP\/SAVPF 96/);
  expect(localDesc).toContain('a=mid:cam');
  expect(localDesc).toContain('a=rtpmap:96 H264/90000');
  expect(rtcGetTrackDescription(remote, buffer, buffer.length)).toBeGreaterThan(0);
  expect(readCString(buffer)).toContain('a=mid:cam');
  expect(rtcGetTrackMid(remote, buffer, buffer.length)).toBe(4);
  expect(readCString(buffer)).toBe('cam');
  const dir = Int32Array.of(-1);
  expect(rtcGetTrackDirection(local, dir)).toBe(RTC_ERR_SUCCESS);
  expect(dir[0]).toBe(RTC_DIRECTION_SENDONLY);
  expect(rtcGetTrackDirection(remote, dir)).toBe(RTC_ERR_SUCCESS);
  expect(dir[0]).toBe(RTC_DIRECTION_RECVONLY);

  expect(rtcDeleteTrack(local)).toBe(RTC_ERR_SUCCESS);
  expect(closed).toContain(local);
  expect(rtcDeleteTrack(local)).toBe(RTC_ERR_INVALID);
  expect(rtcDeletePeerConnection(a)).toBe(RTC_ERR_SUCCESS);
  expect(rtcDeletePeerConnection(b)).toBe(RTC_ERR_SUCCESS);
  // b's close closed its remote track synchronously; the id stays until deleted
  expect(closed).toContain(remote);
  expect(rtcGetTrackMid(remote, buffer, buffer.length)).toBe(4);
  expect(rtcDeleteTrack(remote)).toBe(RTC_ERR_SUCCESS);
});

test('setLocalDescription with nothing to negotiate fails instead of aborting', () => {
  const pc = rtcCreatePeerConnection({ bindAddress: '127.0.0.1', disableAutoNegotiation: true });
  expect(rtcSetLocalDescription(pc, null)).toBe(RTC_ERR_FAILURE);
  expect(rtcSetLocalDescription(pc, 'offer')).toBe(RTC_ERR_FAILURE);
  expect(rtcSetLocalDescription(pc, 'answer')).toBe(RTC_ERR_FAILURE);
  expect(rtcSetLocalDescription(pc, 'pranswer')).toBe(RTC_ERR_FAILURE);
  expect(rtcSetLocalDescription(pc, 'rollback')).toBe(RTC_ERR_SUCCESS);
  expect(rtcSetLocalDescription(pc, 'bogus')).toBe(RTC_ERR_INVALID);
  expect(rtcDeletePeerConnection(pc)).toBe(RTC_ERR_SUCCESS);
});
