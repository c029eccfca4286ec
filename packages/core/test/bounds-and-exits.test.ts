import { describe, expect, test } from 'vitest';
import { runChild } from './helpers/child.js';

// Issue 18 and 20: each scenario exits by itself within a second of its last close, 20 runs of
// 20 (before: 1.4-2.5 s for a channel closed as created; never, or 7 s and more, after a refused
// URL or a never-opened socket and shutdown()).
describe('the process exits within a second of its last close', () => {
  test.each([
    'channelClosedAsCreated',
    'refusedLongUrl',
    'neverOpenedThenShutdown',
    'refusedSchemeThenShutdown',
    'closedAsItOpens',
  ])(
    '%s, 20 runs of 20',
    async (scenario) => {
      for (let run = 0; run < 20; run++) {
        const result = await runChild('exit-after-last-close.mjs', [scenario], {
          timeoutMs: 30_000,
        });
        expect(result.signal, `run ${run}: ${result.stderr}`).toBeNull();
        expect(result.code, `run ${run}: ${result.stderr}`).toBe(0);
        expect(result.exitAfterFinishedMs, `run ${run}`).toBeLessThan(1000);
      }
    },
    400_000,
  );
});

describe('a hold budget per peer bounds what a remote with many channels makes us hold', () => {
  // 40 channels of 15 MiB each: before the budget, RSS grew by 611 MiB (taken, unread) and 634 MiB
  // (never taken), with no error. The peer budget is 64 MiB by default; the rest is allowance for
  // buffers in flight (measured after: +76 and +79 MiB).
  test.each(['taken', 'untaken'])(
    'channels %s: within 64 MiB + 48 MiB, every channel reported',
    async (mode) => {
      const run = await runChild('peer-budget.mjs', [mode], {
        nodeArgs: ['--expose-gc'],
        timeoutMs: 300_000,
      });
      expect(run.code, run.stderr).toBe(0);
      const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
      expect(result.peakGrowthMiB, run.stdout).toBeLessThan(64 + 48);
      if (mode === 'taken') expect(result.channelOverflows, run.stdout).toBe(40);
      else expect(result.peerOverflows, run.stdout).toBe(40);
    },
    320_000,
  );
});

describe('a core WebSocketServer under churn', () => {
  // Before: about 1.5% of 20,000 opens failed with a bare "TCP connection failed", and after the
  // server stopped the process never exited (liveObjects() empty, even after shutdown()). The
  // failures left are the kernel's (the server's TIME_WAIT on a reused port pair: measured 9 of
  // 20,000 on this busy machine); each says why.
  test('20,000 sequential connections: each opens or says why, and the process exits within 1 s of stop()', async () => {
    const run = await runChild('websocket-open-churn.mjs', ['20000'], { timeoutMs: 600_000 });
    expect(run.signal, run.stderr).toBeNull();
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout.trim().split('\n').at(-2)!);
    const failed = Object.values(result.failures as Record<string, number>).reduce(
      (sum, n) => sum + n,
      0,
    );
    expect(result.opened + failed).toBe(20_000);
    for (const reason of Object.keys(result.failures))
      expect(reason, run.stdout).toMatch(/TIME_WAIT|refused|timed out/);
    // Measured: 9 of 20,000 at load 15, 382-457 (about 2%) on a quiet machine, where the
    // connections come faster; the cause below libdatachannel is not found yet (issue 18), so
    // the bound is what was measured with a margin, and every failure must say why.
    expect(failed, run.stdout).toBeLessThan((20_000 * 5) / 100);
    expect(run.exitAfterFinishedMs, run.stdout).toBeLessThan(1000);
  }, 620_000);

  test('3,000 connections, 5 runs: each exits within 1 s of stop()', async () => {
    for (let i = 0; i < 5; i++) {
      const run = await runChild('websocket-open-churn.mjs', ['3000'], { timeoutMs: 300_000 });
      expect(run.code, run.stderr).toBe(0);
      expect(run.exitAfterFinishedMs, run.stdout).toBeLessThan(1000);
    }
  }, 900_000);
});

test('100 channels closed by their creator as they open: every remote copy handed out is seen closed, 5 runs', async () => {
  for (let i = 0; i < 5; i++) {
    const run = await runChild('remote-sees-close.mjs', ['100'], { timeoutMs: 60_000 });
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout.trim().split('\n')[0]!);
    expect(result.neverClosed, run.stdout).toEqual([]);
    expect(run.exitAfterFinishedMs, run.stdout).toBeLessThan(1000);
  }
}, 400_000);
