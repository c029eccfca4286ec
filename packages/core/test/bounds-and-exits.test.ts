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
  // Before: about 1.5-2% of 20,000 opens failed with a bare "TCP connection failed" (or closed
  // before opening, without an error), and after the server stopped the process never exited.
  // The cause is libdatachannel 0.24.5's poll thread: it looks sockets up by descriptor number
  // after poll() returned, so an error event of a socket closed meanwhile reaches a new socket
  // that got the same number (raw node-datachannel: 108-142 "TCP connection failed" and 39-141
  // closes without an error in 20,000, while the server accepted all 20,000 connections, the
  // first failure within the first 400, long before any port could be reused). A client tries
  // such a quick failure again on a new native object (measured: 65 retries in 20,000, each at
  // the first attempt, 0-1 ms after it started): every one opens now.
  // One child for the opens, the memory and the exit: it was two runs of the same 20,000
  // connections (this one and hold-limits' RSS check), minutes of the suite each.
  test(
    '20,000 sequential connections after 10,000 to warm up: every one opens, RSS grows under 20 MiB, nothing is left alive, and the process exits within 1 s of stop()',
    async () => {
      const run = await runChild('websocket-churn.mjs', ['20000'], {
        // What is measured is what the server retains, not how large V8 lets its young
        // generation grow (up to 32 MiB of semi-spaces under this allocation rate, kept as RSS
        // after gc(): measured +36 MiB over 7,500 connections with a flat heapUsed, +7 MiB with
        // 1 MiB semi-spaces) nor glibc's per-thread malloc arenas keeping freed memory.
        nodeArgs: ['--expose-gc', '--max-semi-space-size=1'],
        timeoutMs: 20 * 60_000,
        env: { MALLOC_ARENA_MAX: '2' },
      });
      expect(run.signal, run.stderr).toBeNull();
      expect(run.code, run.stderr).toBe(0);
      const result = JSON.parse(run.stdout.trim().split('\n').at(-2)!);
      expect(result.failures, run.stdout).toEqual({});
      expect(result.opened, run.stdout).toBe(30_000);
      // Not every accepted socket is handed to clients$: one whose client closes as it opens can be
      // closed before its own open event (measured 9 of 30,000 once), and then is not handed out.
      expect(result.served, run.stdout).toBeGreaterThan(30_000 - 100);
      expect(result.live, run.stdout).toEqual([]);
      expect(result.growthMiB, run.stderr).toBeLessThan(20);
      expect(run.exitAfterFinishedMs, run.stdout).toBeLessThan(1000);
    },
    21 * 60_000,
  );

  test('3,000 connections, 5 runs: every one opens, and each run exits within 1 s of stop()', async () => {
    for (let i = 0; i < 5; i++) {
      const run = await runChild('websocket-churn.mjs', ['3000'], {
        timeoutMs: 300_000,
        env: { WARM_UP: '0' },
      });
      expect(run.code, run.stderr).toBe(0);
      const result = JSON.parse(run.stdout.trim().split('\n').at(-2)!);
      expect(result.failures, run.stdout).toEqual({});
      expect(result.opened, run.stdout).toBe(3000);
      expect(run.exitAfterFinishedMs, run.stdout).toBeLessThan(1000);
    }
  }, 900_000);
});

// Issue 18: a client WebSocket closed without being opened was released unconfirmed
// (libdatachannel's close() does nothing to a socket that never opened), and its native object
// was kept until the process was idle: a server that never is held one more per socket. Such a
// socket is now opened to port 0 of the loopback address and closed by the refusal, confirmed.
test('20,000 WebSockets closed unopened while others stay alive: none is kept unconfirmed, RSS stays flat, and the process exits within 1 s', async () => {
  const run = await runChild('unconfirmed-releases.mjs', ['20000'], {
    nodeArgs: ['--expose-gc', '--max-semi-space-size=1'],
    timeoutMs: 300_000,
    env: { MALLOC_ARENA_MAX: '2' },
  });
  expect(run.signal, run.stderr).toBeNull();
  expect(run.code, run.stderr).toBe(0);
  const result = JSON.parse(run.stdout.trim().split('\n').at(-2)!);
  expect(result.unconfirmedNatives, run.stdout).toBe(0);
  // Before: one more per socket (20,000). A refusal slower than the 500 ms grace period is
  // settled unconfirmed and forgotten when it is confirmed after all.
  expect(result.peakUnconfirmed, run.stdout).toBeLessThan(200);
  // Measured +11.8 MiB (20,000) and +17.5 MiB (40,000): allocator and heap plateau.
  expect(result.growthMiB, run.stdout).toBeLessThan(32);
  expect(run.exitAfterFinishedMs, run.stdout).toBeLessThan(1000);
}, 320_000);

test('100 channels closed by their creator as they open: every remote copy handed out is seen closed, 5 runs', async () => {
  for (let i = 0; i < 5; i++) {
    const run = await runChild('remote-sees-close.mjs', ['100'], { timeoutMs: 60_000 });
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout.trim().split('\n')[0]!);
    expect(result.neverClosed, run.stdout).toEqual([]);
    expect(run.exitAfterFinishedMs, run.stdout).toBeLessThan(1000);
  }
}, 400_000);
