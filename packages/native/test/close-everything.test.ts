// The one cleanup gate, in a child process (what it guards is the process's exit): with peers
// connected and the native logger installed, closeEverything() leaves nothing alive and the
// process exits by itself, 3 runs.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const script = fileURLToPath(new URL('./children/close-everything.mjs', import.meta.url));

test('closeEverything() closes every live object and the process exits by itself (3 runs)', () => {
  for (let run = 0; run < 3; run++) {
    const result = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 60_000 });
    expect(result.signal, `run ${run}: ${result.stderr}`).toBeNull();
    expect(result.status, `run ${run}: ${result.stderr}`).toBe(0);
    const report = JSON.parse(result.stdout.trim().split('\n').at(-1)!);
    expect(report, `run ${run}`).toEqual({ opened: true, before: 4, after: 0, logged: true });
  }
}, 200_000);
