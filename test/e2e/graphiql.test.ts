/**
 * GraphiQL in a real browser (headless Chromium through playwright-core), on a gateway that serves the embedded
 * sandbox's demo tokens: the page renders, opens on the example operation, runs it with the prefilled token, and
 * every request the page makes stays on this machine (no CDN). Needs /usr/bin/chromium: `apt-get install -y chromium`.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TOKENS } from '../../src/sandbox/index.js';
import { startHarness, type Harness } from '../helpers/harness.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let h: Harness;
let browser: BrowserContext;
let profile: string;
let page: Page;
const requested: string[] = [];
// Page functions are passed as strings: vitest's transform would wrap arrow functions in helpers (`__name`) that
// do not exist in the page.

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`This test drives a real browser at ${CHROMIUM}, which is missing: apt-get install -y chromium`);
  }
  h = await startHarness({ gateway: { graphiqlDefaultToken: DEMO_TOKENS.user, graphiqlDemoTokens: Object.values(DEMO_TOKENS) } });
  profile = mkdtempSync(join(tmpdir(), 'graphiql-e2e-'));
  // An empty profile directory: playwright passes it to Chromium as --user-data-dir.
  browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS });
  page = browser.pages()[0] ?? (await browser.newPage());
  page.on('request', (request) => requested.push(request.url()));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  await h?.close();
});

/** Where a URL goes: data: and blob: URLs never leave the page (blob: ones are this origin's editor workers). */
function leavesMachine(url: string): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:')) return false;
  const { hostname } = new URL(url);
  return hostname !== '127.0.0.1' && hostname !== 'localhost';
}

describe('GraphiQL, offline', () => {
  it('renders on the example operation, with every demo token in the headers, and an x-request-id', async () => {
    const response = await page.goto(h.url, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    expect(response?.headers()['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    await page.waitForFunction("document.querySelector('.graphiql-container') !== null", undefined, { timeout: 30_000 });
    // Monaco renders spaces as no-break spaces: \s matches both.
    await page.waitForFunction('/query\\sMyGroups/.test(document.body.innerText)', undefined, { timeout: 30_000 });
    const text = await page.evaluate<string>('document.body.innerText');
    for (const token of Object.values(DEMO_TOKENS)) expect(text).toContain(token);
  }, 60_000);

  it('runs the example operation with the prefilled token', async () => {
    await page.click('.graphiql-execute-button');
    // The result editor renders only the lines in view: the first ones carry the viewer's name.
    await page.waitForFunction(`document.body.innerText.includes('"fullName"')`, undefined, { timeout: 30_000 });
    const text = await page.evaluate<string>('document.body.innerText');
    expect(text).toMatch(/"fullName":\s"Dmitry\sDemo"/);
    expect(text).not.toContain('UNAUTHENTICATED');
  }, 60_000);

  it('made every request to this machine, none to a CDN', () => {
    expect(requested.length).toBeGreaterThan(0);
    expect(requested.some((url) => url.startsWith(h.url))).toBe(true);
    expect(requested.filter(leavesMachine)).toEqual([]);
  });
});
