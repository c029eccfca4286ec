// The built site, served on 127.0.0.1 and opened in Debian's headless Chromium (no outside
// network): pages render their headings with no console errors, search finds an API symbol,
// every internal link resolves, and screenshots land in .screenshots/ for a person to look at.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium.js';
import { crawl } from './crawl.js';
import { type StaticServer, serveStatic } from './static-server.js';

const docs = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(docs, '.vitepress', 'dist');
const screenshots = join(docs, '.screenshots');

let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(join(dist, 'index.html'))) {
    throw new Error(
      'The site is not built: run `pnpm --filter @rxdc/docs build` first (turbo does it before test).',
    );
  }
  mkdirSync(screenshots, { recursive: true });
  server = await serveStatic(dist);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens a page and records every console error, failed request and uncaught exception. */
async function open(path: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  const response = await page.goto(server.origin + path, { waitUntil: 'networkidle' });
  expect(response?.status(), path).toBe(200);
  return { page, problems };
}

describe('the built site in Chromium', () => {
  it('renders the home page', async () => {
    const { page, problems } = await open('/');
    await expect.poll(() => page.locator('.VPHero .name').textContent()).toContain('rxdc');
    expect(await page.locator('.VPHero .text').textContent()).toMatch(/WebRTC data channels/);
    expect(await page.locator('.VPFeature .title').allInnerTexts()).toEqual([
      '@rxdc/core',
      '@rxdc/rx',
      '@rxdc/capi-compat',
      '@rxdc/ws-server',
    ]);
    await page.screenshot({ path: join(screenshots, 'home.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('renders a guide with its headings and an included example', async () => {
    const { page, problems } = await open('/guide/core-concepts.html');
    expect(await page.locator('.vp-doc h1').textContent()).toMatch(/Core concepts/);
    const headings = await page.locator('.vp-doc h2').allInnerTexts();
    expect(headings.join('\n')).toMatch(/The Observable contract/);
    // The contract table is on the page.
    expect(await page.locator('.vp-doc table').first().textContent()).toMatch(/messages\$/);
    // Code comes from examples/ through a snippet import, highlighted.
    expect(await page.locator('.vp-doc div[class*="language-ts"] pre').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(screenshots, 'guide-core-concepts.png'), fullPage: false });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('renders an API page generated from TSDoc', async () => {
    const { page, problems } = await open('/api-reference/core/classes/PeerConnection.html');
    expect(await page.locator('.vp-doc h1').textContent()).toMatch(/PeerConnection/);
    // Each heading ends with VitePress's hidden anchor character.
    const headings = (await page.locator('.vp-doc h2').allInnerTexts()).map((h) =>
      h.replace(/[\s\u200b]+$/, ''),
    );
    expect(headings).toEqual(expect.arrayContaining(['Constructors', 'Properties', 'Methods']));
    expect(await page.locator('.vp-doc').textContent()).toMatch(
      /A WebRTC peer connection whose every event is an Observable/,
    );
    // The generated sidebar lists the packages.
    const sidebar = await page.locator('.VPSidebar').textContent();
    for (const name of ['core', 'rx', 'capi-compat', 'ws-server', 'webrtc'])
      expect(sidebar).toContain(name);
    await page.screenshot({ path: join(screenshots, 'api-peer-connection.png'), fullPage: false });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('finds rtcCreatePeerConnection with the local search', async () => {
    const { page, problems } = await open('/');
    await page.locator('.DocSearch-Button').click();
    const input = page.locator('input.search-input');
    await input.waitFor();
    await input.fill('rtcCreatePeerConnection');
    const first = page.locator('#localsearch-list a.result').first();
    await first.waitFor({ timeout: 15_000 });
    const labels = await page
      .locator('#localsearch-list a.result')
      .evaluateAll((links) =>
        links.map((link) => `${link.getAttribute('aria-label')} ${link.getAttribute('href')}`),
      );
    expect(labels.join('\n')).toMatch(/rtcCreatePeerConnection/);
    await page.screenshot({ path: join(screenshots, 'search.png') });
    // Following the first hit opens its page (a client-side navigation: wait for the new
    // content, not only the new URL).
    const href = (await first.getAttribute('href')) ?? '';
    await first.click();
    await page.waitForURL((url) => href.startsWith(url.pathname.replace(/\.html$/, '')));
    await expect
      .poll(() => page.locator('.vp-doc').textContent(), { timeout: 10_000 })
      .toContain('rtcCreatePeerConnection');
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('links', () => {
  it('every internal link and asset of every page resolves (no 404), anchors included', async () => {
    const result = await crawl(server.origin, '/');
    expect(result.pages, 'pages crawled').toBeGreaterThan(20);
    expect(result.broken, 'broken links (target <- page)').toEqual([]);
    expect(result.missingAnchors, 'links to a missing #anchor (target <- page)').toEqual([]);
  });
});
