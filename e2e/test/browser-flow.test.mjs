// Framed flow control between a real browser and node: Chromium loads a page that imports
// @rxdc/rx/browser as a plain ES module (no bundler) and talks to framed() of @rxdc/rx on a
// node-datachannel peer. 64 MiB each way to a reader that takes 6 ms per 64 KiB message
// (slower than the link): every byte arrives, and the sender is never more than the window
// (plus its own small send queue) ahead of what the reader has consumed.
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PeerConnection, shutdown } from '@rxdc/core';
import { framed } from '@rxdc/rx';
import { filter, firstValueFrom, timeout } from 'rxjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from '../src/launch-chromium.mjs';
import { serveStatic } from '../src/static-server.mjs';

const CHUNK = 64 * 1024;
const COUNT = 1024; // 64 MiB
const READER_MS = 6;
const MiB = 1024 * 1024;
/** How far a sender may get ahead of the reader: see the first test. Without flow control: 64 MiB. */
const LEAD_BOUND = 4 * MiB + MiB + 64 * 1024 + MiB;

let chromium;
let http;
let root;
let page;
let peer;
let channel;

/** The same chunks as the page's chunkAt. */
function chunkAt(i) {
  const bytes = Buffer.allocUnsafe(CHUNK);
  for (let j = 0; j < CHUNK; j++) bytes[j] = (i * 131 + j) & 0xff;
  bytes.writeUInt32LE(i, 0);
  return bytes;
}

/** The most the sender's log got ahead of the reader's log at the same moment. */
function maxLead(sentLog, consumedLog) {
  let lead = 0;
  let k = -1;
  for (const [time, sent] of sentLog) {
    while (k + 1 < consumedLog.length && consumedLog[k + 1][0] <= time) k++;
    const consumed = k >= 0 ? consumedLog[k][1] : 0;
    lead = Math.max(lead, sent - consumed);
  }
  return lead;
}

beforeAll(async () => {
  // Serve the page and the built browser module (with the chunk it imports) from one folder.
  root = mkdtempSync(join(tmpdir(), 'rxdc-e2e-flow-'));
  const pageDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'page-flow');
  for (const file of readdirSync(pageDir)) copyFileSync(join(pageDir, file), join(root, file));
  const dist = dirname(createRequire(import.meta.url).resolve('@rxdc/rx/browser'));
  const rxDir = join(root, 'rx');
  (await import('node:fs')).mkdirSync(rxDir);
  for (const file of readdirSync(dist).filter((f) => f.endsWith('.js'))) {
    copyFileSync(join(dist, file), join(rxDir, file));
  }
  http = await serveStatic(root);
  chromium = await launchChromium();
  page = await chromium.browser.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error));
  await page.goto(`http://127.0.0.1:${http.port}/index.html`);
  await page.waitForFunction(() => window.flow !== undefined, null, { timeout: 10_000 });

  // Signaling through page.evaluate: node offers, with every candidate; the page answers.
  peer = new PeerConnection({ iceServers: [], bindAddress: '127.0.0.1' });
  const candidates = [];
  peer.localCandidate$.subscribe((candidate) => candidates.push(candidate));
  const offer = firstValueFrom(peer.localDescription$);
  const dataChannel = peer.createDataChannel('flow');
  channel = framed(dataChannel);
  const description = await offer;
  await firstValueFrom(
    peer.gatheringState$.pipe(
      filter((state) => state === 'complete'),
      timeout(5000),
    ),
  );
  const answer = await page.evaluate(
    ({ offer, candidates }) => window.flow.answer(offer, candidates),
    { offer: { type: description.type, sdp: description.sdp }, candidates },
  );
  peer.setRemoteDescription(answer);
  await firstValueFrom(dataChannel.open$.pipe(timeout(20_000)));
  const pageWindow = await page.evaluate(() => window.flow.open());
  expect(pageWindow).toBe(4 * MiB);
  expect(pageErrors).toEqual([]);
}, 90_000);

afterAll(async () => {
  await page?.evaluate(() => window.flow.close()).catch(() => {});
  channel?.close();
  peer?.close();
  await chromium?.close();
  await http?.close();
  if (root) rmSync(root, { recursive: true, force: true });
  await shutdown();
});

describe('framed flow control between Chromium and node', () => {
  test('Chromium to node: 64 MiB to a slow node reader, intact, the page never more than a window ahead', async () => {
    const sending = page.evaluate((count) => window.flow.send(count), COUNT);
    const consumedLog = [];
    let consumed = 0;
    let intact = true;
    let i = 0;
    for await (const message of channel) {
      if (Buffer.compare(message, chunkAt(i)) !== 0) intact = false;
      consumed += message.byteLength;
      consumedLog.push([Date.now(), consumed]);
      if (++i === COUNT) break;
      await new Promise((resolve) => setTimeout(resolve, READER_MS));
    }
    const sentLog = await sending;
    const lead = maxLead(sentLog, consumedLog);
    console.log(
      `Chromium -> node: ${consumed} bytes; the page got at most ${(lead / MiB).toFixed(2)} MiB ahead of the reader`,
    );
    expect(consumed).toBe(COUNT * CHUNK);
    expect(intact).toBe(true);
    // The window (4 MiB), the writer's queue (1 MiB) and the chunk being written, and one
    // credit step (1 MiB) for a grant used before the reader's log entry got its timestamp.
    expect(lead).toBeLessThanOrEqual(LEAD_BOUND);
    // The reader set the pace: without flow control the page would have run far ahead.
    expect(lead).toBeGreaterThan(0);
  }, 120_000);

  test('node to Chromium: 64 MiB to a slow page reader, intact, node never more than a window ahead', async () => {
    const receiving = page.evaluate(({ count, delay }) => window.flow.receive(count, delay), {
      count: COUNT,
      delay: READER_MS,
    });
    const writer = channel.writable().getWriter();
    const sentLog = [];
    let sent = 0;
    let rssPeak = process.memoryUsage().rss;
    const rssStart = rssPeak;
    for (let i = 0; i < COUNT; i++) {
      await writer.write(chunkAt(i));
      sent += CHUNK;
      sentLog.push([Date.now(), sent]);
      if (i % 64 === 0) rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }
    const received = await receiving;
    writer.releaseLock();
    const lead = maxLead(sentLog, received.log);
    console.log(
      `node -> Chromium: ${received.count} chunks; node got at most ${(lead / MiB).toFixed(2)} MiB ahead of the page reader; node RSS grew ${((rssPeak - rssStart) / MiB).toFixed(1)} MiB`,
    );
    expect(received.count).toBe(COUNT);
    expect(received.intact).toBe(true);
    expect(lead).toBeLessThanOrEqual(LEAD_BOUND);
  }, 120_000);
});
