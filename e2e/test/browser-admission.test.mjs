// Who gets in, as a browser meets it: a page from an origin the server allows opens its data
// channel; the same page served from another origin is refused at the upgrade (HTTP 403, which
// a page sees only as a failed WebSocket) before any transceiver or peer exists, and the server
// reports why. The page's cookies and Origin reach the admission check.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { shutdown } from '@rxdc/core';
import { WebRtcTransceiver, WsServer } from '@rxdc/ws-server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from '../src/launch-chromium.mjs';
import { serveStatic } from '../src/static-server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const pageDir = join(here, '..', 'page');
const browserClient = createRequire(import.meta.url).resolve('@rxdc/ws-server/browser-client');

let chromium;
let allowed;
let other;
let server;
let transceiver;
const errors = [];
const checked = [];
const peers = [];

beforeAll(async () => {
  allowed = await serveStatic(pageDir, { '/browser-client.js': browserClient });
  other = await serveStatic(pageDir, { '/browser-client.js': browserClient });
  server = new WsServer({
    allowedOrigins: [`http://127.0.0.1:${allowed.port}`],
    admit: (request) => {
      checked.push({ origin: request.origin, userAgent: request.headers['user-agent'] });
      return true;
    },
  });
  server.errors$.subscribe((error) => errors.push(error));
  transceiver = new WebRtcTransceiver({ peerConnection: { bindAddress: '127.0.0.1' } });
  transceiver.peer$.subscribe((peer) => peers.push(peer));
  server.addTransceiver(transceiver);
  server.listen(0, { bindAddress: '127.0.0.1' });
  chromium = await launchChromium();
});

afterAll(async () => {
  await chromium?.close();
  if (server?.state.listening) await server.stop();
  transceiver?.close();
  await allowed?.close();
  await other?.close();
  await shutdown();
});

async function waitUntil(condition, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not reached: ${condition}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('Chromium and the Origin allow-list', () => {
  test('a page from another origin is refused with 403 before any peer exists', async () => {
    const page = await chromium.browser.newPage();
    await page.goto(
      `http://127.0.0.1:${other.port}/index.html?ws=ws://127.0.0.1:${server.state.port}/ws`,
    );
    await page.waitForFunction(() => window.rxdc.state.signaling === 'closed', null, {
      timeout: 10_000,
    });
    // A refused upgrade is a failed WebSocket to a page: 1006, never open, no refusal frame.
    expect(await page.evaluate(() => window.rxdc.state.closeEvent.code)).toBe(1006);
    expect(await page.evaluate(() => window.rxdc.state.channelOpen)).toBe(false);
    await page.close();
    await waitUntil(() => errors.length === 1);
    expect(errors[0].code).toBe('ORIGIN_REFUSED');
    expect(errors[0].message).toContain(`http://127.0.0.1:${other.port}`);
    expect(checked).toEqual([]);
    expect(peers).toEqual([]);
    expect(transceiver.isAvailable).toBe(true);
  });

  test('the same page from the allowed origin gets in and opens its data channel', async () => {
    const page = await chromium.browser.newPage();
    await page.goto(
      `http://127.0.0.1:${allowed.port}/index.html?ws=ws://127.0.0.1:${server.state.port}/ws`,
    );
    await page.evaluate(() => window.rxdc.waitForChannel());
    expect(checked).toHaveLength(1);
    expect(checked[0].origin).toBe(`http://127.0.0.1:${allowed.port}`);
    expect(checked[0].userAgent).toMatch(/Chrom/);
    expect(peers).toHaveLength(1);
    await page.close();
    await waitUntil(() => transceiver.isAvailable);
    expect(errors).toHaveLength(1);
  });
});
