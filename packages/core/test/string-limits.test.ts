// Strings that would crash libdatachannel, or that it cannot send, are refused with an
// RtcError before node-datachannel sees them. A child process, because the failure is a crash.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { runChild } from './helpers/child.js';

const execFileAsync = promisify(execFile);

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

// Issue 18: the URL limits follow the stack the call runs on. Before, with `ulimit -s 2048` an
// 8,175-byte WebSocket URL was a SIGSEGV, with 1 MiB 4,000 bytes, an ICE URL of 2,022 bytes at
// 512 KiB; now each is refused with its typed error and a URL at the limit is accepted.
describe('URL limits follow the real stack', () => {
  const script = fileURLToPath(new URL('./children/stack-bound-strings.mjs', import.meta.url));
  const expectRefusedAbove = (stdout: string, limit: number) => {
    for (const length of [8175, 4000, 2022]) {
      const refused = length > limit;
      expect(stdout).toContain(
        `websocket-url ${length}: ${refused ? 'RtcError INVALID_ARGUMENT' : 'accepted'}`,
      );
      expect(stdout).toContain(
        `ice-url ${length}: ${refused ? 'RtcError INVALID_CONFIG' : 'accepted'}`,
      );
    }
    expect(stdout).toContain(`websocket-url ${limit}: accepted`);
    expect(stdout).toContain(`ice-url ${limit}: accepted`);
    expect(stdout).toContain('finished');
  };

  test.each([2048, 1024, 512])('main thread under ulimit -s %i', async (kib) => {
    const { stdout } = await run('/bin/sh', [
      '-c',
      `ulimit -s ${kib} && exec "${process.execPath}" "${script}" main ${kib}`,
    ]);
    expectRefusedAbove(stdout, kib);
  });

  test.each([0.5, 1])('a Worker with resourceLimits.stackSizeMb %s', async (mb) => {
    const { stdout } = await run(process.execPath, [script, 'worker', String(mb)]);
    expectRefusedAbove(stdout, mb * 1024);
  });
});

/** Runs a command to its end; fails on a signal (a crash) or a non-zero exit, with its output. */
async function run(command: string, args: string[]): Promise<{ stdout: string }> {
  try {
    const { stdout } = await execFileAsync(command, args, { timeout: 60_000 });
    return { stdout };
  } catch (error) {
    const { code, signal, stdout, stderr } = error as Record<string, unknown>;
    throw new Error(
      `exit ${String(code)} signal ${String(signal)}\n${String(stdout)}\n${String(stderr)}`,
    );
  }
}
