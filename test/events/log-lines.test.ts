/**
 * What live updates log when Bitrix24 fails: structured fields only. A portal's error_description may echo the
 * request, token included; here the sandbox plants the token in it, over real sockets, and the log must not carry it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TOKENS, SEED_FACTS } from '../../src/sandbox/index.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { captureLog } from '../helpers/log-capture.js';
import { bindOffline, GROUP_CHANGED, restCall, subscribeSse } from './live-helpers.js';

const F = SEED_FACTS;

describe('live updates: a failure logged never carries the token Bitrix24 echoed', () => {
  const { lines, logger } = captureLog();
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      env: { BITRIX24_EVENTS: 'offline', BITRIX24_EVENTS_ADMIN_TOKEN: DEMO_TOKENS.admin, BITRIX24_EVENTS_POLL_MS: '50' },
      gateway: { logger: logger },
    });
  });
  afterAll(() => h.close());

  async function logged(message: string): Promise<Record<string, unknown>> {
    for (let i = 0; i < 200; i += 1) {
      const line = lines.find((l) => l.includes(message));
      if (line) return JSON.parse(line) as Record<string, unknown>;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no log line "${message}"`);
  }

  it('an offline poll refused with the administrator token in error_description', async () => {
    h.reset();
    await bindOffline(h.sandbox);
    h.sandbox.faults.failSubCall({
      method: 'event.offline.get',
      error: 'WRONG_AUTH_TYPE',
      errorDescription: `Current authorization type (${DEMO_TOKENS.admin}) is denied for this method`,
      status: 400,
    });
    const line = await logged('offline event poll failed');
    expect(lines.join('')).not.toContain(DEMO_TOKENS.admin);
    expect(line.err).toEqual({ name: 'Bitrix24Error', kind: 'api', code: 'WRONG_AUTH_TYPE', method: 'event.offline.get' });
    h.sandbox.faults.clear();
  });

  it("a re-read failed with the subscriber's token in error_description", async () => {
    h.reset();
    const store = h.sandbox.store;
    const group = store.groups().find((g) => g.opened === 'Y' && g.visible === 'Y' && g.active === 'Y' && g.closed === 'N' && !store.relation(g.id, F.demoUserId));
    if (!group) throw new Error('the seed has no open group without demo-user');
    const subscriber = 'tok-CANARY-3b1f-subscriber';
    store.addToken(subscriber, F.demoUserId);
    const stream = await subscribeSse(h.url, GROUP_CHANGED, { ids: [String(group.id)] }, subscriber);
    for (let i = 0; i < 500 && h.gateway.live.hub.subscriptionCount < 1; i += 1) await new Promise((r) => setTimeout(r, 10));
    await h.gateway.live.hub.idle();
    await bindOffline(h.sandbox);
    h.sandbox.faults.failSubCall({ method: 'sonet_group.user.get', error: 'ERROR_CORE', errorDescription: `auth=${subscriber}: SQL query error!`, status: 400 });
    await restCall(h.sandbox, 'sonet_group.update', { GROUP_ID: group.id, NAME: 'Renamed for the log test' }, DEMO_TOKENS.admin);
    const line = await logged('live update re-read failed');
    expect(lines.join('')).not.toContain('CANARY');
    expect(line.err).toEqual({ name: 'Bitrix24Error', kind: 'api', code: 'ERROR_CORE', method: 'sonet_group.user.get' });
    h.sandbox.faults.clear();
    await stream.close();
  });
});
