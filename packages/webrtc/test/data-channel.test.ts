// RTCDataChannel on a real loopback connection: open, messages of every type, binaryType,
// bufferedAmount and bufferedamountlow as WebRTC 1.0 counts them, close from either side,
// the connection's close, negotiated channels, and getStats.
import { afterEach, expect, test } from 'vitest';
import { RTCError, RTCErrorEvent, RTCPeerConnection } from '../src/index.js';
import { connectedPair, loopback, negotiate, next, trickle, until } from './helpers/peers.js';

const pairs: Array<{ close(): void }> = [];
async function pair(label = 'test', init = {}) {
  const p = await connectedPair(label, init);
  pairs.push(p);
  return p;
}
afterEach(() => {
  for (const p of pairs.splice(0)) p.close();
});

function collect(channel: EventTarget, count: number): Promise<unknown[]> {
  const got: unknown[] = [];
  return new Promise((resolve) => {
    channel.addEventListener('message', (event) => {
      got.push((event as MessageEvent).data);
      if (got.length === count) resolve(got);
    });
  });
}

test('open: both sides open, with the same id and label; the remote one is announced open', async () => {
  const { local, remote } = await pair('chat', { protocol: 'json' });
  expect(local.readyState).toBe('open');
  expect(remote.readyState).toBe('open');
  expect(local.id).not.toBeNull();
  expect(remote.id).toBe(local.id);
  expect(remote.label).toBe('chat');
  expect(remote.protocol).toBe('json');
  expect(remote.ordered).toBe(true);
  expect(remote.negotiated).toBe(false);
});

test('the datachannel event comes before the remote channel open event', async () => {
  const a = new RTCPeerConnection(loopback);
  const b = new RTCPeerConnection(loopback);
  pairs.push({
    close: () => {
      a.close();
      b.close();
    },
  });
  trickle(a, b);
  const order: string[] = [];
  const done = new Promise<void>((resolve) => {
    b.ondatachannel = (event) => {
      order.push(`datachannel:${event.channel.readyState}`);
      event.channel.onopen = () => {
        order.push('open');
        resolve();
      };
    };
  });
  a.createDataChannel('x');
  await negotiate(a, b);
  await done;
  expect(order).toEqual(['datachannel:open', 'open']);
});

test('messages: text, ArrayBuffer, typed array view, DataView and Blob arrive in order as the spec types them', async () => {
  const { local, remote } = await pair();
  const got = collect(remote, 6);
  local.send('héllo');
  local.send(new Uint8Array([1, 2, 3]).buffer);
  local.send(new Uint8Array([9, 1, 2, 3, 9]).subarray(1, 4));
  local.send(new DataView(new Uint8Array([4, 5]).buffer));
  local.send(new Blob([new Uint8Array([6, 7])]));
  local.send('after the blob');
  const messages = await got;
  expect(messages[0]).toBe('héllo');
  for (const m of messages.slice(1, 5)) expect(m).toBeInstanceOf(ArrayBuffer);
  expect([...new Uint8Array(messages[1] as ArrayBuffer)]).toEqual([1, 2, 3]);
  expect([...new Uint8Array(messages[2] as ArrayBuffer)]).toEqual([1, 2, 3]);
  expect([...new Uint8Array(messages[3] as ArrayBuffer)]).toEqual([4, 5]);
  expect([...new Uint8Array(messages[4] as ArrayBuffer)]).toEqual([6, 7]);
  expect(messages[5]).toBe('after the blob');
});

test('anything else is sent as its string (WebIDL USVString); empty messages arrive', async () => {
  const { local, remote } = await pair();
  const got = collect(remote, 4);
  local.send(42 as never);
  local.send(null as never);
  local.send('');
  local.send(new ArrayBuffer(0));
  const messages = await got;
  expect(messages.slice(0, 3)).toEqual(['42', 'null', '']);
  expect((messages[3] as ArrayBuffer).byteLength).toBe(0);
});

test("binaryType 'blob' delivers Blobs; both directions work", async () => {
  const { local, remote } = await pair();
  local.binaryType = 'blob';
  const back = collect(local, 1);
  const there = collect(remote, 1);
  remote.send(new Uint8Array([1, 2]));
  local.send('ping');
  const [blob] = (await back) as Blob[];
  expect(blob).toBeInstanceOf(Blob);
  expect([...new Uint8Array(await (blob as Blob).arrayBuffer())]).toEqual([1, 2]);
  expect(await there).toEqual(['ping']);
});

test('MessageEvent: the message event is Node MessageEvent; onmessage sees it', async () => {
  const { local, remote } = await pair();
  const event = new Promise<MessageEvent>((resolve) => {
    remote.onmessage = resolve;
  });
  local.send('x');
  const received = await event;
  expect(received).toBeInstanceOf(MessageEvent);
  expect(received.data).toBe('x');
});

test('bufferedAmount grows by each message at once (UTF-8 bytes), then falls; bufferedamountlow fires', async () => {
  const { local } = await pair();
  expect(local.bufferedAmount).toBe(0);
  local.send('é');
  expect(local.bufferedAmount).toBe(2);
  local.send(new Uint8Array(1000));
  expect(local.bufferedAmount).toBe(1002);
  await next(local, 'bufferedamountlow');
  expect(local.bufferedAmount).toBe(0);
});

test('bufferedamountlow fires when the amount falls to the threshold during a bulk send', async () => {
  const { local, remote } = await pair();
  local.bufferedAmountLowThreshold = 64 * 1024;
  const chunk = new Uint8Array(64 * 1024);
  let received = 0;
  remote.onmessage = ({ data }) => {
    received += (data as ArrayBuffer).byteLength;
  };
  let lows = 0;
  local.onbufferedamountlow = () => {
    lows += 1;
    expect(local.bufferedAmount).toBeLessThanOrEqual(64 * 1024);
  };
  for (let i = 0; i < 64; i++) local.send(chunk);
  expect(local.bufferedAmount).toBeGreaterThanOrEqual(64 * chunk.byteLength);
  await until(remote, 'message', () => received === 64 * chunk.byteLength);
  await until(local, 'bufferedamountlow', () => local.bufferedAmount <= 64 * 1024);
  expect(lows).toBeGreaterThan(0);
});

test('a message larger than sctp.maxMessageSize is a TypeError, nothing is sent', async () => {
  const { a, local } = await pair();
  const max = a.sctp?.maxMessageSize ?? 0;
  expect(max).toBe(262144);
  expect(() => local.send(new Uint8Array(max + 1))).toThrow(TypeError);
  expect(() => local.send('x'.repeat(max + 1))).toThrow(TypeError);
  expect(() => local.send(new Blob([new Uint8Array(max + 1)]))).toThrow(TypeError);
  expect(local.bufferedAmount).toBe(0);
  local.send(new Uint8Array(max));
});

test('close() from one side: closing then closed, close events on both sides, then send is an InvalidStateError', async () => {
  const { local, remote } = await pair();
  const remoteEvents: string[] = [];
  remote.onclosing = () => remoteEvents.push(`closing:${remote.readyState}`);
  remote.onclose = () => remoteEvents.push(`close:${remote.readyState}`);
  const localClosed = next(local, 'close');
  local.close();
  expect(local.readyState).toBe('closing');
  await localClosed;
  expect(local.readyState).toBe('closed');
  await until(remote, 'close', () => remote.readyState === 'closed');
  expect(remoteEvents).toEqual(['closing:closing', 'close:closed']);
  expect(() => local.send('x')).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
  expect(() => remote.send('x')).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
});

test('messages sent before close() arrive before the remote close event', async () => {
  const { local, remote } = await pair();
  const got: string[] = [];
  remote.onmessage = ({ data }) => got.push(data as string);
  const closed = next(remote, 'close');
  for (let i = 0; i < 50; i++) local.send(`m${i}`);
  local.close();
  await closed;
  expect(got).toEqual(Array.from({ length: 50 }, (_, i) => `m${i}`));
});

test('pc.close() closes every channel at once without events; the remote side sees its channels close', async () => {
  const { a, local, remote } = await pair();
  const localEvents: string[] = [];
  local.onclose = () => localEvents.push('close');
  local.onclosing = () => localEvents.push('closing');
  local.onerror = () => localEvents.push('error');
  local.send('x');
  a.close();
  expect(a.signalingState).toBe('closed');
  expect(local.readyState).toBe('closed');
  await next(remote, 'close');
  expect(remote.readyState).toBe('closed');
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(localEvents).toEqual([]);
});

test('the remote side closing its connection: channels close, connectionState disconnected, operations reject', async () => {
  const { a, b, remote, local } = await pair();
  const closed = next(remote, 'close');
  const sctp = b.sctp as EventTarget & { state: string };
  a.close();
  await closed;
  // The native connection closes after the channels: then b is done with it.
  await until(sctp, 'statechange', () => sctp.state === 'closed');
  expect(['disconnected', 'failed']).toContain(b.connectionState);
  expect(b.signalingState).toBe('stable');
  expect(local.readyState).toBe('closed');
  await expect(b.createOffer()).rejects.toMatchObject({ name: 'InvalidStateError' });
  expect(() => b.createDataChannel('late')).toThrow(
    expect.objectContaining({ name: 'OperationError' }),
  );
});

test('negotiated channels: both sides create them with the same id, no datachannel event', async () => {
  const a = new RTCPeerConnection(loopback);
  const b = new RTCPeerConnection(loopback);
  pairs.push({
    close: () => {
      a.close();
      b.close();
    },
  });
  trickle(a, b);
  let announced = 0;
  b.ondatachannel = () => {
    announced += 1;
  };
  const x = a.createDataChannel('x', { negotiated: true, id: 3 });
  const y = b.createDataChannel('x', { negotiated: true, id: 3 });
  expect([x.id, y.id]).toEqual([3, 3]);
  await negotiate(a, b);
  await Promise.all([next(x, 'open'), next(y, 'open')]);
  const got = collect(y, 1);
  x.send('negotiated');
  expect(await got).toEqual(['negotiated']);
  expect(announced).toBe(0);
});

test('a listener that throws does not reach native code: the exception is reported, the channel keeps working', async () => {
  const { local, remote } = await pair();
  const reported: unknown[] = [];
  const onUncaught = (error: unknown) => reported.push(error);
  process.prependListener('uncaughtException', onUncaught);
  // vitest registers its own handler: keep ours first, then remove it.
  try {
    remote.addEventListener('message', () => {
      throw new Error('listener failure (expected)');
    });
    const got = collect(remote, 2);
    local.send('one');
    local.send('two');
    expect(await got).toEqual(['one', 'two']);
    await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    process.removeListener('uncaughtException', onUncaught);
  }
  expect(reported.length).toBe(2);
});

test('getStats: peer-connection, data-channel, transport, candidate pair and candidates', async () => {
  const { a, local, remote } = await pair();
  const got = collect(remote, 2);
  local.send('abc');
  local.send(new Uint8Array(10));
  await got;
  const report = await a.getStats();
  const byType = new Map([...report.values()].map((s) => [s.type, s]));
  expect(byType.get('peer-connection')).toMatchObject({
    dataChannelsOpened: 1,
    dataChannelsClosed: 0,
  });
  expect(byType.get('data-channel')).toMatchObject({
    label: 'test',
    protocol: '',
    dataChannelIdentifier: local.id,
    state: 'open',
    messagesSent: 2,
    bytesSent: 13,
  });
  expect(byType.get('transport')).toMatchObject({
    dtlsState: 'connected',
    selectedCandidatePairId: 'CP',
  });
  expect((byType.get('transport')?.bytesSent as number) > 0).toBe(true);
  expect(byType.get('candidate-pair')).toMatchObject({
    localCandidateId: 'CL',
    remoteCandidateId: 'CR',
    nominated: true,
  });
  expect(byType.get('local-candidate')).toMatchObject({
    address: '127.0.0.1',
    candidateType: 'host',
  });
  expect(byType.get('remote-candidate')).toMatchObject({ address: '127.0.0.1' });
  for (const [id, stats] of report) {
    expect(stats.id).toBe(id);
    expect(typeof stats.timestamp).toBe('number');
  }
  const remoteReport = await (pairs.at(-1) as unknown as { b: RTCPeerConnection }).b.getStats();
  const remoteChannel = [...remoteReport.values()].find((s) => s.type === 'data-channel');
  expect(remoteChannel).toMatchObject({ messagesReceived: 2, bytesReceived: 13 });
});

test('an error event is an RTCErrorEvent (constructed as the channel would)', () => {
  const pc = new RTCPeerConnection();
  const channel = pc.createDataChannel('x');
  let seen: unknown;
  channel.onerror = (event) => {
    seen = event;
  };
  const event = new RTCErrorEvent('error', {
    error: new RTCError({ errorDetail: 'sctp-failure' }),
  });
  channel.dispatchEvent(event);
  expect(seen).toBe(event);
  pc.close();
});

test('bufferedAmount keeps its value once the channel is closed', async () => {
  const { a, local } = await pair();
  for (let i = 0; i < 8; i++) local.send(new Uint8Array(64 * 1024));
  const before = local.bufferedAmount;
  expect(before).toBeGreaterThanOrEqual(8 * 64 * 1024);
  a.close();
  expect(local.readyState).toBe('closed');
  expect(local.bufferedAmount).toBe(before);
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(local.bufferedAmount).toBe(before);
});

test('transports fire statechange: SCTP and DTLS connected; the remote close closes them', async () => {
  const a = new RTCPeerConnection(loopback);
  const b = new RTCPeerConnection(loopback);
  pairs.push({
    close: () => {
      a.close();
      b.close();
    },
  });
  trickle(a, b);
  const channel = a.createDataChannel('x');
  await negotiate(a, b);
  const sctp = b.sctp;
  expect(sctp).not.toBeNull();
  const seen: string[] = [];
  sctp?.addEventListener('statechange', () => seen.push(`sctp:${sctp.state}`));
  sctp?.transport.addEventListener('statechange', () => seen.push(`dtls:${sctp.transport.state}`));
  await next(channel, 'open');
  await until(b, 'connectionstatechange', () => b.connectionState === 'connected');
  expect(seen).toContain('sctp:connected');
  expect(seen).toContain('dtls:connected');
  a.close();
  await until(sctp as EventTarget, 'statechange', () => sctp?.state === 'closed');
  expect(b.connectionState).toBe('disconnected');
  expect(seen).toContain('sctp:closed');
  expect(seen).toContain('dtls:closed');
  expect(sctp?.maxChannels).toBeNull();
});
