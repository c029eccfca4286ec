// createDataChannel: WebIDL conversions, defaults and the exceptions of WebRTC 1.0's
// createDataChannel algorithm, on a connection that is not negotiated yet.
import { afterEach, beforeEach, expect, test } from 'vitest';
import { RTCDataChannel, RTCPeerConnection } from '../src/index.js';
import { next } from './helpers/peers.js';

let pc: RTCPeerConnection;
beforeEach(() => {
  pc = new RTCPeerConnection();
});
afterEach(() => pc.close());

test('defaults: ordered, no partial reliability, no protocol, not negotiated, id null, connecting', () => {
  const channel = pc.createDataChannel('chat');
  expect(channel).toBeInstanceOf(RTCDataChannel);
  expect(channel).toBeInstanceOf(EventTarget);
  expect(channel).toMatchObject({
    label: 'chat',
    ordered: true,
    maxPacketLifeTime: null,
    maxRetransmits: null,
    protocol: '',
    negotiated: false,
    id: null,
    readyState: 'connecting',
    bufferedAmount: 0,
    bufferedAmountLowThreshold: 0,
    binaryType: 'arraybuffer',
  });
  for (const name of [
    'onopen',
    'onmessage',
    'onbufferedamountlow',
    'onerror',
    'onclosing',
    'onclose',
  ])
    expect((channel as unknown as Record<string, unknown>)[name], name).toBeNull();
});

test('the label is a USVString: null is "null", undefined is "undefined", a lone surrogate is U+FFFD', () => {
  expect(pc.createDataChannel(null as never).label).toBe('null');
  expect(pc.createDataChannel(undefined as never).label).toBe('undefined');
  expect(pc.createDataChannel(7 as never).label).toBe('7');
  expect(pc.createDataChannel('a\uD800b').label).toBe('a\uFFFDb');
  expect(pc.createDataChannel('').label).toBe('');
});

test('options are read as given', () => {
  const channel = pc.createDataChannel('x', {
    ordered: false,
    maxRetransmits: 3,
    protocol: 'json',
  });
  expect([
    channel.ordered,
    channel.maxRetransmits,
    channel.maxPacketLifeTime,
    channel.protocol,
  ]).toEqual([false, 3, null, 'json']);
  const timed = pc.createDataChannel('y', { maxPacketLifeTime: 65535 });
  expect(timed.maxPacketLifeTime).toBe(65535);
  const negotiated = pc.createDataChannel('z', { negotiated: true, id: 42 });
  expect([negotiated.negotiated, negotiated.id]).toEqual([true, 42]);
});

test('the id of a channel that is not negotiated is ignored', () => {
  expect(pc.createDataChannel('x', { id: 7 }).id).toBeNull();
  expect(pc.createDataChannel('x', { id: 65535 }).id).toBeNull();
});

test('[EnforceRange] unsigned short: out of range, NaN or Infinity is a TypeError', () => {
  for (const init of [
    { maxPacketLifeTime: 65536 },
    { maxPacketLifeTime: -1 },
    { maxRetransmits: 70000 },
    { maxRetransmits: Number.NaN },
    { id: 65536, negotiated: true },
    { id: -1, negotiated: true },
    { id: Number.POSITIVE_INFINITY, negotiated: true },
  ])
    expect(() => pc.createDataChannel('x', init), JSON.stringify(init)).toThrow(TypeError);
});

test('maxPacketLifeTime and maxRetransmits together are a TypeError', () => {
  expect(() => pc.createDataChannel('x', { maxPacketLifeTime: 1, maxRetransmits: 1 })).toThrow(
    TypeError,
  );
  expect(() => pc.createDataChannel('x', { maxPacketLifeTime: 0, maxRetransmits: 0 })).toThrow(
    TypeError,
  );
});

test('negotiated without id, or id 65535, is a TypeError', () => {
  expect(() => pc.createDataChannel('x', { negotiated: true })).toThrow(TypeError);
  expect(() => pc.createDataChannel('x', { negotiated: true, id: 65535 })).toThrow(TypeError);
});

test('a label or protocol over 65535 bytes of UTF-8 is a TypeError', () => {
  expect(() => pc.createDataChannel('é'.repeat(32768))).toThrow(TypeError);
  expect(() => pc.createDataChannel('x', { protocol: 'x'.repeat(65536) })).toThrow(TypeError);
  expect(pc.createDataChannel('x'.repeat(65535)).label.length).toBe(65535);
});

test('no argument, or options that are not a dictionary, is a TypeError', () => {
  expect(() => (pc.createDataChannel as unknown as () => unknown)()).toThrow(TypeError);
  expect(() => pc.createDataChannel('x', 5 as never)).toThrow(TypeError);
});

test('a negotiated id already in use is an OperationError', () => {
  pc.createDataChannel('a', { negotiated: true, id: 5 });
  expect(() => pc.createDataChannel('b', { negotiated: true, id: 5 })).toThrow(
    expect.objectContaining({ name: 'OperationError' }),
  );
});

test('on a closed connection: InvalidStateError (after argument conversion)', () => {
  pc.close();
  expect(() => pc.createDataChannel('x')).toThrow(
    expect.objectContaining({ name: 'InvalidStateError' }),
  );
  expect(() => pc.createDataChannel('x', { maxRetransmits: -1 })).toThrow(TypeError);
});

test('the first channel fires negotiationneeded once, later ones do not', async () => {
  let count = 0;
  pc.onnegotiationneeded = () => {
    count += 1;
  };
  pc.createDataChannel('a');
  pc.createDataChannel('b');
  await next(pc, 'negotiationneeded');
  await new Promise((resolve) => setImmediate(resolve));
  pc.createDataChannel('c');
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(count).toBe(1);
});

test('send before open is an InvalidStateError; close() of a connecting channel reaches closed with a close event', async () => {
  const channel = pc.createDataChannel('x');
  expect(() => channel.send('x')).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
  expect(() => (channel.send as unknown as () => void)()).toThrow(TypeError);
  channel.close();
  expect(channel.readyState).toBe('closing');
  await next(channel, 'close');
  expect(channel.readyState).toBe('closed');
  channel.close();
  expect(channel.readyState).toBe('closed');
});

test('binaryType accepts blob and arraybuffer, ignores anything else; the threshold is an unsigned long', () => {
  const channel = pc.createDataChannel('x');
  channel.binaryType = 'blob';
  expect(channel.binaryType).toBe('blob');
  channel.binaryType = 'nodebuffer' as never;
  expect(channel.binaryType).toBe('blob');
  channel.binaryType = 'arraybuffer';
  expect(channel.binaryType).toBe('arraybuffer');
  channel.bufferedAmountLowThreshold = 1024;
  expect(channel.bufferedAmountLowThreshold).toBe(1024);
  channel.bufferedAmountLowThreshold = -1;
  expect(channel.bufferedAmountLowThreshold).toBe(4294967295);
});

test('on<event> attributes: a handler replaces the previous one, null removes it', () => {
  const channel = pc.createDataChannel('x');
  const calls: string[] = [];
  const first = () => calls.push('first');
  channel.onopen = first;
  expect(channel.onopen).toBe(first);
  channel.onopen = () => calls.push('second');
  channel.dispatchEvent(new Event('open'));
  channel.onopen = null;
  expect(channel.onopen).toBeNull();
  channel.dispatchEvent(new Event('open'));
  channel.onopen = 'not callable' as never;
  expect(channel.onopen).toBeNull();
  expect(calls).toEqual(['second']);
});
