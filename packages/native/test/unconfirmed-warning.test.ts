// Issue 18: native objects released without node-datachannel's close confirmation are kept until
// nothing is alive (dropping one would let cleanup() touch freed memory). They are not capped;
// the process warns when 10,000 are kept, and closeEverything() releases them.
import { expect, test } from 'vitest';
import { NativeWebSocketClass } from '../src/binding.js';
import { closeEverything } from '../src/lifetime/cleanup-gate.js';
import type { LiveObject } from '../src/lifetime/process-store.js';
import { processStore } from '../src/lifetime/process-store.js';
import { keepAlive, settle } from '../src/lifetime/registry.js';
import {
  settleUnconfirmed,
  UNCONFIRMED_WARNING_THRESHOLD,
} from '../src/lifetime/unconfirmed-release.js';

test('10,000 kept unconfirmed natives raise one RXDC_UNCONFIRMED_RELEASES warning; closeEverything() releases them', async () => {
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => warnings.push(warning);
  process.on('warning', onWarning);
  // Something stays alive meanwhile, as on a server that is never idle.
  const server: LiveObject = { kind: 'WebSocketServer', close: () => settle(server) };
  keepAlive(server);
  try {
    for (let i = 0; i < UNCONFIRMED_WARNING_THRESHOLD + 10; i++) {
      // A real native client closed without being opened: node-datachannel never confirms it.
      const native = new NativeWebSocketClass();
      native.close();
      const object: LiveObject = { kind: 'WebSocket', close: () => {} };
      keepAlive(object);
      settleUnconfirmed(object, native);
    }
    expect(processStore().unconfirmedNatives?.size).toBe(UNCONFIRMED_WARNING_THRESHOLD + 10);
    await new Promise((resolve) => setImmediate(resolve));
    const ours = warnings.filter(
      (warning) => (warning as Error & { code?: string }).code === 'RXDC_UNCONFIRMED_RELEASES',
    );
    expect(ours).toHaveLength(1);
    expect(ours[0]?.message).toMatch(/^10000 native objects whose close/);
  } finally {
    process.off('warning', onWarning);
    await closeEverything();
  }
  expect(processStore().unconfirmedNatives?.size ?? 0).toBe(0);
});
