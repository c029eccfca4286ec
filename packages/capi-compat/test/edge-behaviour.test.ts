// rtc-h-facts.md's edge behaviour on real loopback peers: stored events replayed once when a
// callback is set late, values readable after close until delete, nothing after delete.
import { createServer } from 'node:net';
import { afterEach, expect, test } from 'vitest';
import * as c from '../src/index.js';
import { until } from './helpers.js';

interface Pair {
  a: number;
  b: number;
  /** Local channel on a, and the incoming one on b (0 until it arrives). */
  dc: number;
  remote: number;
}

const toDelete: Array<() => void> = [];
afterEach(() => {
  for (const del of toDelete.splice(0).reverse()) del();
});

/** Two loopback peers with one data channel (no retry: the failed-open cause is removed). */
function connect(label = 'edge', init: c.rtcDataChannelInit | null = null): Promise<Pair> {
  return connectOnce(label, init);
}

/** Two loopback peers with one data channel; b's channel gets no callback but the id. */
async function connectOnce(label: string, init: c.rtcDataChannelInit | null): Promise<Pair> {
  const pair: Pair = { a: 0, b: 0, dc: 0, remote: 0 };
  const peer = (): number => {
    const pc = c.rtcCreatePeerConnection({ bindAddress: '127.0.0.1' });
    expect(pc).toBeGreaterThan(0);
    toDelete.push(() => c.rtcDeletePeerConnection(pc));
    return pc;
  };
  pair.a = peer();
  pair.b = peer();
  const waiting: Record<number, Array<[string, string]>> = { [pair.a]: [], [pair.b]: [] };
  const other = (pc: number): number => (pc === pair.a ? pair.b : pair.a);
  for (const pc of [pair.a, pair.b]) {
    c.rtcSetLocalDescriptionCallback(pc, (self, sdp, type) => {
      const to = other(self);
      c.rtcSetRemoteDescription(to, sdp, type);
      for (const [cand, mid] of waiting[to]!.splice(0)) c.rtcAddRemoteCandidate(to, cand, mid);
    });
    c.rtcSetLocalCandidateCallback(pc, (self, cand, mid) => {
      const to = other(self);
      if (c.rtcAddRemoteCandidate(to, cand, mid) !== c.RTC_ERR_SUCCESS)
        waiting[to]!.push([cand, mid]);
    });
  }
  c.rtcSetDataChannelCallback(pair.b, (_pc, dc) => {
    pair.remote = dc;
    toDelete.push(() => c.rtcDelete(dc));
  });
  pair.dc = c.rtcCreateDataChannelEx(pair.a, label, init);
  expect(pair.dc).toBeGreaterThan(0);
  toDelete.push(() => c.rtcDelete(pair.dc));
  await until(() => c.rtcIsOpen(pair.dc) && pair.remote > 0, 5_000, 'channel open');
  return pair;
}

test('open, closed and available events are stored and replayed once when a callback is set late', async () => {
  const { dc, remote } = await connect();
  // open happened with no callback set: delivered once, synchronously, by the setter.
  const opens: number[] = [];
  expect(c.rtcSetOpenCallback(dc, (id) => opens.push(id))).toBe(c.RTC_ERR_SUCCESS);
  expect(opens).toEqual([dc]);
  c.rtcSetOpenCallback(dc, (id) => opens.push(id));
  expect(opens).toEqual([dc]);
  // The incoming channel's open was stored too (no open callback in the data-channel callback).
  const remoteOpens: number[] = [];
  c.rtcSetOpenCallback(remote, (id) => remoteOpens.push(id));
  expect(remoteOpens).toEqual([remote]);

  // available: a message queued while no message or available callback is set.
  expect(c.rtcSendMessage(dc, 'queued', -1)).toBe(c.RTC_ERR_SUCCESS);
  await until(() => c.rtcGetAvailableAmount(remote) === 6, 5_000, 'queued message');
  const available: number[] = [];
  c.rtcSetAvailableCallback(remote, (id) => available.push(id));
  expect(available).toEqual([remote]);
  c.rtcSetAvailableCallback(remote, (id) => available.push(id));
  expect(available).toEqual([remote]);

  // closed: the remote closes while no closed callback is set on the local channel.
  c.rtcClose(remote);
  await until(() => c.rtcIsClosed(dc), 5_000, 'local channel closed by the remote');
  const closes: number[] = [];
  c.rtcSetClosedCallback(dc, (id) => closes.push(id));
  expect(closes).toEqual([dc]);
  c.rtcSetClosedCallback(dc, (id) => closes.push(id));
  expect(closes).toEqual([dc]);
});

test('bufferedAmountLow is stored when no callback is set and replayed once', async () => {
  const { dc } = await connect('burst');
  const chunk = new Uint8Array(64 * 1024);
  // A burst that cannot go straight out: the buffered amount rises, then drains to 0 (<= the
  // threshold of 0), which is a bufferedAmountLow event with no callback to take it.
  for (let i = 0; i < 32; i++) expect(c.rtcSendMessage(dc, chunk, chunk.length)).toBe(0);
  expect(c.rtcGetBufferedAmount(dc)).toBeGreaterThan(0);
  await until(() => c.rtcGetBufferedAmount(dc) === 0, 15_000, 'buffer drained');
  await new Promise((r) => setTimeout(r, 50)); // the native event is delivered asynchronously
  let lows = 0;
  c.rtcSetBufferedAmountLowCallback(dc, () => {
    lows += 1;
  });
  expect(lows).toBe(1);
  c.rtcSetBufferedAmountLowCallback(dc, () => {
    lows += 1;
  });
  expect(lows).toBe(1);
});

test('error and closed events of a refused WebSocket are stored and replayed in order', async () => {
  // A port that was just free: the connection is refused on loopback.
  const port = await new Promise<number>((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
  const ws = c.rtcCreateWebSocket(`ws://127.0.0.1:${port}/refused`);
  expect(ws).toBeGreaterThan(0);
  toDelete.push(() => c.rtcDeleteWebSocket(ws));
  await until(() => c.rtcIsClosed(ws), 10_000, 'refused socket closed');
  const events: string[] = [];
  c.rtcSetErrorCallback(ws, (_id, error) => events.push(`error ${error}`));
  expect(events).toHaveLength(1);
  expect(events[0]).toMatch(/^error .+/);
  c.rtcSetClosedCallback(ws, () => events.push('closed'));
  expect(events.slice(1)).toEqual(['closed']);
  // Each stored event is delivered once.
  c.rtcSetErrorCallback(ws, (_id, error) => events.push(`error ${error}`));
  c.rtcSetClosedCallback(ws, () => events.push('closed'));
  expect(events).toHaveLength(2);
});

test('after rtcClose, label, protocol, stream, track description and descriptions stay readable until delete', async () => {
  const { a, dc, remote } = await connect('kept ✓', { protocol: 'proto-k' });
  const stream = c.rtcGetDataChannelStream(dc);
  expect(stream).toBeGreaterThanOrEqual(0);
  const tr = c.rtcAddTrack(
    a,
    'm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:v1\r\na=sendonly\r\na=rtpmap:96 VP8/90000\r\na=ssrc:7 cname:cam\r\n',
  );
  expect(tr).toBeGreaterThan(0);
  toDelete.push(() => c.rtcDelete(tr));
  const buf = new Uint8Array(4096);
  const read = (fn: (b: Uint8Array | null, s: number) => number): string | number => {
    const r = fn(buf, buf.length);
    return r > 0 ? c.readCString(buf) : r;
  };
  const trackDescription = read((b, s) => c.rtcGetTrackDescription(tr, b, s));
  expect(trackDescription).toContain('a=mid:v1');

  let closed = 0;
  c.rtcSetClosedCallback(dc, () => {
    closed += 1;
  });
  expect(c.rtcClose(dc)).toBe(c.RTC_ERR_SUCCESS);
  expect(closed).toBe(1); // synchronously, once
  expect(c.rtcClose(tr)).toBe(c.RTC_ERR_SUCCESS);
  expect(c.rtcIsClosed(dc)).toBe(true);
  expect(c.rtcIsOpen(dc)).toBe(false);
  expect(c.rtcSendMessage(dc, 'late', -1)).toBe(c.RTC_ERR_FAILURE);

  expect(read((b, s) => c.rtcGetDataChannelLabel(dc, b, s))).toBe('kept ✓');
  expect(read((b, s) => c.rtcGetDataChannelProtocol(dc, b, s))).toBe('proto-k');
  expect(c.rtcGetDataChannelStream(dc)).toBe(stream);
  expect(read((b, s) => c.rtcGetDataChannelLabel(remote, b, s))).toBe('kept ✓');
  expect(read((b, s) => c.rtcGetTrackMid(tr, b, s))).toBe('v1');
  expect(read((b, s) => c.rtcGetTrackDescription(tr, b, s))).toBe(trackDescription);
  expect(c.rtcGetSsrcsForTrack(tr, null, 0)).toBe(1);

  // The peer connection closed (not deleted): its descriptions stay readable.
  const localSdp = read((b, s) => c.rtcGetLocalDescription(a, b, s));
  expect(localSdp).toMatch(/^v=0/);
  expect(c.rtcClosePeerConnection(a)).toBe(c.RTC_ERR_SUCCESS);
  expect(read((b, s) => c.rtcGetLocalDescription(a, b, s))).toBe(localSdp);
  expect(read((b, s) => c.rtcGetLocalDescriptionType(a, b, s))).toBe('offer');
  expect(read((b, s) => c.rtcGetRemoteDescriptionType(a, b, s))).toBe('answer');

  // After delete every call on those ids is RTC_ERR_INVALID.
  expect(c.rtcDeleteDataChannel(dc)).toBe(c.RTC_ERR_SUCCESS);
  expect(closed).toBe(1); // already closed: not again
  expect(c.rtcDeleteTrack(tr)).toBe(c.RTC_ERR_SUCCESS);
  expect(c.rtcDeletePeerConnection(a)).toBe(c.RTC_ERR_SUCCESS);
  expect(c.rtcGetDataChannelLabel(dc, buf, buf.length)).toBe(c.RTC_ERR_INVALID);
  expect(c.rtcGetDataChannelProtocol(dc, null, 0)).toBe(c.RTC_ERR_INVALID);
  expect(c.rtcGetDataChannelStream(dc)).toBe(c.RTC_ERR_INVALID);
  expect(c.rtcGetTrackDescription(tr, buf, buf.length)).toBe(c.RTC_ERR_INVALID);
  expect(c.rtcGetTrackMid(tr, null, 0)).toBe(c.RTC_ERR_INVALID);
  expect(c.rtcGetLocalDescription(a, null, 0)).toBe(c.RTC_ERR_INVALID);
  expect(c.rtcSetClosedCallback(dc, () => {})).toBe(c.RTC_ERR_INVALID);
  expect(c.rtcClose(dc)).toBe(c.RTC_ERR_INVALID);
  expect(c.rtcDelete(tr)).toBe(c.RTC_ERR_INVALID);
  expect(c.rtcIsClosed(dc)).toBe(false); // bool functions answer false for a bad id
});

test('no callback fires for an id after its delete returns', async () => {
  const { a, b, dc, remote } = await connect('gone');
  const late: string[] = [];
  let closedDuringDelete = 0;
  const record =
    (what: string) =>
    (...args: unknown[]): void => {
      late.push(`${what} ${String(args[0])}`);
    };
  c.rtcSetMessageCallback(remote, record('message'));
  c.rtcSetAvailableCallback(remote, record('available'));
  c.rtcSetErrorCallback(remote, record('error'));
  c.rtcSetBufferedAmountLowCallback(remote, record('low'));
  c.rtcSetClosedCallback(remote, () => {
    closedDuringDelete += 1;
  });
  c.rtcSetStateChangeCallback(b, record('state'));
  c.rtcSetIceStateChangeCallback(b, record('ice'));
  c.rtcSetSignalingStateChangeCallback(b, record('signaling'));
  c.rtcSetGatheringStateChangeCallback(b, record('gathering'));
  c.rtcSetLocalCandidateCallback(b, record('candidate'));
  c.rtcSetLocalDescriptionCallback(b, record('description'));

  // Messages already on their way when the receiver is deleted must not reach its callbacks.
  for (let i = 0; i < 50; i++) c.rtcSendMessage(dc, `m${i}`, -1);
  expect(c.rtcDeleteDataChannel(remote)).toBe(c.RTC_ERR_SUCCESS);
  expect(closedDuringDelete).toBe(1); // synchronously, inside the delete
  expect(c.rtcDeletePeerConnection(b)).toBe(c.RTC_ERR_SUCCESS);
  for (let i = 0; i < 50; i++) c.rtcSendMessage(dc, `n${i}`, -1);
  // The other side notices the close; b's id gets nothing.
  await until(() => c.rtcIsClosed(dc), 10_000, 'sender sees the close');
  await new Promise((r) => setTimeout(r, 300));
  expect(late).toEqual([]);
  expect(closedDuringDelete).toBe(1);
  expect(c.rtcDeletePeerConnection(a)).toBe(c.RTC_ERR_SUCCESS);
});

test('an mtu above 4096 is RTC_ERR_INVALID (node-datachannel would lose every large message)', () => {
  expect(c.rtcCreatePeerConnection({ mtu: 9000 })).toBe(c.RTC_ERR_INVALID);
  const pc = c.rtcCreatePeerConnection({ mtu: 4096 });
  expect(pc).toBeGreaterThan(0);
  expect(c.rtcDeletePeerConnection(pc)).toBe(c.RTC_ERR_SUCCESS);
});
