// @rxdc/rx against raw node-datachannel, measured alternately in the same process.
import { liveObjects, shutdown } from '@rxdc/core';
import { framed, localChannelPair, sendFrom } from '@rxdc/rx';
import { lastValueFrom } from 'rxjs';
// The two-process transfer of @rxdc/rx's flow-control memory test (one sender process, one
// receiver process, signaling relayed over IPC): the same harness measures rx.flow.slow.
import { runFlowPair } from '../../../packages/rx/test/children/run-flow-pair.mjs';
import { rawRate } from '../harness/raw-rate.mjs';

const MiB = 1024 * 1024;

/**
 * A local pair for the bulk figure, set up untimed. Under load, core peers were seen to close
 * on their own while connecting (reported, not hidden): say so and set up again.
 */
async function openPair(peer = {}) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await localChannelPair({ peer });
    } catch (error) {
      if (attempt === 3) throw error;
      console.error(`rx: pair setup failed (${error.message}); setting up again`);
      await settle();
    }
  }
}

/** Bulk through sendFrom (the backpressure operator for pull sources). Returns MiB/s. */
async function rxBulk(totalMiB) {
  const pair = await openPair();
  const chunk = Buffer.alloc(64 * 1024, 7);
  const count = (totalMiB * MiB) / chunk.length;
  function* chunks() {
    for (let i = 0; i < count; i++) yield chunk;
  }
  const start = performance.now();
  const arrived = new Promise((resolve) => {
    let bytes = 0;
    pair.remote.messages$.subscribe((m) => {
      bytes += m.byteLength;
      if (bytes >= totalMiB * MiB) resolve();
    });
  });
  await Promise.all([lastValueFrom(sendFrom(pair.local, chunks())), arrived]);
  const rate = totalMiB / ((performance.now() - start) / 1000);
  // Like the baseline, which awaits its close: wait (untimed) for node-datachannel to release
  // the pair, so its teardown does not overlap the next round. Peers opened while an earlier
  // pair was still being released were seen to close on their own during connection.
  pair.close();
  await settle();
  return rate;
}

/** 1 KiB messages through a framed, coalescing channel. Returns messages/s. */
async function rxFramedSmall(count, peer) {
  const pair = await openPair(peer);
  const left = framed(pair.local);
  const right = framed(pair.remote);
  const payload = Buffer.alloc(1024, 7);
  const start = performance.now();
  const rate = await new Promise((resolve) => {
    let received = 0;
    right.messages$.subscribe(() => {
      if (++received === count) resolve(count / ((performance.now() - start) / 1000));
    });
    let sent = 0;
    const produce = () => {
      while (sent < count && left.queuedBytes < 2 * MiB) {
        left.send(payload);
        sent++;
      }
      // Queue full: look again in 1 ms (2 MiB take ~25 ms to drain) rather than spinning on
      // setImmediate, which took CPU from node-datachannel's threads on a 2-core machine.
      if (sent < count) setTimeout(produce, 1);
    };
    produce();
  });
  pair.close();
  return rate;
}

/** 5 MiB messages through a framed channel. Returns MiB/s. */
async function rxFramedLarge(messages) {
  const pair = await openPair();
  const left = framed(pair.local);
  const right = framed(pair.remote);
  const payload = Buffer.alloc(5 * MiB, 7);
  const start = performance.now();
  const rate = await new Promise((resolve) => {
    let received = 0;
    right.messages$.subscribe(() => {
      if (++received === messages) resolve((messages * 5) / ((performance.now() - start) / 1000));
    });
    for (let i = 0; i < messages; i++) left.send(payload);
  });
  pair.close();
  return rate;
}

/**
 * Bulk through a credit-controlled framed channel: sendFrom into framed(local), and a reader
 * that keeps up pulling from framed(remote) with `for await`. Returns MiB/s.
 */
async function rxFlowBulk(totalMiB) {
  const pair = await openPair();
  const left = framed(pair.local);
  const right = framed(pair.remote);
  const chunk = Buffer.alloc(64 * 1024, 7);
  const count = (totalMiB * MiB) / chunk.length;
  function* chunks() {
    for (let i = 0; i < count; i++) yield chunk;
  }
  const start = performance.now();
  const read = (async () => {
    let bytes = 0;
    for await (const message of right) {
      bytes += message.byteLength;
      if (bytes >= totalMiB * MiB) return;
    }
  })();
  await Promise.all([lastValueFrom(sendFrom(left, chunks())), read]);
  const rate = totalMiB / ((performance.now() - start) / 1000);
  pair.close();
  await settle();
  return rate;
}

/**
 * After the framed figures node-datachannel's cleanup() was seen to crash (SIGSEGV) even
 * after every object was closed; measure-one exits the process itself, so only wait for the
 * closes to be confirmed here.
 */
async function settle() {
  const deadline = Date.now() + 2000;
  while (liveObjects().length > 0 && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 10));
}

async function alternate(rounds, ours, baseline) {
  const o = [];
  const b = [];
  for (let i = 0; i < rounds; i++) {
    b.push(await baseline());
    o.push(await ours());
    if (process.env.RX_BENCH_DEBUG)
      console.error(`round ${i}: ours ${o.at(-1)} baseline ${b.at(-1)}`);
  }
  return { ours: Math.max(...o), baseline: Math.max(...b) };
}

export default [
  {
    id: 'rx.bulk.64k',
    unit: 'MiB/s',
    target: '>= 0.95',
    async measure() {
      const toMiBs = (rate) => (rate * 64) / 1024;
      // Eight rounds: single rounds of either side vary by about 15% on a 2-core machine.
      const r = await alternate(
        8,
        () => rxBulk(64),
        async () => toMiBs(await rawRate(65536, 1024)),
      );
      await shutdown();
      return r;
    },
  },
  {
    // Both sides at MTU 4096, the largest node-datachannel receives (see the README): at the
    // default 1280 raw 1 KiB messages already fill one packet each, the transport is bound by
    // packets, not messages, and no coalescing can double it (the next figure shows that).
    id: 'rx.framed.1k',
    unit: 'msg/s',
    target: '>= 2.0',
    async measure() {
      const r = await alternate(
        4,
        () => rxFramedSmall(60_000, { mtu: 4096 }),
        () => rawRate(1024, 60_000, { mtu: 4096 }),
      );
      await settle();
      return { ...r, extra: { mtu: 4096 } };
    },
  },
  {
    id: 'rx.framed.1k.mtu1280',
    unit: 'msg/s',
    target: 'info',
    async measure() {
      const r = await alternate(
        4,
        () => rxFramedSmall(60_000),
        () => rawRate(1024, 60_000),
      );
      await settle();
      return { ...r, extra: { mtu: 1280 } };
    },
  },
  {
    id: 'rx.framed.5m',
    unit: 'MiB/s',
    target: '>= 0.9',
    async measure() {
      const toMiBs = (rate) => (rate * 64) / 1024;
      const r = await alternate(
        4,
        () => rxFramedLarge(13),
        async () => toMiBs(await rawRate(65536, 1024)),
      );
      await settle();
      return r;
    },
  },
  {
    // Flow control on, reader keeping up: credit must cost nothing against the raw
    // bufferedAmountLow loop (64 KiB messages both).
    id: 'rx.flow.64k',
    unit: 'MiB/s',
    target: '>= 0.9',
    async measure() {
      const toMiBs = (rate) => (rate * 64) / 1024;
      const r = await alternate(
        6,
        () => rxFlowBulk(64),
        async () => toMiBs(await rawRate(65536, 1024)),
      );
      await settle();
      return r;
    },
  },
  {
    // 200 MiB to a reader in another process that takes 4 ms per 64 KiB message (slower than
    // the link): the receiving process's peak RSS growth with credit-based flow control
    // (framed, 4 MiB window) against the same transfer without it (sendFrom on the raw
    // channel, the reader queueing what it cannot process yet). A lower ratio is better.
    id: 'rx.flow.slow',
    unit: 'MiB RSS',
    target: 'info',
    async measure() {
      const framedRun = await runFlowPair({ mode: 'framed', totalMiB: 200, readerMs: 4 });
      const rawRun = await runFlowPair({ mode: 'raw', totalMiB: 200, readerMs: 4 });
      const ok = (run) => run.send.sha256 === run.receive.sha256;
      if (!ok(framedRun) || !ok(rawRun))
        throw new Error('rx.flow.slow: a transfer arrived damaged');
      return {
        ours: framedRun.receive.growthMiB,
        baseline: rawRun.receive.growthMiB,
        extra: {
          senderFramedMiB: framedRun.send.growthMiB,
          senderRawMiB: rawRun.send.growthMiB,
          readerSeconds: framedRun.receive.seconds,
          senderDoneFramed: framedRun.send.sentSeconds,
          senderDoneRaw: rawRun.send.sentSeconds,
        },
      };
    },
  },
];
