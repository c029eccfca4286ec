// The guard and close rules of the lifetimes on real peers: nothing a callback throws reaches
// node-datachannel; closing a peer closes its channels, each reported closed once; what closed
// sends no event any more. Plus the config limits that keep aborting input out.
import { afterEach, expect, test } from 'vitest';
import {
  checkMtu,
  checkStringLimit,
  liveObjects,
  MAX_MTU,
  requireIceServerUrl,
} from '../src/index.js';
import { codeOf } from './helpers/code-of.js';
import { closeAll, eventually, openPair, type TestPeer } from './helpers/lifetimes.js';

const peers: TestPeer[] = [];
afterEach(async () => {
  await closeAll(...peers.splice(0));
  expect(liveObjects()).toEqual([]);
});

test('a message callback that throws goes to `report`; the channel keeps delivering', async () => {
  const { a, b, local, remote } = await openPair();
  peers.push(a, b);
  const record = b.recordOf(remote);
  const deliver = record.messages.push.bind(record.messages);
  let thrown = 0;
  record.messages.push = (...items) => {
    if (thrown++ === 0) throw new Error('a throwing message callback');
    return deliver(...items);
  };
  local.send('first');
  local.send('second');
  await eventually(() => record.messages.length === 1, 'the second message');
  expect([...record.messages]).toEqual(['second']);
  expect(b.record.reported.map((e) => (e as Error).message)).toEqual([
    'a throwing message callback',
  ]);
  expect(remote.phase).toBe('open');
});

test("closing a peer closes its channels with it; the remote side's channel closes too, once", async () => {
  const { a, b, local, remote } = await openPair();
  peers.push(a, b);
  a.lifetime.close();
  expect(a.lifetime.isClosed).toBe(true);
  expect(local.phase).toBe('closed');
  expect(a.recordOf(local).closed).toBe(1);
  await eventually(() => remote.phase === 'closed', 'the remote channel closed');
  expect(b.recordOf(remote).closed).toBe(1);
  await local.whenReleased();
  expect(local.isReleased).toBe(true);
  // Closed is final: no event reaches the callbacks, sending is CLOSED.
  expect(codeOf(() => local.send('late'))).toBe('CLOSED');
  local.close();
  expect(a.recordOf(local).closed).toBe(1);
});

test('a channel closed from one side is closed on the other; both peers stay usable', async () => {
  const { a, b, local, remote } = await openPair();
  peers.push(a, b);
  remote.close();
  await eventually(() => local.phase === 'closed', 'the local channel closed by the remote side');
  expect(a.recordOf(local).closed).toBe(1);
  expect(b.recordOf(remote).closed).toBe(1);
  expect(a.lifetime.isClosed).toBe(false);
  const again = a.createChannel('again');
  await eventually(() => again.phase === 'open', 'a new channel on the same peers');
});

test('config limits: MTU, ICE server URLs, string lengths', () => {
  expect(codeOf(() => checkMtu(MAX_MTU))).toBeUndefined();
  expect(codeOf(() => checkMtu(MAX_MTU + 1))).toBe('INVALID_CONFIG');
  expect(codeOf(() => requireIceServerUrl('stun:127.0.0.1:3478'))).toBeUndefined();
  expect(codeOf(() => requireIceServerUrl(`stun:${'a'.repeat(3000)}`))).toBe('INVALID_CONFIG');
  expect(codeOf(() => requireIceServerUrl('http://nope'))).toBe('INVALID_CONFIG');
  expect(codeOf(() => checkStringLimit('label', 'x'.repeat(65_535)))).toBeUndefined();
  expect(codeOf(() => checkStringLimit('label', 'x'.repeat(65_536)))).toBe('INVALID_ARGUMENT');
});
