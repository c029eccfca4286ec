import { expect, test } from 'vitest';
import { runChild } from './helpers/child.js';

test('media sent wrongly gives typed errors, never an abort, and the process exits by itself', async () => {
  const run = await runChild('media-abuse.mjs', [], { timeoutMs: 60_000 });
  expect(run.signal, run.stderr).toBeNull();
  expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
  expect(run.stdout).toMatch(/^finished$/m);
  const codes = JSON.parse(run.stdout.split('\n').find((line) => line.startsWith('{')) ?? '{}');
  // Garbage with a start code is still H.264 to the packetizer: some of it goes out.
  expect(codes.ok).toBeGreaterThan(0);
  for (const code of [
    'INVALID_ARGUMENT',
    'MESSAGE_TOO_LARGE',
    'LIMIT_EXCEEDED',
    'CLOSED',
    'NOT_OPEN',
  ]) {
    expect(codes[code], `${code} in ${run.stdout}`).toBeGreaterThan(0);
  }
  expect(run.exitAfterFinishedMs).toBeLessThan(10_000);
});
