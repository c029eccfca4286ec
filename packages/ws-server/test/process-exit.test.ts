import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const child = join(here, 'children', 'serve-then-exit.mjs');
const built = existsSync(join(here, '..', 'dist', 'index.js'));

/** Runs the child; resolves with its exit code, output and how long it took. */
function run(
  args: string[],
): Promise<{ code: number | null; signal: string | null; stdout: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const proc = execFile(
      process.execPath,
      [child, ...args],
      { timeout: 20_000, cwd: here },
      (error, stdout) => {
        resolve({
          code: proc.exitCode,
          signal: proc.signalCode ?? (error as { signal?: string } | null)?.signal ?? null,
          stdout,
          ms: Date.now() - started,
        });
      },
    );
  });
}

// The child imports the built package (dist): turbo builds it before `test`.
describe.skipIf(!built)('after serving, the process exits by itself', () => {
  // Retried: node-datachannel now and then loses the close confirmation of a WebSocket (see
  // core's notes), and such a child cannot exit; a regression fails every attempt.
  test('plain and TLS, many times over: exit code 0, in time, having really served', {
    retry: 2,
    timeout: 120_000,
  }, async () => {
    for (let round = 0; round < 3; round++) {
      const results = await Promise.all([run([]), run(['--tls'])]);
      for (const { code, signal, stdout, ms } of results) {
        expect({ code, signal }).toEqual({ code: 0, signal: null });
        expect(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}')).toEqual({
          echoes: 10,
          webrtc: 'over webrtc',
        });
        expect(ms).toBeLessThan(15_000);
      }
    }
  });
});
