// Memory a remote sender can make a framed receiver hold (issue 18), each in a child process
// (test/children/tiny-flood.mjs) on real loopback peers, measured against a stated budget.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

/** Credit charged per message beyond its bytes (ENTRY_COST of wire version 3). */
const ENTRY_COST = 256;

function runChild(mode: string): Promise<Record<string, number>> {
  const script = fileURLToPath(new URL('./children/tiny-flood.mjs', import.meta.url));
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--expose-gc', script, mode],
      { timeout: 120_000, cwd: fileURLToPath(new URL('.', import.meta.url)) },
      (error, stdout, stderr) =>
        error
          ? reject(new Error(`${error.message}\n${stderr}`))
          : resolve(JSON.parse(stdout.trim().split('\n').at(-1) as string)),
    );
  });
}

describe('a framed receiver holds what its window says, whatever the sender sends', () => {
  test('empty messages as fast as the credit allows: at most window / (5 + 256) held, heap within 16 MiB, RSS within 32 MiB', async () => {
    const result = await runChild('tiny');
    console.log('empty-message flood:', result);
    const bound = Math.floor((result.window as number) / (5 + ENTRY_COST));
    // Wire version 2 held 837,730 here (heap +182 MiB, RSS +238 MiB).
    expect(result.held).toBeLessThanOrEqual(bound);
    // The flood really happened: the sender filled most of the window.
    expect(result.held).toBeGreaterThan(bound / 2);
    expect(result.heapGrowthMiB).toBeLessThan(16);
    expect(result.rssGrowthMiB).toBeLessThan(32);
  }, 150_000);

  test('a 16-byte first fragment announcing 64 MiB allocates at most 256 KiB until the bytes arrive', async () => {
    const result = await runChild('fragment');
    console.log('announced 64 MiB:', result);
    // Before: the announced 64 MiB at once.
    expect(result.arrayBuffersGrowthMiB).toBeLessThan(1);
    expect(result.rssGrowthMiB).toBeLessThan(16);
  }, 150_000);
});
