// capi-compat only translates @rxdc/native's session API to C: what a C program sees of the
// rules that live there (early candidates held, the one error table, the server's safe
// handshake default, send's checks).
import { connect } from 'node:net';
import { expect, test } from 'vitest';
import * as c from '../src/index.js';
import { until } from './helpers.js';

test('candidates that arrive before their description still connect (held by native, RTC_ERR_SUCCESS)', async () => {
  const a = c.rtcCreatePeerConnection({ bindAddress: '127.0.0.1' });
  const b = c.rtcCreatePeerConnection({ bindAddress: '127.0.0.1' });
  const descriptions: Record<number, Array<[string, string]>> = { [a]: [], [b]: [] };
  const results: number[] = [];
  // Candidates go across at once; descriptions wait until the other side has candidates.
  for (const [from, to] of [
    [a, b],
    [b, a],
  ] as const) {
    c.rtcSetLocalDescriptionCallback(from, (_pc, sdp, type) => descriptions[to]!.push([sdp, type]));
    c.rtcSetLocalCandidateCallback(from, (_pc, cand, mid) => {
      results.push(c.rtcAddRemoteCandidate(to, cand, mid));
      for (const [sdp, type] of descriptions[to]!.splice(0))
        c.rtcSetRemoteDescription(to, sdp, type);
    });
  }
  let remote = 0;
  c.rtcSetDataChannelCallback(b, (_pc, dc) => {
    remote = dc;
  });
  const dc = c.rtcCreateDataChannel(a, 'early');
  // The offer has no candidate before it (the offerer waits for its answer): give it by hand.
  await until(() => descriptions[b]!.length > 0, 10_000, 'the offer');
  for (const [sdp, type] of descriptions[b]!.splice(0)) c.rtcSetRemoteDescription(b, sdp, type);
  await until(() => c.rtcIsOpen(dc) && remote > 0, 20_000, 'the channel open');
  expect(results.length).toBeGreaterThan(0);
  expect(results.every((r) => r === c.RTC_ERR_SUCCESS)).toBe(true);
  // After close, a candidate can no longer be applied: RTC_ERR_FAILURE, as libdatachannel says.
  c.rtcClosePeerConnection(a);
  expect(c.rtcAddRemoteCandidate(a, 'candidate:1 1 UDP 1 127.0.0.1 9 typ host', '0')).toBe(
    c.RTC_ERR_FAILURE,
  );
  c.rtcDeletePeerConnection(a);
  c.rtcDeletePeerConnection(b);
});

test('the one error table: invalid arguments are RTC_ERR_INVALID, other refusals RTC_ERR_FAILURE', () => {
  const pc = c.rtcCreatePeerConnection({ bindAddress: '127.0.0.1' });
  expect(c.rtcSetLocalDescription(pc, null)).toBe(c.RTC_ERR_FAILURE); // NOTHING_TO_NEGOTIATE
  expect(c.rtcSetRemoteDescription(pc, 'not sdp', 'offer')).toBe(c.RTC_ERR_FAILURE); // INVALID_SDP
  expect(c.rtcAddRemoteCandidate(pc, 'nonsense', '0')).toBe(c.RTC_ERR_FAILURE); // INVALID_CANDIDATE
  expect(c.rtcCreatePeerConnection({ proxyServer: 'ftp://x' } as never)).toBe(c.RTC_ERR_INVALID);
  expect(c.rtcCreateWebSocket('http://127.0.0.1/')).toBe(c.RTC_ERR_INVALID);
  expect(c.rtcCreateWebSocketServer({ bindAddress: 'not an address' }, () => {})).toBe(
    c.RTC_ERR_INVALID,
  );
  const dc = c.rtcCreateDataChannel(pc, 'x');
  // Not open yet: NOT_OPEN is a failure; a wrong type is invalid.
  expect(c.rtcSendMessage(dc, 'hi', -1)).toBe(c.RTC_ERR_FAILURE);
  expect(c.rtcSendMessage(dc, 42 as never, 2)).toBe(c.RTC_ERR_INVALID);
  c.rtcDeletePeerConnection(pc);
});

test("a WebSocket server cuts a stalled handshake after native's 5 s default (connectionTimeoutMs 0), not libdatachannel's 30 s", async () => {
  const server = c.rtcCreateWebSocketServer({ port: 0, bindAddress: '127.0.0.1' }, () => {});
  expect(server).toBeGreaterThan(0);
  const port = c.rtcGetWebSocketServerPort(server);
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => {});
  socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
  let closed = false;
  socket.on('close', () => {
    closed = true;
  });
  await until(() => closed, 20_000, 'the stalled handshake cut');
  socket.destroy();
  c.rtcDeleteWebSocketServer(server);
}, 30_000);
