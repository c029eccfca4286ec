// @rxdc/core against raw node-datachannel, measured alternately in the same process.
import { shutdown } from '@rxdc/core';
import { coreChannelPair } from '../harness/core-peers.mjs';
import { rawChannelPair } from '../harness/raw-peers.mjs';
import { HIGH_WATER, LOW_WATER, rawRate } from '../harness/raw-rate.mjs';
import { bestOfAlternating, median, quantile } from '../harness/stats.mjs';

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

async function timeToOpen(openPair) {
  const start = performance.now();
  const pair = await openPair();
  const elapsed = performance.now() - start;
  await pair.close();
  return elapsed;
}

export default [
  {
    id: 'core.messages.1k',
    unit: 'msg/s',
    target: '>= 0.95',
    async measure() {
      const r = await bestOfAlternating(
        4,
        () => coreRate(1024, 60_000),
        () => rawRate(1024, 60_000),
      );
      await shutdown();
      return { ours: r.ours, baseline: r.baseline };
    },
  },
  {
    id: 'core.bulk.64k',
    unit: 'MiB/s',
    target: '>= 0.95',
    async measure() {
      const count = 1024; // 64 MiB per round
      const toMiBs = (rate) => (rate * 64) / 1024;
      const r = await bestOfAlternating(
        4,
        () => coreRate(65536, count),
        () => rawRate(65536, count),
      );
      await shutdown();
      return { ours: toMiBs(r.ours), baseline: toMiBs(r.baseline) };
    },
  },
  {
    id: 'core.open',
    unit: 'ms',
    target: '<= 1.05',
    async measure() {
      const ours = [];
      const baseline = [];
      for (let i = 0; i < 50; i++) {
        baseline.push(await timeToOpen(rawChannelPair));
        ours.push(await timeToOpen(coreChannelPair));
      }
      await shutdown();
      return {
        ours: median(ours),
        baseline: median(baseline),
        extra: { oursP90: quantile(ours, 0.9), baselineP90: quantile(baseline, 0.9) },
      };
    },
  },
];
