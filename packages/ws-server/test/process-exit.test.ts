import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const child = join(here, 'children', 'serve-then-exit.mjs');
const built = existsSync(join(here, '..', 'dist', 'index.js'));

/** Runs the child; resolves with its exit code, output and how long it took. */
function run(args: string[]): Promise<{
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  ms: number;
}> {
  const started = Date.now();
  return new Promise((resolve) => {
    const proc = execFile(
      process.execPath,
      [child, ...args],
      { timeout: 30_000, cwd: here },
      (error, stdout, stderr) => {
        resolve({
          code: proc.exitCode,
          signal: proc.signalCode ?? (error as { signal?: string } | null)?.signal ?? null,
          stdout,
          stderr,
          ms: Date.now() - started,
        });
      },
    );
  });
}

// The child imports the built package (dist): turbo builds it before `test`. No retry: every
// one of the 400 children must serve, stop and exit by itself with code 0.
describe.skipIf(!built)('after serving, the process exits by itself', () => {
  test('20 runs of 20 children (plain and TLS): exit code 0, having really served', {
    timeout: 900_000,
  }, async () => {
    const webrtc: string[] = [];
    for (let round = 0; round < 20; round++) {
      // Four at a time on a shared two-core machine.
      for (let batch = 0; batch < 5; batch++) {
        const results = await Promise.all(
          [0, 1, 2, 3].map((i) => run((batch + i) % 2 === 0 ? [] : ['--tls'])),
        );
        for (const { code, signal, stdout, stderr } of results) {
          expect({ code, signal, stderr }).toEqual({ code: 0, signal: null, stderr: '' });
          const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
          expect(result.echoes).toBe(20);
          webrtc.push(result.webrtc);
        }
      }
    }
    expect(webrtc).toHaveLength(400);
    // Most WebRTC clients come up; the ones that do not still let their process exit.
    expect(webrtc.filter((w) => w === 'over webrtc').length).toBeGreaterThan(300);
  });
});
