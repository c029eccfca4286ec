// WebRtcTransceiver checks its `tracks` and `peerConnection` when it is constructed, not when a
// client connects.
import { expect, test } from 'vitest';
import { WebRtcTransceiver, WsServerError } from '../src/index.js';

function errorOf(options: unknown): WsServerError {
  try {
    new WebRtcTransceiver(options as never).close();
  } catch (error) {
    expect(error).toBeInstanceOf(WsServerError);
    return error as WsServerError;
  }
  throw new Error(`no error for ${JSON.stringify(options)}`);
}

test('a wrong track description is refused at construction, naming its field', () => {
  const cases: Array<[unknown, RegExp]> = [
    ['video', /tracks must be an array/],
    [[null], /tracks\[0\]: a track description must be an object/],
    [[{ kind: 'text', codec: 'H264' }], /tracks\[0\]: kind must be/],
    [
      [
        { kind: 'video', codec: 'H264' },
        { kind: 'audio', codec: 'mp3' },
      ],
      /tracks\[1\]: unknown audio codec/,
    ],
    [[{ kind: 'video', codec: 'H264', payloadType: 300 }], /tracks\[0\]: payloadType must be/],
    [[{ kind: 'video', codec: 'H264', mid: 'a b' }], /tracks\[0\]: mid /],
    [[{ kind: 'audio', codec: 'opus', direction: 'Sideways' }], /tracks\[0\]: direction must be/],
    [
      [
        { kind: 'video', codec: 'H264' },
        { kind: 'video', codec: 'H265' },
      ],
      /tracks\[1\]\.mid: "video"/,
    ],
  ];
  for (const [tracks, message] of cases) {
    const error = errorOf({ tracks });
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toMatch(message);
  }
});

test('right descriptions construct, and a closed transceiver keeps nothing open', () => {
  const transceiver = new WebRtcTransceiver({
    tracks: [
      { kind: 'video', codec: 'H264' },
      { kind: 'audio', codec: 'opus' },
      { kind: 'video', codec: 'H265', mid: 'second' },
    ],
  });
  expect(transceiver.isAvailable).toBe(true);
  transceiver.close();
  expect(transceiver.isAvailable).toBe(false);
});

test('a wrong peer connection configuration is refused at construction, naming its field', () => {
  const cases: Array<[unknown, RegExp]> = [
    [{ bindAddress: 'not an address' }, /peerConnection: .*bindAddress/],
    [{ portRangeBegin: 70000 }, /peerConnection: .*portRangeBegin/],
    [{ iceServers: ['http://example.org'] }, /peerConnection: .*ICE server|peerConnection: .*URL/i],
  ];
  for (const [peerConnection, message] of cases) {
    const error = errorOf({ peerConnection });
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toMatch(message);
  }
});
