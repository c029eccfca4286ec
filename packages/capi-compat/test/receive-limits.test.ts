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
  rtcSetPeerReceiveLimit,
  rtcSetProcessReceiveLimit,
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

test('the queues of a peer share its budget: 4 channels of 30 KiB against a 64 KiB peer limit overflow, each within its own limit', async () => {
  expect(rtcSetProcessReceiveLimit(0)).toBe(RTC_ERR_INVALID);
  expect(rtcSetPeerReceiveLimit(123_456, 1000)).toBe(RTC_ERR_INVALID);
  const a = rtcCreatePeerConnection({ bindAddress: '127.0.0.1' });
  const b = rtcCreatePeerConnection({ bindAddress: '127.0.0.1' });
  expect(rtcSetPeerReceiveLimit(b, 0)).toBe(RTC_ERR_INVALID);
  expect(rtcSetPeerReceiveLimit(b, 64 * 1024)).toBe(RTC_ERR_SUCCESS);
  for (const [from, to] of [
    [a, b],
    [b, a],
  ] as const) {
    rtcSetLocalDescriptionCallback(from, (_pc, sdp, type) =>
      rtcSetRemoteDescription(to, sdp, type),
    );
    rtcSetLocalCandidateCallback(from, (_pc, cand, mid) => rtcAddRemoteCandidate(to, cand, mid));
  }
  const remotes: number[] = [];
  const errors: string[] = [];
  let closed = 0;
  rtcSetDataChannelCallback(b, (_pc, dc) => {
    remotes.push(dc);
    rtcSetErrorCallback(dc, (_id, error) => errors.push(error));
    rtcSetClosedCallback(dc, () => closed++);
  });
  const locals = [0, 1, 2, 3].map((i) => rtcCreateDataChannel(a, `c${i}`));
  let open = 0;
  for (const local of locals) rtcSetOpenCallback(local, () => open++);
  await until(() => open === 4 && remotes.length === 4, 15_000, 'four channels open');
  const chunk = 'x'.repeat(1024);
  // 30 KiB each: within the channel's 16 MiB, 120 KiB together against the peer's 64 KiB.
  for (let i = 0; i < 30; i++)
    for (const local of locals) expect(rtcSendMessage(local, chunk, -1)).toBe(RTC_ERR_SUCCESS);
  await until(() => closed >= 1, 10_000, 'a channel closed for the peer budget');
  expect(errors[0]).toMatch(/maxPeerHeldBytes: 65536 bytes/);
  const held = remotes.reduce((sum, dc) => sum + Math.max(0, rtcGetAvailableAmount(dc)), 0);
  expect(held).toBeLessThanOrEqual(64 * 1024);
  for (const id of [...locals, ...remotes]) rtcDeleteDataChannel(id);
  rtcDeletePeerConnection(a);
  rtcDeletePeerConnection(b);
});
