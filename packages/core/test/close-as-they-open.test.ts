// 100 data channels closed as they are created or as they open, on a connected pair: the
// remote copies libdatachannel hands over already closed (their close event lost) are dropped,
// every channel settles with its peer, and the process exits by itself. 20 runs, two at a time.
import { expect, test } from 'vitest';
import { type ChildRun, runChild } from './helpers/child.js';

test('100 channels closed as they open: liveObjects() empty and the child exits by itself, 20 runs', async () => {
  const runs: ChildRun[] = [];
  const next = async (): Promise<void> => {
    while (runs.length < 20) {
      const slot = runs.length;
      runs.push(undefined as never);
      runs[slot] = await runChild('close-as-they-open.mjs', ['100'], {
        timeoutMs: 30_000,
        nodeArgs: ['--expose-gc'],
      });
    }
  };
  await Promise.all([next(), next()]);
  for (const run of runs) {
    expect(run.signal, run.stdout + run.stderr).toBeNull();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('live []');
    expect(run.stdout).toMatch(/closed at hand-over 0\n/);
    // Exits by itself once finished (the 30 s kill above would give SIGKILL).
    expect(run.exitAfterFinishedMs).toBeDefined();
  }
  const handedOut = runs.map((run) => Number(/handed out (\d+)/.exec(run.stdout)?.[1]));
  console.log(`remote copies handed out per run: ${handedOut.join(' ')}`);
}, 600_000);
