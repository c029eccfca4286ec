// Launches Debian's headless Chromium through playwright-core with exactly the flags a page
// needs to open WebRTC data channels to node-datachannel on loopback, and nothing that could
// reach an outside host. Playwright's own default arguments are replaced (ignoreDefaultArgs)
// because Chromium honours only the last --disable-features flag, and WebRtcHideLocalIpsWithMdns
// must be in it (or the page's candidates are mDNS names node-datachannel cannot resolve).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
  '--disable-breakpad',
  '--disable-dev-shm-usage',
  '--metrics-recording-only',
  '--password-store=basic',
  '--use-mock-keychain',
  // Pages opened by the test are never focused: keep their timers running at full speed.
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-renderer-backgrounding',
  '--allow-loopback-in-peer-connection',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost',
  '--disable-features=WebRtcHideLocalIpsWithMdns,Translate,MediaRouter,OptimizationHints,NetworkTimeServiceQuerying,AimEnabled,PreconnectToSearch,InterestFeedContentSuggestions,AutofillServerCommunication,CertificateTransparencyComponentUpdater',
];

/**
 * Chromium's fake camera and microphone (a moving test pattern and a beep), granted without a
 * prompt, and media that plays without a user gesture: for the media tests.
 */
export const fakeMediaArgs = [
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
];

/** A headless Chromium; `close()` also removes its profile directory. */
export async function launchChromium({ extraArgs = [] } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'rxdc-e2e-chromium-'));
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    ignoreDefaultArgs: true,
    args: [
      ...chromiumArgs,
      ...extraArgs,
      `--user-data-dir=${profile}`,
      '--remote-debugging-pipe',
      'about:blank',
    ],
    timeout: 30_000,
  });
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
