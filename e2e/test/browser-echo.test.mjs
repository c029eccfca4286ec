// A real browser against @rxdc/ws-server: headless Chromium loads a page served on 127.0.0.1
// that imports the package's browser client module as is (no bundler), connects to the
// server's WebSocket, answers the WebRtcTransceiver's offer, and the data channel carries text
// and 64 KiB binary messages both ways, intact. The browser-chat demo says what is wrong when
// it cannot reach its server.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { shutdown } from '@rxdc/core';
import { WebRtcTransceiver, WsServer } from '@rxdc/ws-server';
import { filter, firstValueFrom, take, timeout, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from '../src/launch-chromium.mjs';
import { serveStatic } from '../src/static-server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const pageDir = join(here, '..', 'page');
const demoDir = join(here, '..', '..', 'examples', 'browser-chat');
// The built browser client, as a page gets it from the published package.
const browserClient = createRequire(import.meta.url).resolve('@rxdc/ws-server/browser-client');
const size = 64 * 1024;

let chromium;
let http;
let server;
let transceivers;
let collected;

/** Node's side of each connection: echoes the page's messages, collects the echoes of its own. */
function nodeSide(transceiver) {
  const fromPage = [];
  transceiver.dataChannel$.subscribe((channel) => {
    channel.messages$.subscribe({
      next: (message) => {
        const ours =
          typeof message === 'string' ? message.startsWith('from-node:') : message[0] === 0xee;
        if (!ours) {
          try {
            channel.send(message);
          } catch {}
        }
        fromPage.push(message);
      },
      error: () => {},
    });
  });
  return fromPage;
}

beforeAll(async () => {
  http = await serveStatic(pageDir, { '/browser-client.js': browserClient });
  server = new WsServer();
  transceivers = [0, 1].map(
    () => new WebRtcTransceiver({ peerConnection: { bindAddress: '127.0.0.1' } }),
  );
  for (const transceiver of transceivers) server.addTransceiver(transceiver);
  collected = transceivers.map(nodeSide);
  server.listen(0, { bindAddress: '127.0.0.1' });
  chromium = await launchChromium();
});

afterAll(async () => {
  await chromium?.close();
  if (server?.state.listening) await server.stop();
  for (const transceiver of transceivers ?? []) transceiver.close();
  await http?.close();
  await shutdown();
});

async function openPage() {
  const page = await chromium.browser.newPage();
  await page.goto(
    `http://127.0.0.1:${http.port}/index.html?ws=ws://127.0.0.1:${server.state.port}/ws`,
  );
  try {
    await page.evaluate(() => window.rxdc.waitForChannel());
  } catch (error) {
    const state = await page.evaluate(() =>
      JSON.stringify({
        ...window.rxdc.state,
        channel: window.rxdc.state.channel?.readyState,
        now: performance.now(),
      }),
    );
    throw new Error(`the page's data channel did not open: ${state}`, { cause: error });
  }
  return page;
}

async function nodeRoundTrip(transceiver) {
  const channel = await firstValueFrom(transceiver.dataChannel$.pipe(timeout(10_000)));
  await firstValueFrom(channel.open$.pipe(timeout(10_000)));
  const bytes = new Uint8Array(size).map((_, i) => (i * 17 + 3) % 251);
  bytes[0] = 0xee;
  const echoes = firstValueFrom(
    channel.messages$.pipe(
      filter((m) => (typeof m === 'string' ? m.startsWith('from-node:') : m[0] === 0xee)),
      take(2),
      toArray(),
      timeout(20_000),
    ),
  );
  channel.send('from-node: héllo 🌍');
  channel.send(bytes);
  const [text, binary] = await echoes;
  return {
    text,
    binaryIntact: Buffer.compare(Buffer.from(bytes), binary) === 0,
    length: binary.length,
  };
}

describe('Chromium and @rxdc/ws-server', () => {
  test('a page answers the offer; text and 64 KiB binary are echoed intact both ways', async () => {
    const page = await openPage();
    const browserSide = await page.evaluate(
      ({ size }) => window.rxdc.roundTrip('from-page: hello node', size),
      { size },
    );
    expect(browserSide).toEqual({ textIntact: true, binaryLength: size, binaryIntact: true });
    const connected = transceivers.find((t) => !t.isAvailable);
    expect(connected.peer.state).toBe('connected');
    const fromNode = await nodeRoundTrip(connected);
    expect(fromNode).toEqual({ text: 'from-node: héllo 🌍', binaryIntact: true, length: size });
    expect(await page.evaluate(() => window.rxdc.state.errors)).toEqual([]);
    await page.close();
    // The page is gone: its transceiver is available again.
    await waitUntil(() => transceivers.every((t) => t.isAvailable));
  });

  test('two pages at once get two transceivers', async () => {
    const before = collected.map((messages) => messages.length);
    const pages = await Promise.all([openPage(), openPage()]);
    expect(transceivers.every((t) => !t.isAvailable)).toBe(true);
    expect(new Set(transceivers.map((t) => t.peer)).size).toBe(2);
    const results = await Promise.all(
      pages.map((page, i) =>
        page.evaluate(({ size, i }) => window.rxdc.roundTrip(`page ${i}`, size), { size, i }),
      ),
    );
    for (const result of results)
      expect(result).toEqual({ textIntact: true, binaryLength: size, binaryIntact: true });
    expect(collected.map((messages, i) => messages.length - (before[i] ?? 0))).toEqual([2, 2]);
    // A third page finds no transceiver: the server closes it with a reason the page can read.
    const third = await chromium.browser.newPage();
    await third.goto(
      `http://127.0.0.1:${http.port}/index.html?ws=ws://127.0.0.1:${server.state.port}/ws`,
    );
    await third.waitForFunction(() => window.rxdc.state.signaling === 'closed', null, {
      timeout: 10_000,
    });
    expect(await third.evaluate(() => window.rxdc.state.refusal?.code)).toBe('NO_TRANSCEIVER');
    expect(await third.evaluate(() => window.rxdc.state.closeEvent.code)).toBe(1013);
    await Promise.all([...pages, third].map((page) => page.close()));
    await waitUntil(() => transceivers.every((t) => t.isAvailable));
  });
});

describe('the browser-chat demo', () => {
  test('says what is wrong when it cannot reach the server, with its input disabled', async () => {
    const demo = await serveStatic(demoDir, { '/browser-client.js': browserClient });
    try {
      // The port of a server that stopped: nothing listens there.
      const gone = new WsServer();
      const { port } = gone.listen(0, { bindAddress: '127.0.0.1' });
      await gone.stop();
      const page = await chromium.browser.newPage();
      await page.goto(`http://127.0.0.1:${demo.port}/index.html?wsPort=${port}`);
      await page.waitForFunction(
        () => document.getElementById('status').textContent.startsWith('disconnected'),
        null,
        { timeout: 10_000 },
      );
      expect(await page.textContent('#status')).toMatch(/cannot reach the signaling server/);
      expect(await page.isDisabled('#text')).toBe(true);
      await page.close();
    } finally {
      await demo.close();
    }
  });

  test('chats over the data channel, and disables its input once the server stops', async () => {
    const demo = await serveStatic(demoDir, { '/browser-client.js': browserClient });
    const chat = new WsServer();
    chat.addPath('/ws/chat');
    const transceiver = new WebRtcTransceiver({ peerConnection: { bindAddress: '127.0.0.1' } });
    transceiver.dataChannel$.subscribe((channel) =>
      channel.messages$.subscribe({
        next: (m) => {
          try {
            channel.send(`node heard ${m}`);
          } catch {}
        },
        error: () => {},
      }),
    );
    chat.addTransceiver(transceiver);
    const { port } = chat.listen(0, { bindAddress: '127.0.0.1' });
    try {
      const page = await chromium.browser.newPage();
      await page.goto(`http://127.0.0.1:${demo.port}/index.html?wsPort=${port}`);
      await page.waitForFunction(() => !document.getElementById('text').disabled, null, {
        timeout: 20_000,
      });
      await page.fill('#text', 'hi');
      await page.click('button');
      await page.waitForFunction(
        () => document.getElementById('log').textContent.includes('node heard hi'),
        null,
        { timeout: 10_000 },
      );
      await chat.stop();
      await page.waitForFunction(() => document.getElementById('text').disabled, null, {
        timeout: 10_000,
      });
      expect(await page.textContent('#status')).toMatch(/^disconnected/);
      await page.close();
    } finally {
      if (chat.state.listening) await chat.stop();
      transceiver.close();
      await demo.close();
    }
  });
});

async function waitUntil(condition, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
