// Debian's Chromium, driven by playwright-core, with the flags of
// spec/node-datachannel-facts.md: headless, and nothing reaches an outside host.
import { type Browser, chromium } from 'playwright-core';

// #region flags
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost',
];
// #endregion flags

export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [...chromiumArgs, ...extraArgs],
    timeout: 30_000,
  });
}
