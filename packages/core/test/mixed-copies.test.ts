// One registry per process: @rxdc/core loaded through `import` and `require`, plus
// @rxdc/capi-compat, in one child process; shutdown() and rtcCleanup() in either order; the
// process exits by itself, 20 runs of 20 (two children at a time: the machine is shared).
import { expect, test } from 'vitest';
import { type ChildRun, runChild } from './helpers/child.js';

const runs = 20;
const concurrency = 2;

test(`ESM core, CommonJS core and capi-compat share one registry and exit, ${runs} runs`, async () => {
  const results: Array<{ order: string; run: ChildRun }> = [];
  let next = 0;
  const worker = async () => {
    while (next < runs) {
      const index = next++;
      const order = index % 2 === 0 ? 'shutdown-first' : 'cleanup-first';
      results.push({
        order,
        run: await runChild('mixed-copies.mjs', [order], { timeoutMs: 30_000 }),
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const failures = results.filter(({ run }) => run.code !== 0 || run.signal !== null);
  expect(
    failures.map(({ order, run }) => `${order}: code ${run.code} ${run.signal} ${run.stderr}`),
  ).toEqual([]);
  for (const { run } of results) {
    // 11 when the cross-copy pair opened; fewer when its connection failed (a DTLS check, now
    // and then on a busy machine), which closes it: the child checks the counts itself.
    expect(run.stdout).toMatch(/live before cleanup: \d+/);
    expect(run.stdout).toContain('finished');
  }
}, 600_000);
