// Both entries of each build share one copy of their code: the C-style API's server is the
// main entry's WsServer class in CommonJS as in ESM (each CommonJS entry used to bundle its own).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));

function identity(script: string, type: 'commonjs' | 'module'): string {
  return execFileSync(process.execPath, ['--input-type', type, '-e', script], {
    cwd: dist,
    encoding: 'utf8',
    timeout: 30_000,
  }).trim();
}

test('dsl_websocket_server() is a WsServer in the CommonJS build', () => {
  const out = identity(
    "const { WsServer } = require('./index.cjs'); const { dsl_websocket_server } = require('./dsl.cjs');" +
      'console.log(dsl_websocket_server() instanceof WsServer);',
    'commonjs',
  );
  expect(out).toBe('true');
});

test('dsl_websocket_server() is a WsServer in the ESM build', () => {
  const out = identity(
    "const { WsServer } = await import('./index.js'); const { dsl_websocket_server } = await import('./dsl.js');" +
      'console.log(dsl_websocket_server() instanceof WsServer);',
    'module',
  );
  expect(out).toBe('true');
});
