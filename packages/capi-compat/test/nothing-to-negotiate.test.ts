// rtcSetLocalDescription with nothing left to negotiate (the only track closed) would abort
// node-datachannel: RTC_ERR_FAILURE. A child process, because the failure is an abort.
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { RTC_ERR_FAILURE } from '../src/index.js';
import { runNode } from './helpers.js';

const program = fileURLToPath(new URL('./fixtures/nothing-to-negotiate.mjs', import.meta.url));
const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));

test('rtcSetLocalDescription after the only track closed (and a rollback) gives RTC_ERR_FAILURE, and the program lives', async () => {
  const run = await runNode([program, entry], { timeoutMs: 20_000 });
  expect(run.signal, run.stderr).toBeNull();
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain('track true');
  expect(run.stdout).toContain(`sld ${RTC_ERR_FAILURE}\n`);
  expect(run.stdout).toContain('finished');
});
