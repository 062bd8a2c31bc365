/**
 * Everything a web e2e test runs against, over real sockets: the sandbox portal and the gateway on port 0
 * (test/helpers/harness.ts), the built app served by vite's preview server on port 0 with /graphql proxied to that
 * gateway, and Chromium.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildWebApp, serveWebApp, type WebAppServer } from '../../../examples/web/app-server.js';
import { startHarness, type Harness } from '../../helpers/harness.js';
import { launchChromium } from './browser.js';

export interface WebE2e {
  harness: Harness;
  web: WebAppServer;
  browser: Browser;
  /**
   * A new browser context (its own cookies and storage: a second person) signed in with `token`, at `hash`.
   * `live: false` drops the page's event streams (as a proxy cutting SSE would), to show a stale screen.
   */
  openAs(token: string, hash: string, options?: { live?: boolean }): Promise<{ context: BrowserContext; page: Page }>;
  /** Every request the pages sent to /graphql so far: its Accept header and JSON body, as sent. */
  graphqlRequests(): Array<{ accept: string; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

export interface WebE2eOptions {
  /** Build the app first; the test runs leave that to their global setup, which builds it once into dist. */
  build?: boolean;
  /** The gateway's environment (test/helpers/harness.ts), e.g. { TRUSTED_DOCUMENTS: '1' }. */
  env?: Record<string, string>;
  /**
   * A build of its own, in examples/web/<outDir>, with these build options (e.g. trustedDocuments), served instead of
   * the shared dist that other test files serve at the same time.
   */
  ownBuild?: { outDir: string; trustedDocuments?: boolean };
}

export async function startWebE2e(options: WebE2eOptions = {}): Promise<WebE2e> {
  const browserStarting = launchChromium();
  if (options.ownBuild) await buildWebApp({ quiet: true, ...options.ownBuild });
  else if (options.build) await buildWebApp({ quiet: true });
  const harness = await startHarness(options.env ? { env: options.env } : {});
  const web = await serveWebApp({ graphqlUrl: harness.url, port: 0, ...(options.ownBuild ? { outDir: options.ownBuild.outDir } : {}) });
  const browser = await browserStarting;
  const contexts: BrowserContext[] = [];
  const sent: Array<{ accept: string; body: Record<string, unknown> }> = [];
  return {
    harness,
    web,
    browser,
    async openAs(token, hash, options = {}) {
      const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
      contexts.push(context);
      context.on('request', (request) => {
        const body = request.postData();
        if (new URL(request.url()).pathname === '/graphql' && body !== null) {
          sent.push({ accept: request.headers().accept ?? '', body: JSON.parse(body) as Record<string, unknown> });
        }
      });
      if (options.live === false) {
        await context.route('**/graphql', (route) =>
          // graphql-sse asks for the event stream alone; urql's queries accept it among other types.
          route.request().headers().accept === 'text/event-stream' ? route.abort() : route.continue(),
        );
      }
      const page = await context.newPage();
      await page.goto(`${web.url}?token=${encodeURIComponent(token)}${hash}`);
      return { context, page };
    },
    graphqlRequests: () => [...sent],
    async close() {
      for (const context of contexts) await context.close();
      await browser.close();
      await web.close();
      await harness.close();
    },
  };
}
