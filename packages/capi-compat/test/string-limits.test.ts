// Strings that would crash libdatachannel, or that it cannot send, return RTC_ERR_INVALID. A
// child process, because the failure is a crash.
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { RTC_ERR_INVALID } from '../src/index.js';
import { runNode } from './helpers.js';

const program = fileURLToPath(new URL('./fixtures/long-strings.mjs', import.meta.url));
const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));

test('a 30,000-byte WebSocket URL or ICE server URL and a 70,000-byte label give RTC_ERR_INVALID, and the program lives', async () => {
  const run = await runNode([program, entry], { timeoutMs: 20_000 });
  expect(run.signal, run.stderr).toBeNull();
  expect(run.code, run.stderr).toBe(0);
  for (const what of [
    'websocket',
    'websocket-ex',
    'websocket-protocol',
    'peer',
    'label',
    'protocol',
  ])
    expect(run.stdout).toContain(`${what} ${RTC_ERR_INVALID}\n`);
  expect(run.stdout).toContain('finished');
});
