// ChannelLifetime's deliver-or-hold on a real channel: held while nobody reads, in order, and
// the overflow policy (HOLD_OVERFLOW reported once, then closed; what was held stays readable).
import { afterEach, expect, test } from 'vitest';
import { liveObjects } from '../src/index.js';
import { closeAll, eventually, openPair, type TestPeer } from './helpers/lifetimes.js';

const peers: TestPeer[] = [];
afterEach(async () => {
  await closeAll(...peers.splice(0));
  expect(liveObjects()).toEqual([]);
});

test('without holdUntilRead every message is handed over at once', async () => {
  const { a, b, local, remote } = await openPair();
  peers.push(a, b);
  local.send('one');
  await eventually(() => b.recordOf(remote).messages.length === 1, 'the message');
  expect(remote.heldCount).toBe(0);
});

test('held while nobody reads, then handed over in order when reading starts; `held` once per non-empty spell', async () => {
  const { a, b, local, remote } = await openPair({ remote: { holdUntilRead: true } });
  peers.push(a, b);
  const record = b.recordOf(remote);
  for (let i = 0; i < 20; i++) local.send(`m${i}`);
  await eventually(() => remote.heldCount === 20, 'twenty held');
  expect(record.messages).toEqual([]);
  expect(record.held).toBe(1);
  expect(remote.heldBytes).toBe(Buffer.byteLength('m0') * 10 + Buffer.byteLength('m10') * 10);
  expect(remote.peekHeld()).toBe('m0');
  expect(remote.takeHeld()).toBe('m0');
  remote.setReading(true);
  expect(record.messages).toEqual(Array.from({ length: 19 }, (_, i) => `m${i + 1}`));
  local.send('live');
  await eventually(() => record.messages.length === 20, 'the live message');
  remote.setReading(false);
  local.send('held again');
  await eventually(() => remote.heldCount === 1, 'held again');
  expect(record.held).toBe(2);
});

test('past a limit: HOLD_OVERFLOW once, then the channel closes; what was held stays readable', async () => {
  const { a, b, local, remote } = await openPair({
    remote: { holdUntilRead: true, describe: () => 'DataChannel "bounded"' },
  });
  peers.push(a, b);
  expect(remote.setHoldLimits({ maxBytes: 1000, maxCount: 3 })).toBe(true);
  const record = b.recordOf(remote);
  for (let i = 0; i < 10; i++) local.send(`message ${i}`);
  await eventually(() => remote.phase === 'closed', 'the overflow close');
  expect(record.errors.map((e) => e.error?.code)).toEqual(['HOLD_OVERFLOW']);
  expect(record.errors[0]!.reason).toMatch(
    /DataChannel "bounded".*hold limit \(3 values or 1000 bytes\)/,
  );
  expect(record.closed).toBe(1);
  expect(remote.holdOverflowed).toBe(true);
  expect([remote.takeHeld(), remote.takeHeld(), remote.takeHeld(), remote.takeHeld()]).toEqual([
    'message 0',
    'message 1',
    'message 2',
    undefined,
  ]);
});

test('new hold limits keep what is held, or are refused when it does not fit', async () => {
  const { a, b, local, remote } = await openPair({ remote: { holdUntilRead: true } });
  peers.push(a, b);
  for (let i = 0; i < 4; i++) local.send('abcd');
  await eventually(() => remote.heldCount === 4, 'four held');
  expect(remote.setHoldLimits({ maxBytes: 15, maxCount: 10 })).toBe(false);
  expect(remote.setHoldLimits({ maxBytes: 16, maxCount: 4 })).toBe(true);
  expect(remote.heldCount).toBe(4);
  expect(remote.phase).toBe('open');
});
