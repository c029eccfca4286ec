// binding.ts loads node-datachannel's native WebSocketServer class through a private path (the
// package's exports map hides it): this pins that path, so a release that moves it fails here,
// not in a user's app.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as nodeDatachannel from 'node-datachannel';
import { expect, test } from 'vitest';
import { NativeWebSocketServerClass } from '../src/index.js';

test('node-datachannel.cjs sits next to the CommonJS entry and holds the native WebSocketServer', () => {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('node-datachannel');
  const path = join(dirname(entry), 'node-datachannel.cjs');
  expect(existsSync(path)).toBe(true);
  const binding = require(path) as { default?: { WebSocketServer?: unknown } };
  expect(typeof binding.default?.WebSocketServer).toBe('function');
  expect(NativeWebSocketServerClass).toBe(binding.default?.WebSocketServer);
  // The class rxdc wants is the native one, not the exported JavaScript wrapper that keeps
  // every accepted client in an array.
  expect(NativeWebSocketServerClass).not.toBe(nodeDatachannel.WebSocketServer);
  expect(typeof NativeWebSocketServerClass.prototype.onClient).toBe('function');
  expect(typeof NativeWebSocketServerClass.prototype.stop).toBe('function');
  expect(typeof NativeWebSocketServerClass.prototype.port).toBe('function');
});
