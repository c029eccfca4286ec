// WebRTC 1.0 reduces bufferedAmount in a task queued when the bytes are handed to the network,
// so that task (and its bufferedamountlow event) comes before any task queued later: with both
// ends in one process, before the remote side's message event for those bytes. Code that waits
// for bufferedamountlow and then for the message must see both.
import { afterEach, expect, test } from 'vitest';
import { RTCPeerConnection } from '../src/index.js';
import { connectedPair, loopback, negotiate, next, trickle } from './helpers/peers.js';

const pairs: Array<{ close(): void }> = [];
async function pair(init: { negotiated?: boolean; id?: number } = {}) {
  if (!init.negotiated) {
    const p = await connectedPair('order', init);
    pairs.push(p);
    return p;
  }
  // A negotiated channel: both sides create it with the same id, no datachannel event.
  const a = new RTCPeerConnection(loopback);
  const b = new RTCPeerConnection(loopback);
  const p = {
    close() {
      a.close();
      b.close();
    },
  };
  pairs.push(p);
  trickle(a, b);
  const local = a.createDataChannel('order', init);
  const remote = b.createDataChannel('order', init);
  const opened = Promise.all([next(local, 'open'), next(remote, 'open')]);
  await negotiate(a, b);
  await opened;
  return { ...p, local, remote };
}
afterEach(() => {
  for (const p of pairs.splice(0)) p.close();
});

/** Sends 20 messages; reads the sender's bufferedAmount during each remote message event. */
async function amountsSeenByRemoteMessages(init: { negotiated?: boolean; id?: number }) {
  const { local, remote } = await pair(init);
  const seen: number[] = [];
  for (let round = 0; round < 20; round += 1) {
    const arrived = new Promise<void>((resolve) => {
      remote.addEventListener(
        'message',
        () => {
          // Read during the dispatch: the sender's report came first.
          seen.push(local.bufferedAmount);
          resolve();
        },
        { once: true },
      );
    });
    local.send('世界你好'); // 12 UTF-8 bytes
    expect(local.bufferedAmount).toBe(12);
    await arrived;
  }
  return seen;
}

/** Sends 10 messages, each time awaiting bufferedamountlow before listening for the message. */
async function messagesAfterLowEvents(init: { negotiated?: boolean; id?: number }) {
  const { local, remote } = await pair(init);
  const received: string[] = [];
  for (let round = 0; round < 10; round += 1) {
    const low = next(local, 'bufferedamountlow');
    local.send(`message ${round}`);
    await low;
    // Registered only now, after bufferedamountlow: the message event has not fired yet.
    const message = await next<MessageEvent>(remote, 'message');
    received.push(message.data as string);
  }
  return received;
}

const tenMessages = Array.from({ length: 10 }, (_, round) => `message ${round}`);

test("announced channel: when the remote message event fires, the sender's bufferedAmount no longer counts it", async () => {
  expect(await amountsSeenByRemoteMessages({})).toEqual(new Array(20).fill(0));
});

test("negotiated channel: when the remote message event fires, the sender's bufferedAmount no longer counts it", async () => {
  expect(await amountsSeenByRemoteMessages({ negotiated: true, id: 4 })).toEqual(
    new Array(20).fill(0),
  );
});

test('announced channel: code awaiting bufferedamountlow then the message gets both, message after message', async () => {
  expect(await messagesAfterLowEvents({})).toEqual(tenMessages);
});

test('negotiated channel: code awaiting bufferedamountlow then the message gets both, message after message', async () => {
  expect(await messagesAfterLowEvents({ negotiated: true, id: 4 })).toEqual(tenMessages);
});

test('close() right after send keeps the bytes in bufferedAmount for the rest of the task', async () => {
  const { local } = await pair();
  local.send(new Uint8Array(5));
  local.close();
  expect(local.readyState).toBe('closing');
  expect(local.bufferedAmount).toBe(5);
});
