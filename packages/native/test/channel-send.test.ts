// ChannelLifetime.send on a real open data channel: what it takes (as W3C send does), the
// order of its checks, and the one effective size limit.
import { afterEach, expect, test } from 'vitest';
import { liveObjects } from '../src/index.js';
import { codeOf } from './helpers/code-of.js';
import { closeAll, eventually, type Message, openPair, TestPeer } from './helpers/lifetimes.js';

const peers: TestPeer[] = [];
afterEach(async () => {
  await closeAll(...peers.splice(0));
  expect(liveObjects()).toEqual([]);
});

async function pair(options?: Parameters<typeof openPair>[0]) {
  const opened = await openPair(options);
  peers.push(opened.a, opened.b);
  return opened;
}

const bytesOf = (message: Message): number[] =>
  typeof message === 'string'
    ? [...Buffer.from(message)]
    : [...new Uint8Array(message as ArrayBuffer)];

test('send takes text, an ArrayBuffer and any ArrayBufferView, each as its bytes', async () => {
  const { b, local, remote } = await pair();
  const received = b.recordOf(remote).messages;
  const buffer = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]).buffer;
  local.send('héllo');
  local.send(buffer);
  local.send(new Uint8Array(buffer, 2, 3));
  local.send(new DataView(buffer, 4, 2));
  local.send(new Uint16Array([0x0102]));
  local.send(Buffer.from('buf'));
  await eventually(() => received.length === 6, 'six messages');
  expect(received[0]).toBe('héllo');
  expect(received.slice(1).map(bytesOf)).toEqual([
    [1, 2, 3, 4, 5, 6, 7, 8],
    [3, 4, 5],
    [5, 6],
    [...new Uint8Array(new Uint16Array([0x0102]).buffer)],
    [...Buffer.from('buf')],
  ]);
});

test('send refuses, in order: a wrong type or a detached buffer, then the state, then the size', async () => {
  const { a, local } = await pair({ a: { maxMessageSize: 1000 } });
  expect(codeOf(() => local.send(42 as never))).toBe('INVALID_ARGUMENT');
  expect(codeOf(() => local.send(null as never))).toBe('INVALID_ARGUMENT');
  expect(codeOf(() => local.send(new Blob(['x']) as never))).toBe('INVALID_ARGUMENT');
  const gone = new ArrayBuffer(8);
  const view = new Uint8Array(gone);
  structuredClone(gone, { transfer: [gone] });
  expect(codeOf(() => local.send(gone))).toBe('INVALID_ARGUMENT');
  expect(codeOf(() => local.send(view))).toBe('INVALID_ARGUMENT');
  // An empty buffer that was never detached is a message of 0 bytes, not a refusal.
  expect(codeOf(() => local.send(new ArrayBuffer(0)))).toBeUndefined();
  // The size: exactly the limit goes, one byte more does not (text counted in UTF-8).
  expect(local.maxMessageSize).toBe(1000);
  expect(codeOf(() => local.send(new Uint8Array(1000)))).toBeUndefined();
  expect(codeOf(() => local.send(new Uint8Array(1001)))).toBe('MESSAGE_TOO_LARGE');
  expect(codeOf(() => local.send('é'.repeat(501)))).toBe('MESSAGE_TOO_LARGE');
  expect(codeOf(() => local.send('é'.repeat(500)))).toBeUndefined();
  local.close();
  // Closed: the state comes before the size, the type before the state.
  expect(codeOf(() => local.send(new Uint8Array(5000)))).toBe('CLOSED');
  expect(codeOf(() => local.send(42 as never))).toBe('INVALID_ARGUMENT');
  expect(local.maxMessageSize).toBe(0);
  void a;
});

test('a channel not open yet refuses with NOT_OPEN', async () => {
  const lonely = new TestPeer('lonely');
  peers.push(lonely);
  const early = lonely.createChannel('not-yet');
  expect(early.phase).toBe('connecting');
  expect(codeOf(() => early.send('x'))).toBe('NOT_OPEN');
  expect(early.maxMessageSize).toBe(0);
});

test('the effective limit is min(what the remote side takes, this side receive limit)', async () => {
  const { local, remote } = await pair({ a: { maxMessageSize: 800 }, b: { maxMessageSize: 300 } });
  expect(local.maxMessageSize).toBe(300); // b advertises 300
  expect(remote.maxMessageSize).toBe(300); // b's own receive limit, below a's 800
  expect(codeOf(() => local.send(new Uint8Array(301)))).toBe('MESSAGE_TOO_LARGE');
  expect(codeOf(() => remote.send(new Uint8Array(300)))).toBeUndefined();
});
