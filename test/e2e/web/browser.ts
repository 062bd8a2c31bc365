/**
 * The browser for the web e2e tests: Debian's Chromium driven by playwright-core, never a downloaded browser.
 * Each launch gets a fresh, empty profile (playwright passes its own temporary --user-data-dir), so no cookie, cache
 * or storage carries over between runs.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** The flags of the project's Chromium runs: no GPU, no QUIC, nothing phoning home. */
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    // Fail, never skip: a CI without a browser must not pass these tests by not running them.
    throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}. Install it with: apt-get install -y chromium`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS });
}
