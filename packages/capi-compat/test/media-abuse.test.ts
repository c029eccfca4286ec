// Media calls that natively abort the process or are dropped silently: each answers its code
// and the program lives. A child process, because the failure would be an abort.
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { RTC_ERR_FAILURE, RTC_ERR_INVALID, RTC_ERR_SUCCESS } from '../src/index.js';
import { runNode } from './helpers.js';

const program = fileURLToPath(new URL('./fixtures/media-abuse.mjs', import.meta.url));
const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));

test('malformed NAL units, oversized frames, frames before open and after close, a closed peer: codes, never an abort', async () => {
  const run = await runNode([program, entry], { timeoutMs: 60_000 });
  expect(run.stderr).not.toMatch(/terminate called|Track is not open/);
  expect(run.signal, run.stderr).toBeNull();
  expect(run.code, run.stderr).toBe(0);
  const codes = Object.fromEntries(
    run.stdout
      .trim()
      .split('\n')
      .filter((line) => line.includes(' '))
      .map((line) => line.split(' ').map((part, i) => (i === 1 ? Number(part) : part))),
  );
  expect(codes).toEqual({
    packetizer: RTC_ERR_SUCCESS,
    'before-open-send': RTC_ERR_FAILURE,
    'before-open-keyframe': RTC_ERR_FAILURE,
    'before-open-bitrate': RTC_ERR_FAILURE,
    'malformed-length': RTC_ERR_INVALID,
    'truncated-length': RTC_ERR_INVALID,
    'empty-frame': RTC_ERR_INVALID,
    'good-length': RTC_ERR_SUCCESS,
    'oversized-frame': RTC_ERR_INVALID,
    'no-start-code': RTC_ERR_INVALID,
    'open-keyframe': RTC_ERR_SUCCESS,
    'open-bitrate': RTC_ERR_SUCCESS,
    'closed-send': RTC_ERR_FAILURE,
    'closed-keyframe': RTC_ERR_FAILURE,
    'closed-packetizer': RTC_ERR_FAILURE,
    'closed-chain': RTC_ERR_FAILURE,
    'closed-set-timestamp': RTC_ERR_FAILURE,
    'closed-get-timestamp': RTC_ERR_SUCCESS,
    'deleted-send': RTC_ERR_INVALID,
    'deleted-keyframe': RTC_ERR_INVALID,
    'closed-peer-send': RTC_ERR_FAILURE,
    'closed-peer-keyframe': RTC_ERR_FAILURE,
    'closed-peer-chain': RTC_ERR_FAILURE,
    // The remote side may still be open (SUCCESS) or closed by now (FAILURE): either, no abort.
    'closed-peer-remote-keyframe':
      codes['closed-peer-remote-keyframe'] === RTC_ERR_SUCCESS ? RTC_ERR_SUCCESS : RTC_ERR_FAILURE,
    'closed-peer-remote-bitrate':
      codes['closed-peer-remote-bitrate'] === RTC_ERR_SUCCESS ? RTC_ERR_SUCCESS : RTC_ERR_FAILURE,
  });
  expect(run.stdout).toContain('finished');
});
