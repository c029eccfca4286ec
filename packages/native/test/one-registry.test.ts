// The layer's own rules, on two copies loaded side by side (its source, and its CommonJS build,
// as an app that mixes `import` and `require` loads two): one registry, one RtcError, refusals.
import { createRequire } from 'node:module';
import { expect, test } from 'vitest';
import * as esm from '../src/index.js';

const cjs = createRequire(import.meta.url)('../dist/index.cjs') as typeof esm;

test('the ESM and CommonJS builds are two copies that share one registry', () => {
  expect(cjs.keepAlive).not.toBe(esm.keepAlive);
  const server = { kind: 'WebSocketServer' as const, close: () => cjs.settle(server) };
  esm.keepAlive(server);
  expect(cjs.liveObjects()).toEqual([{ kind: 'WebSocketServer', closing: false }]);
  cjs.markClosing(server);
  expect(esm.liveObjects()).toEqual([{ kind: 'WebSocketServer', closing: true }]);
  server.close();
  expect(esm.liveObjects()).toEqual([]);
});

test('an RtcError of one copy is instanceof the other, and a plain Error is not', () => {
  expect(new cjs.RtcError('CLOSED', 'x')).toBeInstanceOf(esm.RtcError);
  expect(new esm.RtcError('CLOSED', 'x')).toBeInstanceOf(cjs.RtcError);
  expect(new Error('x')).not.toBeInstanceOf(esm.RtcError);
  class Special extends esm.RtcError {}
  expect(new esm.RtcError('CLOSED', 'x')).not.toBeInstanceOf(Special);
  expect(new Special('CLOSED', 'x')).toBeInstanceOf(Special);
});

test('an incompatible store already on the global is refused, not shadowed', () => {
  const key = Symbol.for('rxdc.native.registry');
  const store = (globalThis as Record<symbol, { version: number }>)[key];
  expect(store?.version).toBe(1);
  store!.version = 99;
  try {
    expect(() => esm.liveObjects()).toThrow(/incompatible copy/);
  } finally {
    store!.version = 1;
  }
});

test('setLocalDescription refusals: each call that would abort node-datachannel', () => {
  const code = (call: () => void) => {
    try {
      call();
      return 'ok';
    } catch (error) {
      return error instanceof esm.RtcError ? error.code : 'not an RtcError';
    }
  };
  expect(code(() => esm.checkLocalDescription(undefined, 'stable', false))).toBe(
    'NOTHING_TO_NEGOTIATE',
  );
  expect(code(() => esm.checkLocalDescription('answer', 'stable', true))).toBe('INVALID_STATE');
  expect(code(() => esm.checkLocalDescription('offer', 'have-remote-offer', true))).toBe(
    'INVALID_STATE',
  );
  expect(code(() => esm.checkLocalDescription('offer', 'have-local-pranswer', true))).toBe(
    'INVALID_STATE',
  );
  expect(code(() => esm.checkLocalDescription('offer', 'closed', true))).toBe('INVALID_STATE');
  expect(code(() => esm.checkLocalDescription('bogus', 'stable', true))).toBe('INVALID_ARGUMENT');
  expect(code(() => esm.checkLocalDescription('rollback', 'have-local-offer', false))).toBe('ok');
  expect(code(() => esm.checkLocalDescription(undefined, 'stable', true))).toBe('ok');
});

test('limits: the MTU and early remote candidates', () => {
  expect(() => esm.checkMtu(esm.MAX_MTU)).not.toThrow();
  expect(() => esm.checkMtu(esm.MAX_MTU + 1)).toThrow(/above 4096/);
  expect(() => esm.checkMtu(-1)).toThrow(esm.RtcError);
  const early = new esm.EarlyRemoteCandidates();
  for (let i = 0; i < esm.MAX_EARLY_REMOTE_CANDIDATES; i++)
    early.hold({ candidate: `candidate:${i}`, mid: '0' });
  expect(() => early.hold({ candidate: 'candidate:x', mid: '0' })).toThrow(/more than 256/);
  expect(early.take()).toHaveLength(esm.MAX_EARLY_REMOTE_CANDIDATES);
  expect(early.take()).toEqual([]);
});
