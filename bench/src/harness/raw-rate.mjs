// The baseline of every rate figure: a hand-written bufferedAmountLow loop on raw
// node-datachannel, sending `count` messages of `size` bytes and counting them at the receiver.
import { rawChannelPair } from './raw-peers.mjs';

export const HIGH_WATER = 1024 * 1024;
export const LOW_WATER = 256 * 1024;

/**
 * Messages per second of a raw send loop with bufferedAmountLow flow control, on peers with
 * the loopback config plus `config`.
 */
export async function rawRate(size, count, config = {}) {
  const pair = await rawChannelPair('bench', config);
  const { local, remote } = pair;
  local.setBufferedAmountLowThreshold(LOW_WATER);
  const payload = Buffer.alloc(size, 7);
  const rate = await new Promise((resolve) => {
    let received = 0;
    let sent = 0;
    const start = performance.now();
    remote.onMessage(() => {
      if (++received === count) resolve(count / ((performance.now() - start) / 1000));
    });
    // A throw inside a node-datachannel callback aborts the process: once every message is
    // out (or the channel closed), a late bufferedAmountLow must do nothing.
    const pump = () => {
      try {
        while (sent < count && local.bufferedAmount() < HIGH_WATER) {
          local.sendMessageBinary(payload);
          sent++;
        }
      } catch {}
    };
    local.onBufferedAmountLow(pump);
    pump();
  });
  await pair.close();
  return rate;
}
