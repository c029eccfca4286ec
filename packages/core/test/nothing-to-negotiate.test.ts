// setLocalDescription with nothing to negotiate aborts node-datachannel (SIGABRT): rxdc refuses
// it with libdatachannel's own rule (no remote description, no data channel ever created, every
// added track closed). Child processes, because the failure is an abort.
import { expect, test } from 'vitest';
import { runChild } from './helpers/child.js';

const cases = {
  'track-closed': 'RtcError NOTHING_TO_NEGOTIATE',
  'rollback-then-track-closed': 'RtcError NOTHING_TO_NEGOTIATE',
  'two-tracks-one-closed': 'set',
  'channel-closed': 'set',
} as const;

for (const [which, outcome] of Object.entries(cases)) {
  test(`setLocalDescription, ${which}: ${outcome}, and the process exits by itself`, async () => {
    const run = await runChild('nothing-to-negotiate.mjs', [which], { timeoutMs: 20_000 });
    expect(run.signal, run.stderr).toBeNull();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`outcome: ${outcome}\n`);
  });
}
