// rtc.h's SDP queries: payload types of a codec, SSRCs and CNAMEs of a track, SSRCs of a media
// type in an SDP, and adding one (rtcSetSsrcForType). No negotiation needed: a local track's
// description is the one it was added with.
import { afterEach, expect, test } from 'vitest';
import * as c from '../src/index.js';

const ids: number[] = [];
afterEach(() => {
  for (const id of ids.splice(0).reverse()) {
    if (c.rtcDelete(id) !== c.RTC_ERR_SUCCESS) c.rtcDeletePeerConnection(id);
  }
});

function peer(): number {
  const pc = c.rtcCreatePeerConnection({ bindAddress: '127.0.0.1', disableAutoNegotiation: true });
  ids.push(pc);
  return pc;
}

test('payload types, SSRCs and CNAME of a track come from its description', () => {
  const pc = peer();
  const tr = c.rtcAddTrack(
    pc,
    [
      'm=video 9 UDP/TLS/RTP/SAVPF 96 97 98',
      'a=mid:v',
      'a=sendonly',
      'a=rtpmap:96 H264/90000',
      'a=rtpmap:97 VP8/90000',
      'a=rtpmap:98 H264/90000',
      'a=ssrc:1111 cname:camera',
      'a=ssrc:2222',
      '',
    ].join('\r\n'),
  );
  expect(tr).toBeGreaterThan(0);
  ids.push(tr);

  expect(c.rtcGetTrackPayloadTypesForCodec(tr, 'h264', null, 0)).toBe(2);
  const types = new Int32Array(4);
  expect(c.rtcGetTrackPayloadTypesForCodec(tr, 'H264', types, 1)).toBe(c.RTC_ERR_TOO_SMALL);
  expect(c.rtcGetTrackPayloadTypesForCodec(tr, 'H264', types, 4)).toBe(2);
  expect([...types.subarray(0, 2)]).toEqual([96, 98]);
  expect(c.rtcGetTrackPayloadTypesForCodec(tr, 'vp8', types, 4)).toBe(1);
  expect(types[0]).toBe(97);
  expect(c.rtcGetTrackPayloadTypesForCodec(tr, 'opus', types, 4)).toBe(0);
  expect(c.rtcGetTrackPayloadTypesForCodec(tr, 'h264', types, 5)).toBe(c.RTC_ERR_INVALID);

  const ssrcs = new Uint32Array(2);
  expect(c.rtcGetSsrcsForTrack(tr, null, 0)).toBe(2);
  expect(c.rtcGetSsrcsForTrack(tr, ssrcs, 1)).toBe(c.RTC_ERR_TOO_SMALL);
  expect(c.rtcGetSsrcsForTrack(tr, ssrcs, 2)).toBe(2);
  expect([...ssrcs]).toEqual([1111, 2222]);

  const cname = new Uint8Array(16);
  expect(c.rtcGetCNameForSsrc(tr, 1111, null, 0)).toBe(7);
  expect(c.rtcGetCNameForSsrc(tr, 1111, cname, 3)).toBe(c.RTC_ERR_TOO_SMALL);
  expect(c.rtcGetCNameForSsrc(tr, 1111, cname, cname.length)).toBe(7);
  expect(c.readCString(cname)).toBe('camera');
  expect(c.rtcGetCNameForSsrc(tr, 2222, cname, cname.length)).toBe(0); // no CNAME: 0, as in C
  expect(c.rtcGetCNameForSsrc(tr, -1, cname, cname.length)).toBe(c.RTC_ERR_INVALID);

  // Wrong kinds of id are RTC_ERR_INVALID.
  expect(c.rtcGetSsrcsForTrack(pc, null, 0)).toBe(c.RTC_ERR_INVALID);
  expect(c.rtcGetTrackPayloadTypesForCodec(pc, 'h264', null, 0)).toBe(c.RTC_ERR_INVALID);
});

test('rtcAddTrackEx writes the SSRC and CNAME that the queries read back', () => {
  const pc = peer();
  const tr = c.rtcAddTrackEx(pc, {
    direction: c.RTC_DIRECTION_SENDONLY,
    codec: c.RTC_CODEC_OPUS,
    payloadType: 111,
    ssrc: 4_000_000_000,
    mid: 'mic',
    name: 'alice',
  });
  expect(tr).toBeGreaterThan(0);
  ids.push(tr);
  const ssrcs = new Uint32Array(1);
  expect(c.rtcGetSsrcsForTrack(tr, ssrcs, 1)).toBe(1);
  expect(ssrcs[0]).toBe(4_000_000_000);
  const cname = new Uint8Array(16);
  expect(c.rtcGetCNameForSsrc(tr, 4_000_000_000, cname, 16)).toBe(6);
  expect(c.readCString(cname)).toBe('alice');
  const types = new Int32Array(1);
  expect(c.rtcGetTrackPayloadTypesForCodec(tr, 'OPUS', types, 1)).toBe(1);
  expect(types[0]).toBe(111);
});

const SDP = [
  'v=0',
  'o=- 1 1 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'a=mid:0',
  'a=rtpmap:111 opus/48000/2',
  'a=ssrc:5 cname:a',
  'm=video 9 UDP/TLS/RTP/SAVPF 96',
  'a=mid:1',
  'a=rtpmap:96 VP8/90000',
  'a=ssrc:7 cname:v',
  'a=ssrc:7 msid:s t',
  'a=ssrc:8',
  '',
].join('\r\n');

test('rtcGetSsrcsForType reads the first section of a media type', () => {
  const out = new Uint32Array(4);
  expect(c.rtcGetSsrcsForType('video', SDP, null, 0)).toBe(2);
  expect(c.rtcGetSsrcsForType('VIDEO', SDP, out, 4)).toBe(2);
  expect([...out.subarray(0, 2)]).toEqual([7, 8]);
  expect(c.rtcGetSsrcsForType('audio', SDP, out, 4)).toBe(1);
  expect(out[0]).toBe(5);
  expect(c.rtcGetSsrcsForType('application', SDP, out, 4)).toBe(0);
  expect(c.rtcGetSsrcsForType('video', SDP, out, 1)).toBe(c.RTC_ERR_TOO_SMALL);
  expect(c.rtcGetSsrcsForType('video', SDP, new Int32Array(4) as never, 4)).toBe(c.RTC_ERR_INVALID);
});

test('rtcSetSsrcForType adds the SSRC lines to the first section of the type', () => {
  const init = { ssrc: 99, name: 'cam', msid: 'stream', trackId: 'track' };
  const needed = c.rtcSetSsrcForType('video', SDP, null, 0, init);
  expect(needed).toBeGreaterThan(SDP.length);
  const buffer = new Uint8Array(needed);
  expect(c.rtcSetSsrcForType('video', SDP, buffer, needed - 1, init)).toBe(c.RTC_ERR_TOO_SMALL);
  expect(c.rtcSetSsrcForType('video', SDP, buffer, needed, init)).toBe(needed);
  const sdp = c.readCString(buffer);
  expect(sdp).toContain(
    'a=ssrc:99 cname:cam\r\na=ssrc:99 msid:stream track\r\na=msid:stream track\r\n',
  );
  const out = new Uint32Array(4);
  expect(c.rtcGetSsrcsForType('video', sdp, out, 4)).toBe(3);
  expect([...out.subarray(0, 3)]).toEqual([7, 8, 99]);
  expect(c.rtcGetSsrcsForType('audio', sdp, out, 4)).toBe(1);
  // No section of that type: the SDP comes back unchanged.
  const same = new Uint8Array(SDP.length + 1);
  expect(c.rtcSetSsrcForType('application', SDP, same, same.length, { ssrc: 1 })).toBe(
    SDP.length + 1,
  );
  expect(c.readCString(same)).toBe(SDP);
  expect(c.rtcSetSsrcForType('video', SDP, null, 0, null as never)).toBe(c.RTC_ERR_INVALID);
  expect(c.rtcSetSsrcForType('video', SDP, null, 0, { ssrc: -1 })).toBe(c.RTC_ERR_INVALID);
});

test('audio packetizers, the interceptor and opaque messages on valid and invalid ids', () => {
  const pc = peer();
  const tr = c.rtcAddTrackEx(pc, { codec: c.RTC_CODEC_PCMU, payloadType: 0, mid: 'pcmu' });
  ids.push(tr);
  for (const fn of [c.rtcSetPCMUPacketizer, c.rtcSetPCMAPacketizer, c.rtcSetG722Packetizer]) {
    expect(fn(tr, { ssrc: 1, cname: 'x', payloadType: 0, clockRate: 8000 })).toBe(
      c.RTC_ERR_SUCCESS,
    );
    expect(fn(pc, null)).toBe(c.RTC_ERR_INVALID);
  }
  expect(c.rtcSetH264PacketizationHandler(tr, null)).toBe(c.RTC_ERR_INVALID);
  expect(c.rtcSetMediaInterceptorCallback(pc, (_pc, message) => message)).toBe(c.RTC_ERR_SUCCESS);
  expect(c.rtcSetMediaInterceptorCallback(pc, null)).toBe(c.RTC_ERR_SUCCESS);
  expect(c.rtcSetMediaInterceptorCallback(tr, null)).toBe(c.RTC_ERR_INVALID);
  const msg = c.rtcCreateOpaqueMessage(new Uint8Array([1, 2, 3]), 2);
  expect(msg && [...msg.data]).toEqual([1, 2]);
  expect(c.rtcCreateOpaqueMessage(new Uint8Array(1), 2)).toBeNull();
  c.rtcDeleteOpaqueMessage(msg);
  expect(c.rtcGetBufferedAmountLowThreshold(tr)).toBe(0);
  expect(c.rtcGetBufferedAmountLowThreshold(pc)).toBe(c.RTC_ERR_INVALID);
});
