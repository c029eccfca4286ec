// simple-peer in node on `wrtc: require('@rxdc/webrtc')` (the CommonJS build) talking to
// Chromium's own RTCPeerConnection: the data channel carries text and large binary messages
// both ways, intact, and closing in node closes the page's channel.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchChromium } from '../src/launch-chromium.mjs';
import { serveStatic } from '../src/static-server.mjs';

const require = createRequire(import.meta.url);
const wrtc = require('@rxdc/webrtc');
const Peer = require('simple-peer');
const here = dirname(fileURLToPath(import.meta.url));

let chromium;
let http;

beforeAll(async () => {
  http = await serveStatic(join(here, '..', 'page-webrtc'));
  chromium = await launchChromium();
});

afterAll(async () => {
  await chromium?.close();
  await http?.close();
});

const once = (peer, event) => new Promise((resolve) => peer.once(event, resolve));

test('simple-peer on @rxdc/webrtc and Chromium: text and 200 KiB binary both ways, then close', async () => {
  const page = await chromium.browser.newPage();
  const peer = new Peer({
    initiator: true,
    wrtc,
    config: { iceServers: [], bindAddress: '127.0.0.1' },
  });
  const errors = [];
  peer.on('error', (error) => errors.push(error));
  // simple-peer signals its offer at once: hold what it says until the page is there.
  const early = [];
  let toPage = (data) => early.push(data);
  peer.on('signal', (data) => toPage(data));
  await page.exposeFunction('toNode', (json) => peer.signal(JSON.parse(json)));
  await page.goto(`http://127.0.0.1:${http.port}/index.html`);
  await page.waitForFunction(() => window.rxdc !== undefined);
  toPage = (data) => {
    page.evaluate((json) => window.rxdc.signal(json), JSON.stringify(data)).catch(() => {});
  };
  for (const data of early.splice(0)) toPage(data);
  await once(peer, 'connect');

  const size = 200 * 1024;
  const bytes = new Uint8Array(size).map((_, i) => (i * 13 + 5) % 251);
  const echoes = [];
  const fromPage = [];
  const allArrived = new Promise((resolve) => {
    peer.on('data', (data) => {
      const text = data.byteLength < 100 ? data.toString() : null;
      if (text?.startsWith('from-node')) echoes.push(text);
      else if (text?.startsWith('from-page')) fromPage.push(text);
      else if (data[0] === bytes[0] && data.byteLength === size) echoes.push(data);
      else fromPage.push(data);
      if (echoes.length === 2 && fromPage.length === 2) resolve();
    });
  });
  peer.send('from-node: héllo 🌍');
  peer.send(bytes);
  await page.evaluate(() => window.rxdc.sendFromPage('from-page: hello node', 100 * 1024));
  await allArrived;

  expect(echoes[0]).toBe('from-node: héllo 🌍');
  expect(Buffer.compare(Buffer.from(echoes[1]), Buffer.from(bytes))).toBe(0);
  expect(fromPage[0]).toBe('from-page: hello node');
  const pageBytes = new Uint8Array(100 * 1024).map((_, i) => (i * 7 + 1) % 251);
  expect(Buffer.compare(Buffer.from(fromPage[1]), Buffer.from(pageBytes))).toBe(0);
  const state = await page.evaluate(() => window.rxdc.state);
  expect(state.received).toEqual(['from-node: héllo 🌍', { bytes: size }]);
  expect(state.errors).toEqual([]);

  const closed = once(peer, 'close');
  peer.destroy();
  await closed;
  await page.waitForFunction(() => window.rxdc.state.closed, null, { timeout: 20_000 });
  expect(errors).toEqual([]);
  await page.close();
});
