// PeerJS's client in node on @rxdc/webrtc talking to PeerJS's browser build on Chromium's own
// RTCPeerConnection, through a PeerServer (npm `peer`) this test starts on 127.0.0.1: text and a
// 200 KiB binary message both ways, intact, then closing in node closes the page's connection.
//
// PeerJS 1.5 has no option for the W3C classes: it reads RTCPeerConnection, RTCSessionDescription
// and WebSocket from the global scope, and decides at import whether WebRTC is supported. So the
// globals are set first and PeerJS is imported after them.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RTCIceCandidate, RTCPeerConnection, RTCSessionDescription } from '@rxdc/webrtc';
import { PeerServer } from 'peer';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import { launchChromium } from '../src/launch-chromium.mjs';
import { serveStatic } from '../src/static-server.mjs';

// Loopback only. PeerJS also probes support at import with its default configuration, which
// names public STUN and TURN servers: every connection it makes here has none, and gathers on
// 127.0.0.1 only.
class LoopbackRTCPeerConnection extends RTCPeerConnection {
  constructor(config) {
    super({ ...config, iceServers: [], bindAddress: '127.0.0.1' });
  }
}
Object.assign(globalThis, {
  RTCPeerConnection: LoopbackRTCPeerConnection,
  RTCSessionDescription,
  RTCIceCandidate,
  WebSocket,
});
const { Peer } = await import('peerjs');

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));

let chromium;
let http;
let signaling;

beforeAll(async () => {
  signaling = await new Promise((resolve) => {
    PeerServer({ host: '127.0.0.1', port: 0, path: '/' }, resolve);
  });
  http = await serveStatic(join(here, '..', 'page-peerjs'), {
    '/peerjs.min.js': join(dirname(require.resolve('peerjs')), 'peerjs.min.js'),
  });
  chromium = await launchChromium();
});

afterAll(async () => {
  await chromium?.close();
  await http?.close();
  if (signaling) {
    signaling.closeAllConnections?.();
    await new Promise((resolve) => signaling.close(resolve));
  }
});

const once = (emitter, event) => new Promise((resolve) => emitter.once(event, resolve));
const pattern = (size, step, offset) =>
  new Uint8Array(size).map((_, i) => (i * step + offset) % 251);
const bytesOf = (data) =>
  Buffer.from(
    data instanceof ArrayBuffer ? data : data.buffer,
    data.byteOffset ?? 0,
    data.byteLength,
  );

test('PeerJS on @rxdc/webrtc and PeerJS in Chromium: text and 200 KiB binary both ways, then close', async () => {
  const port = signaling.address().port;
  const page = await chromium.browser.newPage();
  await page.goto(`http://127.0.0.1:${http.port}/index.html`);
  await page.waitForFunction(() => window.rxdc !== undefined && window.peerjs !== undefined);
  await page.evaluate((p) => window.rxdc.start(p, 'rxdc-page'), port);

  const errors = [];
  const peer = new Peer('rxdc-node', {
    host: '127.0.0.1',
    port,
    path: '/',
    secure: false,
    config: { iceServers: [] },
  });
  peer.on('error', (error) => errors.push(error));
  await once(peer, 'open');

  const conn = peer.connect('rxdc-page', { serialization: 'binary', reliable: true });
  conn.on('error', (error) => errors.push(error));
  await once(conn, 'open');

  const size = 200 * 1024;
  const bytes = pattern(size, 13, 5);
  const echoes = [];
  const fromPage = [];
  const allArrived = new Promise((resolve) => {
    conn.on('data', (data) => {
      const text = typeof data === 'string' ? data : null;
      if (text?.startsWith('from-node')) echoes.push(text);
      else if (text?.startsWith('from-page')) fromPage.push(text);
      else if (data.byteLength === size) echoes.push(data);
      else fromPage.push(data);
      if (echoes.length === 2 && fromPage.length === 2) resolve();
    });
  });
  conn.send('from-node: héllo 🌍');
  conn.send(bytes);
  await page.waitForFunction(() => window.rxdc.state.open);
  await page.evaluate(() => window.rxdc.sendFromPage('from-page: hello node', 100 * 1024));
  await allArrived;

  expect(echoes[0]).toBe('from-node: héllo 🌍');
  expect(Buffer.compare(bytesOf(echoes[1]), Buffer.from(bytes))).toBe(0);
  expect(fromPage[0]).toBe('from-page: hello node');
  expect(Buffer.compare(bytesOf(fromPage[1]), Buffer.from(pattern(100 * 1024, 7, 1)))).toBe(0);
  const state = await page.evaluate(() => window.rxdc.state);
  expect(state.peer).toBe('rxdc-node');
  expect(state.received).toEqual(['from-node: héllo 🌍', { bytes: size }]);
  expect(state.errors).toEqual([]);

  const closed = once(conn, 'close');
  conn.close();
  await closed;
  await page.waitForFunction(() => window.rxdc.state.closed, null, { timeout: 20_000 });
  peer.destroy();
  expect(errors).toEqual([]);
  await page.close();
});
