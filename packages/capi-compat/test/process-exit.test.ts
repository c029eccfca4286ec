// A program calling rtcCleanup exits by itself, quickly, with code 0, run after run.
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { runNode } from './helpers.js';

const program = fileURLToPath(new URL('./fixtures/c-program.mjs', import.meta.url));
const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));

for (const mode of ['plain', 'logger', 'throw']) {
  test(`C-style program (${mode}) exits by itself after rtcCleanup, 4 runs`, async () => {
    for (let run = 0; run < 4; run++) {
      const result = await runNode([program, entry, mode], { timeoutMs: 12_000 });
      expect(result.signal, result.stderr).toBeNull();
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain(mode === 'throw' ? 'got contained' : 'got ping');
      const cleanupAt = Number(result.stdout.match(/cleanup at (\d+) ms/)?.[1]);
      // exits within a couple of seconds of rtcCleanup (process start included in ms)
      expect(result.ms - cleanupAt).toBeLessThan(3000);
      if (mode === 'throw') expect(result.stderr).toContain('user callback failure (expected)');
    }
  });
}
