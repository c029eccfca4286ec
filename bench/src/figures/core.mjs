// @rxdc/core against raw node-datachannel, in interleaved rounds in the same process:
// - core.messages.1k, core.bulk.64k: send rates with bufferedAmountLow flow control;
// - core.open: time to a fresh connection's open channel, against raw peers signaling in the
//   same order as rxdc (the offerer's candidates after its answer, see raw-peers.mjs); opens
//   that waited for libdatachannel's 1 s DTLS retransmission are counted apart, p90 judged.
//   Its p90 (about 55 ms, raw and rxdc alike) is libjuice's: one agent learns the other's
//   candidates first and checks at once; when that check arrives before the other agent has
//   learned the sender's candidate (its candidate callback ran a turn later), the other makes
//   it a peer-reflexive candidate and its own check waits STUN_PACING_TIME (50 ms) as a
//   triggered check. No order of the two candidate releases avoids it (measured, both orders);
// - core.channel.open: time to open one more channel on an open connection;
// - core.channel.heap: JS heap per open channel (both ends in this process, per end).
import { shutdown } from '@rxdc/core';
import { coreChannelPair } from '../harness/core-peers.mjs';
import { size } from '../harness/mode.mjs';
import { rawChannelPair } from '../harness/raw-peers.mjs';
import { HIGH_WATER, LOW_WATER, rawRate } from '../harness/raw-rate.mjs';
import { interleave, median, quantile, report } from '../harness/stats.mjs';
import { withTimeout } from '../harness/time-limit.mjs';

/** An open this slow waited for a DTLS retransmission (1 s), not for rxdc or signaling. */
const STALL_MS = 500;

/** Messages per second through core: send with bufferedAmountLow$ flow control, receive on messages$. */
async function coreRate(size, count) {
  const pair = await coreChannelPair();
  const { local, remote } = pair;
  local.bufferedAmountLowThreshold = LOW_WATER;
  const payload = Buffer.alloc(size, 7);
  const rate = await new Promise((resolve) => {
    let received = 0;
    let sent = 0;
    const start = performance.now();
    remote.messages$.subscribe(() => {
      if (++received === count) resolve(count / ((performance.now() - start) / 1000));
    });
    const pump = () => {
      while (sent < count && local.bufferedAmount < HIGH_WATER) {
        local.send(payload);
        sent++;
      }
    };
    local.bufferedAmountLow$.subscribe(pump);
    pump();
  });
  await pair.close();
  return rate;
}

/** Milliseconds to `count` fresh connections' open channels, one after the other. */
async function opens(openPair, count) {
  const times = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    const pair = await withTimeout(openPair(), 15_000, 'a channel pair to open');
    times.push(performance.now() - start);
    await withTimeout(pair.close(), 5_000, 'a channel pair to close');
  }
  return times;
}

/** Opens `count` more channels on an open pair, one at a time; ms per channel (median). */
async function channelOpens(pair, createAndWait, count) {
  const times = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await withTimeout(createAndWait(pair, `c${i}`), 5_000, 'a channel to open');
    times.push(performance.now() - start);
  }
  return median(times);
}

/** One more core channel on an open pair: open at both ends (the remote end taken). */
function openCoreChannel(pair, label) {
  return new Promise((resolve, reject) => {
    const taken = new Promise((got) => {
      const sub = pair.b.dataChannel$.subscribe((channel) => {
        if (channel.label !== label) return;
        sub?.unsubscribe();
        got(channel);
      });
    });
    const channel = pair.a.createDataChannel(label);
    channel.open$.subscribe({ complete: () => taken.then(resolve), error: reject });
  });
}

/**
 * The callbacks a raw program sets on each channel end to do what @rxdc/core does for every
 * channel: know it closed (without onClosed node-datachannel keeps the process alive), hear
 * its errors, and lose no message. Core sets the same four native slots on every channel.
 */
function watchRawEnd(dc, onMessage) {
  dc.onClosed(() => {});
  dc.onError(() => {});
  dc.onMessage(onMessage);
}

/** One more raw channel on an open raw pair: open at both ends (the remote end handed over). */
function openRawChannel(pair, label) {
  return new Promise((resolve) => {
    let opened = false;
    let remote = false;
    const done = () => opened && remote && resolve();
    pair.onRemote = (dc) => {
      if (dc.getLabel() !== label) return;
      remote = true;
      done();
    };
    const channel = pair.a.createDataChannel(label);
    pair.keep.push(channel);
    watchRawEnd(channel, pair.received);
    channel.onOpen(() => {
      opened = true;
      done();
    });
  });
}

/** A raw pair whose remote channels are kept (as a program keeps what it uses). */
async function rawPairForChannels() {
  const pair = await rawChannelPair();
  pair.keep = [];
  pair.messages = [];
  pair.received = (message) => pair.messages.push(message);
  pair.b.onDataChannel((dc) => {
    pair.keep.push(dc);
    watchRawEnd(dc, pair.received);
    pair.onRemote?.(dc);
  });
  return pair;
}

/** Core pair whose remote channels are all taken (so none waits in the hold). */
async function corePairForChannels() {
  const pair = await coreChannelPair();
  pair.keep = [];
  pair.b.dataChannel$.subscribe((channel) => pair.keep.push(channel));
  return pair;
}

/**
 * JS heap per channel end: `count` channels opened on an open pair (both ends in this
 * process, every end kept), the heap after a full collection before and after, divided by
 * the ends (2 per channel).
 */
async function heapPerChannel(openPair, openChannel, count) {
  const pair = await openPair();
  // Collected, then the turns in which the finalizers of what was collected run (the previous
  // round's native wrappers), then collected again: otherwise garbage of the round before is
  // still counted in `before` and freed by `after`, and the smaller side reads near zero.
  const heap = async () => {
    for (let i = 0; i < 3; i++) {
      globalThis.gc();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    globalThis.gc();
    return process.memoryUsage().heapUsed;
  };
  const before = await heap();
  for (let i = 0; i < count; i++) await withTimeout(openChannel(pair, `h${i}`), 5_000, 'open');
  const after = await heap();
  await pair.close();
  return (after - before) / (2 * count);
}

export default [
  {
    id: 'core.messages.1k',
    unit: 'msg/s',
    target: '>= 0.95',
    async measure() {
      const count = size(60_000, 2_000);
      const r = await interleave({
        rounds: size(8, 1),
        ours: () => coreRate(1024, count),
        baseline: () => rawRate(1024, count),
      });
      await shutdown();
      return report(r, { messages: count });
    },
  },
  {
    id: 'core.bulk.64k',
    unit: 'MiB/s',
    target: '>= 0.95',
    async measure() {
      const count = size(1024, 32); // 64 MiB per round
      const toMiBs = (rate) => (rate * 64) / 1024;
      const r = await interleave({
        rounds: size(8, 1),
        ours: async () => toMiBs(await coreRate(65536, count)),
        baseline: async () => toMiBs(await rawRate(65536, count)),
      });
      await shutdown();
      return report(r);
    },
  },
  {
    id: 'core.open',
    unit: 'ms',
    target: '<= 1.05',
    checks: [{ key: 'oursP90', target: '< 50' }],
    async measure() {
      // Rounds of 16 opens each side; the figure compares the medians of the opens that did
      // not stall (the stalls are counted, and are in the p90s).
      const perRound = size(16, 2);
      const all = { ours: [], baseline: [] };
      const side = (name, openPair) => async () => {
        const times = await opens(openPair, perRound);
        all[name].push(...times);
        const unstalled = times.filter((t) => t < STALL_MS);
        return median(unstalled.length > 0 ? unstalled : times);
      };
      const r = await interleave({
        rounds: size(10, 1),
        warmup: size(1, 0),
        ours: side('ours', () => coreChannelPair()),
        baseline: side('baseline', () => rawChannelPair('bench', {}, { rxdcOrder: true })),
      });
      await shutdown();
      const stalls = (xs) => xs.filter((t) => t >= STALL_MS).length;
      return report(r, {
        opens: all.ours.length,
        oursP90: quantile(all.ours, 0.9),
        baselineP90: quantile(all.baseline, 0.9),
        stalledOurs: stalls(all.ours),
        stalledBaseline: stalls(all.baseline),
      });
    },
  },
  {
    id: 'core.channel.open',
    unit: 'ms',
    target: '<= 1.5',
    async measure() {
      const perRound = size(40, 3);
      const pairs = { ours: await corePairForChannels(), baseline: await rawPairForChannels() };
      let n = 0;
      const r = await interleave({
        rounds: size(9, 1),
        warmup: size(1, 0),
        ours: () => channelOpens(pairs.ours, (p, l) => openCoreChannel(p, `${l}-${n++}`), perRound),
        baseline: () =>
          channelOpens(pairs.baseline, (p, l) => openRawChannel(p, `${l}-${n++}`), perRound),
      });
      await pairs.ours.close();
      await pairs.baseline.close();
      await shutdown();
      return report(r, { channelsPerRound: perRound });
    },
  },
  {
    id: 'core.channel.heap',
    unit: 'KiB',
    target: '<= 2.0',
    async measure() {
      const count = size(500, 10); // a peer opens at most 512 (half of SCTP's 1,024 streams)
      const kib = (bytes) => bytes / 1024;
      // The warm-up round grows what the process keeps once (V8's caches, the registry's
      // tables), so that the first measured side does not pay for it.
      const r = await interleave({
        rounds: size(8, 1),
        warmup: size(1, 0),
        ours: async () => kib(await heapPerChannel(corePairForChannels, openCoreChannel, count)),
        baseline: async () => kib(await heapPerChannel(rawPairForChannels, openRawChannel, count)),
      });
      await shutdown();
      return report(r, { channels: count });
    },
  },
];
