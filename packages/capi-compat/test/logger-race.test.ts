// Issue 18: a fuzzing run ended in a SIGSEGV after rtcInitLogger. node-datachannel replaces its
// logger callback without a lock, freeing the one a libdatachannel thread may be calling for a
// line it logs. rxdc now installs the native logger only while no libdatachannel thread runs:
// 20,000 random rtcInitLogger calls during traffic make no native install at all (before: 34,203
// installs, each a chance of that use-after-free), and the child ends cleanly.
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { runNode } from './helpers.js';

test('rtcInitLogger hammered during traffic never replaces the native logger while it runs', async () => {
  const script = fileURLToPath(new URL('./fixtures/logger-race.mjs', import.meta.url));
  const run = await runNode([script, '20000'], { timeoutMs: 180_000 });
  expect(run.signal, run.stderr.slice(-2000)).toBeNull();
  expect(run.code, run.stderr.slice(-2000)).toBe(0);
  const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
  expect(result.echoed).toBeGreaterThan(0);
  expect(result.nativeInstalls).toBe(1);
  expect(result.installsWhileRunning).toBe(0);
}, 200_000);
