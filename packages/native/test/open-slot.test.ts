// ChannelLifetime's `openCheckedAtOnce`: a channel that is open already when its lifetime is
// made (an incoming data channel) gets no native open slot, and still reports its open once,
// through openIfAlreadyOpen(); a channel not open yet (a local one) keeps its open slot.
import type { DataChannel as NativeDataChannel } from 'node-datachannel';
import { afterEach, expect, test } from 'vitest';
import { liveObjects } from '../src/index.js';
import { closeAll, eventually, openPair, type TestPeer } from './helpers/lifetimes.js';

const peers: TestPeer[] = [];
afterEach(async () => {
  await closeAll(...peers.splice(0));
  expect(liveObjects()).toEqual([]);
});

/** Makes `peer` wrap each incoming native channel in a view that records which slots are set. */
function recordSlots(peer: TestPeer): string[] {
  const slots: string[] = [];
  const wrap = peer.wrap.bind(peer);
  peer.wrap = (native, options) =>
    wrap(
      new Proxy(native, {
        get(target, key) {
          const value = Reflect.get(target, key, target);
          if (typeof value !== 'function') return value;
          if (typeof key === 'string' && key.startsWith('on')) slots.push(key);
          return value.bind(target);
        },
      }) as NativeDataChannel,
      options,
    );
  return slots;
}

/** Opens one more channel from a to b and waits until both ends are open. */
async function openAnother(a: TestPeer, b: TestPeer, label: string) {
  const before = b.record.incoming.length;
  const local = a.createChannel(label);
  await eventually(
    () => local.phase === 'open' && b.record.incoming.length > before,
    'another open channel pair',
  );
  return { local, remote: b.record.incoming[before]! };
}

test('an incoming channel with openCheckedAtOnce gets no open slot, opens once, and still works', async () => {
  const { a, b } = await openPair();
  peers.push(a, b);
  const slots = recordSlots(b);
  b.incomingOptions = { openCheckedAtOnce: true };
  const { local, remote } = await openAnother(a, b, 'checked');
  expect(slots).not.toContain('onOpen');
  expect(slots).toEqual(expect.arrayContaining(['onMessage', 'onError', 'onClosed']));
  expect(remote.phase).toBe('open');
  expect(b.recordOf(remote).opened).toBe(1);
  local.send('hello');
  await eventually(() => b.recordOf(remote).messages.length === 1, 'the message');
  remote.send('back');
  await eventually(() => a.recordOf(local).messages.length === 1, 'the reply');
  remote.close();
  await eventually(() => local.phase === 'closed', 'the close on the other side');
  expect(b.recordOf(remote).closed).toBe(1);
});

test('without it, an incoming channel gets its open slot as before', async () => {
  const { a, b } = await openPair();
  peers.push(a, b);
  const slots = recordSlots(b);
  const { remote } = await openAnother(a, b, 'unchecked');
  expect(slots).toContain('onOpen');
  expect(b.recordOf(remote).opened).toBe(1);
});

test('a local channel with openCheckedAtOnce is not open yet: it keeps its open slot and opens', async () => {
  const { a, b } = await openPair();
  peers.push(a, b);
  const local = a.createChannel('local', { openCheckedAtOnce: true });
  local.openIfAlreadyOpen();
  await eventually(() => local.phase === 'open', 'the local channel open');
  expect(a.recordOf(local).opened).toBe(1);
});
