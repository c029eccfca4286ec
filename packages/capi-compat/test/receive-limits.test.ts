import { expect, test } from 'vitest';
import {
  RTC_ERR_FAILURE,
  RTC_ERR_INVALID,
  RTC_ERR_SUCCESS,
  rtcAddRemoteCandidate,
  rtcCreateDataChannel,
  rtcCreatePeerConnection,
  rtcDeleteDataChannel,
  rtcDeletePeerConnection,
  rtcGetAvailableAmount,
  rtcReceiveMessage,
  rtcSendMessage,
  rtcSetClosedCallback,
  rtcSetDataChannelCallback,
  rtcSetErrorCallback,
  rtcSetLocalCandidateCallback,
  rtcSetLocalDescriptionCallback,
  rtcSetOpenCallback,
  rtcSetReceiveLimits,
  rtcSetRemoteDescription,
} from '../src/index.js';
import { until } from './helpers.js';

test('the polling queue is bounded: past rtcSetReceiveLimits the error and closed callbacks fire, the queued messages are still received, then RTC_ERR_FAILURE', async () => {
  const a = rtcCreatePeerConnection({ bindAddress: '127.0.0.1' });
  const b = rtcCreatePeerConnection({ bindAddress: '127.0.0.1' });
  for (const [from, to] of [
    [a, b],
    [b, a],
  ] as const) {
    rtcSetLocalDescriptionCallback(from, (_pc, sdp, type) =>
      rtcSetRemoteDescription(to, sdp, type),
    );
    rtcSetLocalCandidateCallback(from, (_pc, cand, mid) => rtcAddRemoteCandidate(to, cand, mid));
  }
  let remote = 0;
  let remoteOpen = false;
  let localOpen = false;
  const errors: string[] = [];
  let closed = 0;
  rtcSetDataChannelCallback(b, (_pc, dc) => {
    remote = dc;
    expect(rtcSetReceiveLimits(dc, 0, 10)).toBe(RTC_ERR_INVALID);
    expect(rtcSetReceiveLimits(dc, 1 << 20, 10)).toBe(RTC_ERR_SUCCESS);
    rtcSetErrorCallback(dc, (_id, error) => errors.push(error));
    rtcSetClosedCallback(dc, () => closed++);
    rtcSetOpenCallback(dc, () => {
      remoteOpen = true;
    });
  });
  const local = rtcCreateDataChannel(a, 'polled');
  rtcSetOpenCallback(local, () => {
    localOpen = true;
  });
  await until(() => localOpen && remoteOpen, 15_000, 'both sides open');
  for (let i = 0; i < 20; i++) expect(rtcSendMessage(local, `m${i}`, -1)).toBe(RTC_ERR_SUCCESS);
  await until(() => closed === 1, 10_000, 'closed after the overflow');
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(/hold limit/);
  expect(rtcGetAvailableAmount(remote)).toBe(10 * 2);
  const buffer = new Uint8Array(16);
  const size = Int32Array.of(0);
  const received: string[] = [];
  for (;;) {
    size[0] = buffer.length;
    const result = rtcReceiveMessage(remote, buffer, size);
    if (result !== RTC_ERR_SUCCESS) {
      expect(result).toBe(RTC_ERR_FAILURE);
      break;
    }
    received.push(Buffer.from(buffer.subarray(0, -size[0]! - 1)).toString());
  }
  expect(received).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9']);
  rtcDeleteDataChannel(local);
  rtcDeleteDataChannel(remote);
  rtcDeletePeerConnection(a);
  rtcDeletePeerConnection(b);
});
