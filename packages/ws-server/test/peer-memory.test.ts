// Peers from many addresses: maxPeers refuses what is over the cap at the upgrade (503), and
// the memory of released peers is reused: waves of 2,000 upgrades from 16 loopback addresses
// leave the process at the same size after the third wave as after the first (no growth per
// wave), with the JavaScript heap back to its size before. In a child process, --expose-gc.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const built = existsSync(join(here, '..', 'dist', 'index.js'));

describe.skipIf(!built)('peer memory', () => {
  test('3 waves of 2,000 upgrades from 16 addresses, maxPeers 1,000: half refused with 503, RSS does not grow per wave', {
    timeout: 300_000,
  }, async () => {
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        ['--expose-gc', join(here, 'children', 'peer-churn-rss.mjs'), '6000', '2000', '1000'],
        { timeout: 240_000 },
        (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out)),
      ),
    );
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
    console.log(`peer churn (MiB): ${JSON.stringify(result)}`);
    expect({ served: result.served, refused: result.refused, error: result.error }).toEqual({
      served: 3000,
      refused: 3000,
      error: 0,
    });
    expect(result.peers).toBe(3000);
    // A peer kept alive would add about 0.2 MiB each: 200 MiB per wave. Reuse adds nothing.
    const [first, , third] = result.afterWaves as number[];
    expect((third as number) - (first as number)).toBeLessThan(48);
    expect(result.heapUsed).toBeLessThan(48);
  });
});
