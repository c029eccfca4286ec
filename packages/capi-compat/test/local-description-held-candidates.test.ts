// rtcGetLocalDescription agrees with @rxdc/native's release rule on real loopback peers: while
// the offerer's candidates are held (no answer yet) its SDP carries none, so a C program that
// sends it instead of the description callback's cannot hand the remote our candidates early.
import { expect, test } from 'vitest';
import {
  RTC_GATHERING_COMPLETE,
  readCString,
  rtcAddRemoteCandidate,
  rtcCreateDataChannel,
  rtcCreatePeerConnection,
  rtcDeletePeerConnection,
  rtcGetLocalDescription,
  rtcIsOpen,
  rtcSetDataChannelCallback,
  rtcSetGatheringStateChangeCallback,
  rtcSetLocalCandidateCallback,
  rtcSetLocalDescriptionCallback,
  rtcSetRemoteDescription,
} from '../src/index.js';
import { until } from './helpers.js';

function localSdp(pc: number): string {
  const buffer = new Uint8Array(rtcGetLocalDescription(pc, null, 0));
  expect(rtcGetLocalDescription(pc, buffer, buffer.length)).toBe(buffer.length);
  return readCString(buffer);
}

const hasCandidates = (sdp: string): boolean => /^a=candidate:/m.test(sdp);

test('rtcGetLocalDescription carries no candidates until the answer is applied, then all of them', async () => {
  const offerer = rtcCreatePeerConnection({ bindAddress: '127.0.0.1' });
  const answerer = rtcCreatePeerConnection({ bindAddress: '127.0.0.1' });
  try {
    let gathered = false;
    let released = 0;
    let incoming = 0;
    rtcSetGatheringStateChangeCallback(offerer, (_pc, state) => {
      if (state === RTC_GATHERING_COMPLETE) gathered = true;
    });
    rtcSetLocalCandidateCallback(offerer, (_pc, candidate, mid) => {
      released += 1;
      rtcAddRemoteCandidate(answerer, candidate, mid);
    });
    rtcSetLocalDescriptionCallback(answerer, (_pc, sdp, type) =>
      rtcSetRemoteDescription(offerer, sdp, type),
    );
    rtcSetLocalCandidateCallback(answerer, (_pc, candidate, mid) =>
      rtcAddRemoteCandidate(offerer, candidate, mid),
    );
    rtcSetDataChannelCallback(answerer, (_pc, dc) => {
      incoming = dc;
    });
    const dc = rtcCreateDataChannel(offerer, 'held');
    await until(() => gathered, 15_000, "the offerer's gathering");
    const offer = localSdp(offerer);
    expect(released).toBe(0);
    expect(hasCandidates(offer)).toBe(false);
    // The getter's offer, not the callback's, is what goes to the answerer.
    rtcSetRemoteDescription(answerer, offer, 'offer');
    await until(() => rtcIsOpen(dc) && incoming > 0, 15_000, 'the channel open');
    expect(released).toBeGreaterThan(0);
    expect(hasCandidates(localSdp(offerer))).toBe(true);
  } finally {
    rtcDeletePeerConnection(offerer);
    rtcDeletePeerConnection(answerer);
  }
});
