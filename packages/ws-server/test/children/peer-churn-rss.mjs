// Child of the peer-memory test: a WsServer (the built package) with one WebRtcTransceiver per
// client, taking upgrades from 16 loopback addresses (127.0.0.1 to 127.0.0.16) in waves; each
// client gets its offer (a real PeerConnection and data channel behind it) and leaves. Prints
// RSS before, at the peak and after each wave's peers were released, and how many were
// refused (over maxPeers, HTTP 503).

import { shutdown } from '@rxdc/core';
import WebSocket from 'ws';
import { ConnectionState, WebRtcTransceiver, WsServer } from '../../dist/index.js';

const total = Number(process.argv[2] ?? 2000);
const wave = Number(process.argv[3] ?? 250);
const maxPeers = Number(process.argv[4] ?? 1000);
const server = new WsServer();
let peers = 0;
let live = 0;
server.addClientListener(() => {
  const transceiver = new WebRtcTransceiver({ peerConnection: { bindAddress: '127.0.0.1' } });
  live++;
  transceiver.peer$.subscribe(() => peers++);
  transceiver.addClientListener((state) => {
    if (state !== ConnectionState.CLOSED) return;
    server.removeTransceiver(transceiver);
    transceiver.close();
    live--;
  });
  server.addTransceiver(transceiver);
});
const { port } = server.listen(0, { bindAddress: '127.0.0.1', maxPeers });
const mib = () => Math.round(process.memoryUsage().rss / 1024 / 1024);
const settle = async () => {
  for (let i = 0; i < 5; i++) {
    global.gc?.();
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};

/**
 * One client from `address`: waits for the offer, then for `leave` (every client of the wave
 * holds its peer at once), then leaves; 'refused' on a 503.
 */
let leave;
let left = new Promise((resolve) => {
  leave = resolve;
});
function client(address, offered) {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/ws`, { localAddress: address });
    socket.once('message', () => {
      offered();
      left.then(() => socket.close());
    });
    socket.once('unexpected-response', () => resolve('refused'));
    socket.once('close', () => resolve('served'));
    socket.once('error', () => resolve('error'));
  });
}

await settle();
const before = mib();
let peak = before;
const afterWaves = [];
const outcomes = { served: 0, refused: 0, error: 0 };
for (let started = 0; started < total; started += wave) {
  const batch = [];
  const end = Math.min(total, started + wave);
  let waiting = end - started;
  let allIn;
  const allOffered = new Promise((resolve) => {
    allIn = resolve;
  });
  const offered = () => {
    if (--waiting === 0) allIn();
  };
  for (let i = started; i < end; i++) {
    batch.push(
      client(`127.0.0.${(i % 16) + 1}`, offered).then((result) => {
        if (result !== 'served') offered();
        return result;
      }),
    );
  }
  await allOffered;
  peak = Math.max(peak, mib());
  leave();
  const results = await Promise.all(batch);
  left = new Promise((resolve) => {
    leave = resolve;
  });
  while (live > 0) await new Promise((resolve) => setTimeout(resolve, 50));
  await settle();
  afterWaves.push(mib());
  for (const result of results) outcomes[result]++;
  peak = Math.max(peak, mib());
}
while (live > 0) await new Promise((resolve) => setTimeout(resolve, 50));
await settle();
const after = mib();
await server.stop();
await shutdown();
const { heapUsed, external, arrayBuffers } = process.memoryUsage();
const m = (b) => Math.round(b / 1024 / 1024);
console.log(
  JSON.stringify({
    before,
    peak,
    after,
    afterWaves,
    peers,
    ...outcomes,
    heapUsed: m(heapUsed),
    external: m(external),
    arrayBuffers: m(arrayBuffers),
  }),
);
