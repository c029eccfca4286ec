// Strings that would crash libdatachannel, or that it cannot send, are refused with an
// RtcError before node-datachannel sees them. A child process, because the failure is a crash.
import { expect, test } from 'vitest';
import { runChild } from './helpers/child.js';

test('a 30,000-byte WebSocket URL or ICE server URL and a 70,000-byte label are refused, and the process lives', async () => {
  const run = await runChild('long-strings.mjs', ['30000'], {
    timeoutMs: 30_000,
    nodeArgs: ['--expose-gc'],
  });
  expect(run.signal, run.stderr).toBeNull();
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain('websocket-url: RtcError INVALID_ARGUMENT');
  expect(run.stdout).toContain('websocket-url-utf8: RtcError INVALID_ARGUMENT');
  expect(run.stdout).toContain('ice-url: RtcError INVALID_CONFIG');
  expect(run.stdout).toContain('label: RtcError INVALID_ARGUMENT');
  expect(run.stdout).toContain('protocol: RtcError INVALID_ARGUMENT');
  expect(run.stdout).toContain('websocket-protocol: RtcError INVALID_CONFIG');
  expect(run.stdout).toContain('label-at-limit: accepted');
  expect(run.stdout).toContain('websocket-url-at-limit: accepted');
  expect(run.stdout).toContain('live 0');
});
