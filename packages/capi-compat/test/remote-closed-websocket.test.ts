// A C-style program whose WebSocket is closed by the other side (the connection is refused,
// or the server deletes its side first), then deletes everything and calls rtcCleanup, exits
// by itself, with and without a log callback, 10 runs of 10. (Before @rxdc/native closed a
// socket natively again after a remote close, every one of these runs hung.)
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { runNode } from './helpers.js';

const program = fileURLToPath(new URL('./fixtures/remote-closed-websocket.mjs', import.meta.url));
const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));

for (const mode of ['refused', 'server-deletes']) {
  for (const logger of ['', 'logger']) {
    test(`WebSocket closed by the other side (${mode}${logger ? ', with rtcInitLogger' : ''}): exits by itself, 10 runs`, async () => {
      for (let run = 0; run < 10; run++) {
        const result = await runNode([program, entry, mode, logger], { timeoutMs: 20_000 });
        expect(result.signal, result.stderr).toBeNull();
        expect(result.code, result.stderr).toBe(0);
        expect(result.stdout).toContain('closed by the other side');
        expect(result.stdout).toContain('cleanup at');
      }
    }, 300_000);
  }
}
