// One side of a two-process transfer over a data channel, for the flow-control memory tests
// (test/flow-memory.test.ts) and the rx.flow.slow benchmark. The parent relays signaling over
// IPC, then sends { go: true }; this process reports { done: {...} } with what it measured.
//
//   node flow-peer.mjs <role: send|receive> <mode: framed|raw|pipeline> <totalMiB> <readerMs> [window]
//
// framed:   sendFrom into a framed channel; the receiver reads with `for await`, taking
//           readerMs per 64 KiB message.
// raw:      the same transfer without flow control: sendFrom on the raw channel; the receiver's
//           subscriber queues each message for the same slow loop (what an app does today).
// pipeline: stream.pipeline from a generated Readable into framed(...).duplex(), and from the
//           other side's duplex into a Writable that takes readerMs per 64 KiB chunk.
import { createHash } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PeerConnection, shutdown } from '@rxdc/core';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { framed, sendFrom } from '../../dist/index.js';

const [role, mode, totalMiB, readerMs, windowArg] = process.argv.slice(2);
const CHUNK = 64 * 1024;
const TOTAL = Number(totalMiB) * 1024 * 1024;
const COUNT = TOTAL / CHUNK;
const READER_MS = Number(readerMs);
const window = windowArg ? Number(windowArg) : undefined;

const chunkAt = (i) => {
  const chunk = Buffer.allocUnsafe(CHUNK);
  chunk.fill(i & 0xff);
  chunk.writeUInt32LE(i, 0);
  return chunk;
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// --- signaling over IPC (descriptions and candidates; candidates wait for the description) ---
const peer = new PeerConnection({ name: role, iceServers: [], bindAddress: '127.0.0.1' });
let described = false;
const early = [];
// Under load a loopback connection sometimes fails while connecting (a DTLS check); the peer
// is then closed and refuses candidates: exit, and the parent sets up again.
const addCandidate = (candidate) => {
  try {
    peer.addRemoteCandidate(candidate);
  } catch (error) {
    console.error(`setup failed: ${error.message}`);
    process.exit(3);
  }
};
const signals = new Promise((resolveGo) => {
  process.on('message', (message) => {
    if (message.description) {
      try {
        peer.setRemoteDescription(message.description);
      } catch (error) {
        console.error(`setup failed: ${error.message}`);
        process.exit(3);
      }
      described = true;
      for (const candidate of early.splice(0)) addCandidate(candidate);
    } else if (message.candidate) {
      if (described) addCandidate(message.candidate);
      else early.push(message.candidate);
    } else if (message.go) resolveGo();
  });
});
peer.localDescription$.subscribe((description) => process.send({ description }));
peer.localCandidate$.subscribe((candidate) => process.send({ candidate }));

const channel =
  role === 'send'
    ? peer.createDataChannel('flow')
    : await firstValueFrom(peer.dataChannel$).catch(() => undefined);
const opened =
  channel &&
  (await firstValueFrom(channel.open$).then(
    () => true,
    () => false,
  ));
if (!opened || channel.isClosed) {
  console.error('setup failed: the channel did not open');
  process.exit(3);
}
const options = window ? { window } : {};
const link = mode === 'raw' ? undefined : framed(channel, options);

// Warm up with 16 MiB read at full speed: the one-time memory of a busy connection (native
// buffers, allocator arenas, about 35 MiB on each side whatever rxdc does) goes into the
// baseline, so that the growth measured is what the slow reader causes.
const WARM = 16 * 1024 * 1024;
if (role === 'send') {
  await lastValueFrom(
    sendFrom(
      link ?? channel,
      Array.from({ length: WARM / CHUNK }, (_, i) => chunkAt(i)),
    ),
  );
} else if (link) {
  let warm = 0;
  for await (const message of link) {
    warm += message.byteLength;
    if (warm >= WARM) break;
  }
} else {
  await new Promise((resolve) => {
    let warm = 0;
    const sub = channel.messages$.subscribe((message) => {
      warm += message.byteLength;
      if (warm >= WARM) {
        resolve();
        queueMicrotask(() => sub.unsubscribe());
      }
    });
  });
}
globalThis.gc?.();
await sleep(100);
globalThis.gc?.();
const startRss = process.memoryUsage().rss;
const startUsage = process.memoryUsage();
let peakRss = startRss;
let peakUsage = startUsage;
const sampler = setInterval(() => {
  const usage = process.memoryUsage();
  if (usage.rss > peakRss) {
    peakRss = usage.rss;
    peakUsage = usage;
  }
}, 10);
process.send({ ready: true });
await signals;
const began = performance.now();
const hash = createHash('sha256');
let bytes = 0;
let sentSeconds = 0;

if (role === 'send') {
  function* source() {
    for (let i = 0; i < COUNT; i++) {
      const chunk = chunkAt(i);
      hash.update(chunk);
      yield chunk;
    }
  }
  if (mode === 'pipeline') {
    await pipeline(Readable.from(source()), link.duplex());
  } else {
    await lastValueFrom(sendFrom(link ?? channel, source()));
  }
  bytes = TOTAL;
  sentSeconds = (performance.now() - began) / 1000;
  // The receiver closes the channel once it has everything.
  await firstValueFrom(channel.closed$);
} else {
  const take = (message) => {
    hash.update(message);
    bytes += message.byteLength;
  };
  if (mode === 'framed') {
    for await (const message of link) {
      take(message);
      await sleep(READER_MS);
      if (bytes >= TOTAL) break;
    }
  } else if (mode === 'raw') {
    // Without flow control the channel pushes: the app queues what it cannot process yet.
    const backlog = [];
    let wake;
    channel.messages$.subscribe((message) => {
      backlog.push(message);
      wake?.();
    });
    while (bytes < TOTAL) {
      if (backlog.length === 0) await new Promise((resolve) => (wake = resolve));
      wake = undefined;
      take(backlog.shift());
      await sleep(READER_MS);
    }
  } else {
    let chunks = 0;
    const sink = new Writable({
      objectMode: true,
      write(chunk, _encoding, callback) {
        take(chunk);
        // readerMs per 64 KiB.
        chunks++;
        if (READER_MS > 0 && chunks % Math.max(1, Math.round(1 / READER_MS)) === 0)
          setTimeout(callback, Math.max(1, READER_MS));
        else callback();
      },
    });
    const done = pipeline(link.duplex(), sink);
    while (bytes < TOTAL) await sleep(20);
    channel.close();
    await done;
  }
  channel.close();
}
const seconds = (performance.now() - began) / 1000;
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
peer.close();
await sleep(50);
process.send({
  done: {
    role,
    mode,
    bytes,
    sha256: hash.digest('hex'),
    seconds,
    sentSeconds,
    startMiB: startRss / 2 ** 20,
    peakMiB: peakRss / 2 ** 20,
    growthMiB: (peakRss - startRss) / 2 ** 20,
    window: link?.window ?? 0,
    atPeakMiB: Object.fromEntries(
      Object.entries(peakUsage).map(([key, value]) => [
        key,
        Math.round((value - startUsage[key]) / 2 ** 20),
      ]),
    ),
  },
});
await shutdown();
process.exit(0);
