// capi-compat reads what libdatachannel 0.24.5 reads (its own parser, src/description.cpp, not
// only its documentation), and a detached buffer is an invalid argument, never a TypeError.
import { expect, test } from 'vitest';
import {
  RTC_ERR_INVALID,
  RTC_ERR_NOT_AVAIL,
  readCString,
  rtcAddTrack,
  rtcCreateOpaqueMessage,
  rtcCreatePeerConnection,
  rtcDeletePeerConnection,
  rtcGetTrackMid,
  rtcSendMessage,
} from '../src/index.js';

const mediaDescriptions: Array<[string, string, 'ok' | number]> = [
  ['an m-line without m=', 'video 9 UDP/TLS/RTP/SAVPF\r\na=mid:video\r\na=sendonly\r\n', 'ok'],
  [
    'tabs and several spaces',
    'm=audio\t9  UDP/TLS/RTP/SAVPF   111\na=mid:a\na=rtpmap:111 opus/48000/2\n',
    'ok',
  ],
  ['formats cut at the first non-integer', 'm=video 9 RTP/AVP 96 x 97\r\na=mid:v\r\n', 'ok'],
  ['trailing spaces after the mid', 'm=video 9 RTP/AVP 96\r\na=mid:v   \r\n', 'ok'],
  ['a leading empty line', '\r\nm=video 9 RTP/AVP 96\r\na=mid:v\r\n', RTC_ERR_INVALID],
  ['a port that is not a number', 'm=video x RTP/AVP 96\r\na=mid:v\r\n', RTC_ERR_INVALID],
  ['a port above 65535', 'm=video 70000 RTP/AVP 96\r\na=mid:v\r\n', RTC_ERR_INVALID],
  ['no protocol', 'm=video 9\r\na=mid:v\r\n', RTC_ERR_INVALID],
  [
    'an indented a=mid (libdatachannel ignores it)',
    'm=video 9 RTP/AVP 96\r\n  a=mid:v\r\n',
    RTC_ERR_INVALID,
  ],
  [
    'an application m-line (node-datachannel builds audio and video only)',
    'm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:d\r\n',
    RTC_ERR_NOT_AVAIL,
  ],
];

for (const [what, sdp, expected] of mediaDescriptions) {
  test(`rtcAddTrack: ${what} -> ${expected === 'ok' ? 'a track' : expected}`, () => {
    const pc = rtcCreatePeerConnection({ bindAddress: '127.0.0.1', disableAutoNegotiation: true });
    try {
      const tr = rtcAddTrack(pc, sdp);
      if (expected === 'ok') {
        expect(tr).toBeGreaterThan(0);
        const mid = new Uint8Array(64);
        expect(rtcGetTrackMid(tr, mid, mid.length)).toBeGreaterThan(0);
        expect(readCString(mid)).toBe(/a=mid:(\S+)/.exec(sdp)?.[1]);
      } else expect(tr).toBe(expected);
    } finally {
      rtcDeletePeerConnection(pc);
    }
  });
}

function detachedView(): Uint8Array {
  const bytes = new Uint8Array(8);
  structuredClone(bytes.buffer, { transfer: [bytes.buffer] });
  return bytes;
}

test('a view of a detached ArrayBuffer: rtcSendMessage gives RTC_ERR_INVALID, rtcCreateOpaqueMessage null, no TypeError', () => {
  const pc = rtcCreatePeerConnection({ bindAddress: '127.0.0.1', disableAutoNegotiation: true });
  try {
    const tr = rtcAddTrack(pc, 'm=video 9 RTP/AVP 96\r\na=mid:v\r\n');
    expect(detachedView().byteLength).toBe(0);
    expect(rtcSendMessage(tr, detachedView(), 0)).toBe(RTC_ERR_INVALID);
    expect(rtcSendMessage(tr, detachedView(), -1)).toBe(RTC_ERR_INVALID);
    expect(rtcCreateOpaqueMessage(detachedView(), 0)).toBeNull();
    expect(rtcCreateOpaqueMessage(new Uint8Array([1, 2]), 2)).not.toBeNull();
  } finally {
    rtcDeletePeerConnection(pc);
  }
});
