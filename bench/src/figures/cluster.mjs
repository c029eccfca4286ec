// ws-server in a cluster on Redis: two nodes in this process on one redis-server, node A with
// no transceiver and node B with one, so every client of A is relayed to B through Redis.
// - cluster.open.relay: median time from opening the signaling socket to an open data channel,
//   through A (relayed) against straight to B (the owner), 60 of each alternating in the same
//   run; opens that stalled on the 1 s DTLS retransmission timer (relayed or not alike) are
//   counted in the notes and left out of both medians;
// - cluster.signal.rate: signaling frames per second carried through the relay (each frame
//   counted once per direction), against the same echo straight to B.
import { PeerConnection } from '@rxdc/core';
import { WebRtcTransceiver, WsServer } from '@rxdc/ws-server';
import { ClusterNode } from '@rxdc/ws-server/cluster';
import { Redis } from 'ioredis';
import { firstValueFrom, timeout } from 'rxjs';
import WebSocket from 'ws';
import { startRedisServer } from '../harness/redis-server.mjs';
import { median, quantile } from '../harness/stats.mjs';

const path = '/ws/bench';
/** An open this slow waited for a DTLS retransmission (1 s), not for signaling. */
const stallMs = 500;
const loopback = { iceServers: [], bindAddress: '127.0.0.1' };

/** Two clustered servers; `transceiver` is added to B only. */
async function twoNodes(redis, transceiver) {
  const namespace = `bench-${process.pid}`;
  const make = (nodeId) => {
    const cluster = new ClusterNode({ redis: redis.url, nodeId, namespace, heartbeatMs: 250 });
    const server = new WsServer({ cluster });
    server.addPath(path);
    return { cluster, server };
  };
  const a = make('a');
  const b = make('b');
  b.server.addTransceiver(transceiver, { path });
  const portA = a.server.listen(0, { bindAddress: '127.0.0.1' }).port;
  const portB = b.server.listen(0, { bindAddress: '127.0.0.1' }).port;
  await Promise.all([a.cluster.whenConnected(), b.cluster.whenConnected()]);
  const admin = new Redis(redis.url);
  // B's free transceiver is visible in Redis, so A can claim it.
  const advertised = async () => {
    for (let i = 0; i < 500; i++) {
      if ((await admin.hget(`rxdc:{${namespace}}:node:b`, `path:${path}`)) === '1') return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error('B never advertised its transceiver');
  };
  return {
    relayed: `ws://127.0.0.1:${portA}${path}`,
    direct: `ws://127.0.0.1:${portB}${path}`,
    advertised,
    async stop() {
      admin.disconnect();
      await Promise.all([a.server.stop(), b.server.stop()]);
    },
  };
}

/** A page in node: ms from opening the socket until the transceiver's channel is open. */
async function openChannel(url) {
  const began = performance.now();
  const socket = new WebSocket(url);
  const peer = new PeerConnection(loopback);
  const send = (message) => {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  };
  peer.localDescription$.subscribe((d) => send({ type: 'sdp', data: d }));
  peer.localCandidate$.subscribe(({ candidate, mid }) =>
    send({ type: 'ice', data: { candidate: candidate.replace(/^a=/, ''), sdpMid: mid } }),
  );
  socket.on('error', () => {});
  socket.on('message', (raw) => {
    const { type, data } = JSON.parse(String(raw));
    try {
      if (type === 'sdp') peer.setRemoteDescription(data);
      else if (type === 'ice')
        peer.addRemoteCandidate({ candidate: data.candidate, mid: data.sdpMid ?? '0' });
    } catch {}
  });
  try {
    const channel = await firstValueFrom(peer.dataChannel$.pipe(timeout(10_000)));
    await firstValueFrom(channel.open$.pipe(timeout(10_000)));
    return performance.now() - began;
  } finally {
    peer.close();
    socket.close();
  }
}

async function openRelay() {
  const redis = await startRedisServer();
  const transceiver = new WebRtcTransceiver({ peerConnection: loopback });
  const nodes = await twoNodes(redis, transceiver);
  const relayed = [];
  const direct = [];
  const failed = { relayed: 0, direct: 0 };
  const once = async (url, into, kind) => {
    while (!transceiver.isAvailable) await new Promise((resolve) => setTimeout(resolve, 5));
    await nodes.advertised();
    try {
      into.push(await openChannel(url));
    } catch {
      failed[kind] += 1; // a DTLS failure under load (see node-datachannel-facts.md)
    }
  };
  // Alternating, and which goes first alternates too, so that load hits both alike.
  for (let i = 0; i < 60; i++) {
    const pair = [
      () => once(nodes.direct, direct, 'direct'),
      () => once(nodes.relayed, relayed, 'relayed'),
    ];
    for (const run of i % 2 ? pair.reverse() : pair) await run();
  }
  await nodes.stop();
  transceiver.close();
  await redis.stop();
  // Opens that stalled on libdatachannel's 1 s DTLS retransmission timer say nothing about the
  // relay (direct opens stall as often): the figure compares the medians of the others, and
  // the notes count the stalls.
  const stalled = (xs) => xs.filter((x) => x >= stallMs).length;
  const unstalled = (xs) => xs.filter((x) => x < stallMs);
  return {
    ours: median(unstalled(relayed)),
    baseline: median(unstalled(direct)),
    extra: {
      runs: relayed.length,
      stalledRelayed: stalled(relayed),
      stalledDirect: stalled(direct),
      p90Relayed: quantile(relayed, 0.9),
      p90Direct: quantile(direct, 0.9),
      failedRelayed: failed.relayed,
      failedDirect: failed.direct,
    },
  };
}

/** Echoes every signaling frame of one client at a time. */
function echoTransceiver() {
  let socket;
  return {
    get isAvailable() {
      return socket === undefined;
    },
    connect(s) {
      socket = s;
      s.messages$.subscribe({
        next: (m) => {
          try {
            s.send(m);
          } catch {}
        },
        error: () => {},
      });
      s.closed$.subscribe(() => {
        socket = undefined;
      });
    },
    disconnect() {
      socket?.close();
    },
  };
}

/** Frames per second echoed on `url`, a window of 64 in flight. */
async function echoRate(url) {
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  // The size of a typical candidate frame.
  const frame = JSON.stringify({
    type: 'ice',
    data: {
      candidate: 'candidate:1 1 UDP 2122317823 127.0.0.1 40000 typ host',
      sdpMid: '0',
      sdpMLineIndex: 0,
    },
  });
  const total = 10_000;
  let sent = 0;
  let received = 0;
  const began = performance.now();
  await new Promise((resolve) => {
    socket.on('message', () => {
      received++;
      if (received === total) resolve();
      else if (sent < total) {
        sent++;
        socket.send(frame);
      }
    });
    for (; sent < 64; sent++) socket.send(frame);
  });
  const seconds = (performance.now() - began) / 1000;
  socket.close();
  await new Promise((resolve) => socket.once('close', resolve));
  return (2 * total) / seconds;
}

async function signalRate() {
  const redis = await startRedisServer();
  const transceiver = echoTransceiver();
  const nodes = await twoNodes(redis, transceiver);
  const relayed = [];
  const direct = [];
  for (let i = 0; i < 3; i++) {
    while (!transceiver.isAvailable) await new Promise((resolve) => setTimeout(resolve, 5));
    direct.push(await echoRate(nodes.direct));
    while (!transceiver.isAvailable) await new Promise((resolve) => setTimeout(resolve, 5));
    await nodes.advertised();
    relayed.push(await echoRate(nodes.relayed));
  }
  await nodes.stop();
  await redis.stop();
  return { ours: Math.max(...relayed), baseline: Math.max(...direct) };
}

export default [
  { id: 'cluster.open.relay', unit: 'ms', target: '<= 1.5', measure: openRelay },
  { id: 'cluster.signal.rate', unit: 'frames/s', target: 'info', measure: signalRate },
];
