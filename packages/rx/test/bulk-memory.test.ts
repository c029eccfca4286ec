import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

test('200 MiB from a fast cold source arrives intact while the sender stays within 100 MiB of its starting RSS', async () => {
  const script = fileURLToPath(new URL('./children/bulk-200m.mjs', import.meta.url));
  const output = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      ['--expose-gc', script],
      { timeout: 90_000, cwd: fileURLToPath(new URL('.', import.meta.url)) },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
    );
  });
  const result = JSON.parse(output.trim().split('\n').at(-1) as string);
  console.log('bulk 200 MiB:', result);
  expect(result.received).toBe(200 * 1024 * 1024);
  expect(result.intact).toBe(true);
  expect(result.growthMiB).toBeLessThan(100);
}, 120_000);
