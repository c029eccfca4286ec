// examples/browser-and-node.ts with a real browser: headless Chromium opens the page it serves,
// answers the node peer's offer (through @rxdc/ws-server's browser client), and chats over the
// data channel; a page given a wrong signaling port says so; then Ctrl+C (SIGINT) stops
// the example, which must exit by itself with code 0.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium.js';
import { compileExamples, type ExampleRun, startExample } from './run-example.js';

let browser: Browser;
let run: ExampleRun | undefined;

beforeAll(async () => {
  compileExamples();
  // Lets a page's peer connection use loopback addresses (node binds 127.0.0.1 only). Pages
  // opened by the test are never focused: keep their timers at full speed (the framed
  // example's page reader sleeps a few milliseconds per message).
  browser = await launchChromium([
    '--allow-loopback-in-peer-connection',
    '--disable-background-timer-throttling',
    '--disable-backgrounding-occluded-windows',
    '--disable-renderer-backgrounding',
  ]);
});

afterAll(async () => {
  await browser?.close();
  if (run && run.child.exitCode === null) run.child.kill('SIGKILL');
});

describe('a browser and node together', () => {
  it('the page chats with the node peer over a data channel', async () => {
    run = startExample('browser-and-node');
    const [, url] = (await run.waitFor(
      /open (http:\/\/127\.0\.0\.1:\d+\/\?ws=\d+)/,
      15_000,
    )) as unknown as [string, string];
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    await page.goto(url);
    await page.locator('#status', { hasText: 'connected' }).waitFor({ timeout: 20_000 });
    await page
      .locator('#log', { hasText: 'node heard: hello from the browser' })
      .waitFor({ timeout: 10_000 });
    await page.fill('#text', 'typed in the page');
    await page.click('button');
    await page
      .locator('#log', { hasText: 'node heard: typed in the page' })
      .waitFor({ timeout: 10_000 });
    expect(run.stdout()).toMatch(/browser says: hello from the browser/);
    expect(problems).toEqual([]);
    await page.close();

    // A wrong signaling port (nothing listens on port 1): the page says so, input disabled.
    const lost = await browser.newPage();
    await lost.goto(url.replace(/ws=\d+/, 'ws=1'));
    await lost
      .locator('#status', { hasText: 'cannot reach the signaling server' })
      .waitFor({ timeout: 10_000 });
    expect(await lost.locator('#text').isDisabled()).toBe(true);
    await lost.close();

    run.child.kill('SIGINT');
    const result = await run.exit(15_000);
    expect(result.signal, run.stderr()).toBeNull();
    expect(result.code, run.stderr()).toBe(0);
    expect(run.stdout()).toMatch(/^stopped$/m);
  }, 90_000);

  it('the page imports @rxdc/rx/browser and reads 16 MiB from node at its own pace', async () => {
    run = startExample('framed-browser');
    const [, url] = (await run.waitFor(
      /open (http:\/\/127\.0\.0\.1:\d+\/\?ws=\d+)/,
      15_000,
    )) as unknown as [string, string];
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    await page.goto(url);
    await page.locator('#status', { hasText: 'connected' }).waitFor({ timeout: 20_000 });
    await page.locator('#log', { hasText: 'read 16777216 bytes' }).waitFor({ timeout: 60_000 });
    await run.waitFor(/page says: read 16777216 bytes/, 10_000);
    expect(run.stdout()).toMatch(/node: handed over 16777216 bytes/);
    expect(problems).toEqual([]);
    await page.close();

    run.child.kill('SIGINT');
    const result = await run.exit(15_000);
    expect(result.signal, run.stderr()).toBeNull();
    expect(result.code, run.stderr()).toBe(0);
    expect(run.stdout()).toMatch(/^stopped$/m);
  }, 120_000);
});
