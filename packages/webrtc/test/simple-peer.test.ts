// simple-peer (from npm) on `wrtc: require('@rxdc/webrtc')`, the CommonJS build: connects,
// exchanges data both ways, renegotiates and closes, with and without trickle.
import { createRequire } from 'node:module';
import { expect, test } from 'vitest';

const require = createRequire(import.meta.url);
// The package's own name: Node resolves it to dist/index.cjs through the exports map.
const wrtc = require('@rxdc/webrtc');
const Peer = require('simple-peer');

type SimplePeer = {
  on(event: string, listener: (...args: never[]) => void): void;
  once(event: string, listener: (...args: never[]) => void): void;
  signal(data: unknown): void;
  send(data: string | Uint8Array): void;
  negotiate(): void;
  destroy(error?: Error): void;
  connected: boolean;
};

const config = { iceServers: [], bindAddress: '127.0.0.1' };

function pair(trickle: boolean): [SimplePeer, SimplePeer] {
  const p1: SimplePeer = new Peer({ initiator: true, wrtc, config, trickle });
  const p2: SimplePeer = new Peer({ wrtc, config, trickle });
  p1.on('signal', (data: never) => p2.signal(data));
  p2.on('signal', (data: never) => p1.signal(data));
  for (const p of [p1, p2])
    p.on('error', (error: never) => console.error('simple-peer error', error));
  return [p1, p2];
}

const once = <T = unknown>(peer: SimplePeer, event: string) =>
  new Promise<T>((resolve) => peer.once(event, ((value: T) => resolve(value)) as never));

test('the CommonJS build gives simple-peer what it needs', () => {
  expect(typeof wrtc.RTCPeerConnection).toBe('function');
  expect(typeof wrtc.RTCSessionDescription).toBe('function');
  expect(typeof wrtc.RTCIceCandidate).toBe('function');
});

for (const trickle of [true, false]) {
  test(`simple-peer (trickle: ${trickle}): connects, data both ways, a large message, renegotiates, closes`, async () => {
    const [p1, p2] = pair(trickle);
    await Promise.all([once(p1, 'connect'), once(p2, 'connect')]);

    const fromP1 = once<Buffer>(p2, 'data');
    p1.send('hello from p1');
    expect(String(await fromP1)).toBe('hello from p1');
    const fromP2 = once<Buffer>(p1, 'data');
    p2.send(new Uint8Array([1, 2, 3]));
    expect([...(await fromP2)]).toEqual([1, 2, 3]);

    const large = new Uint8Array(200 * 1024).map((_, i) => i % 251);
    const bigArrived = once<Buffer>(p2, 'data');
    p1.send(large);
    const big = await bigArrived;
    expect(big.byteLength).toBe(large.byteLength);
    expect(Buffer.compare(Buffer.from(big), Buffer.from(large))).toBe(0);

    // Renegotiation: a new offer/answer round, then data still flows.
    const renegotiated = Promise.all([once(p1, 'negotiated'), once(p2, 'negotiated')]);
    p1.negotiate();
    await renegotiated;
    const after = once<Buffer>(p1, 'data');
    p2.send('after renegotiation');
    expect(String(await after)).toBe('after renegotiation');

    const closed = Promise.all([once(p1, 'close'), once(p2, 'close')]);
    p1.destroy();
    await closed;
    expect(p1.connected).toBe(false);
    expect(p2.connected).toBe(false);
  });
}
