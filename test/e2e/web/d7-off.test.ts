/**
 * The reference app against a gateway with BITRIX24_D7_API=off (only the documented `sonet_group.*` methods), in a
 * real browser. The app decides no permission itself, so what it offers follows the gateway's `viewerCan`, which
 * fails closed without the D7 controller: no button that could not work, no pending-requests panel, and a request to
 * join that works but, as documented, is not shown as pending afterwards (the legacy methods never list pending
 * relations). Over real sockets: Chromium → vite preview → gateway → sandbox portal.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TOKENS, SEED_FACTS } from '../../../src/sandbox/index.js';
import { startWebE2e, type WebE2e } from './app.js';

let e2e: WebE2e;
beforeAll(async () => {
  e2e = await startWebE2e({ env: { BITRIX24_D7_API: 'off' } });
});
afterAll(async () => {
  await e2e?.close();
});

const statusOf = (page: Page) => page.getByTestId('viewer-status').textContent();
const noticeOf = (page: Page) => page.getByTestId('notice').textContent();
/** Every upstream method the gateway called so far, from the sandbox's request log (a batch's commands included). */
const upstreamMethods = () =>
  e2e.harness.upstreamRequests().flatMap((entry) => (entry.method === 'batch' ? [...(entry.batchMethods ?? [])] : [entry.method]));

describe('the reference app with BITRIX24_D7_API=off', () => {
  it('loads the groups list without an alert', async () => {
    const { page } = await e2e.openAs(DEMO_TOKENS.user, '#/groups');
    const rows = page.getByTestId('all-groups').getByRole('listitem');
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThan(1);
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('a moderator sees the role but no pending-requests panel and no Leave button: both need the D7 controller', async () => {
    const groupId = String(SEED_FACTS.groupWithRequestsModeratedByDemoUser);
    const { page } = await e2e.openAs(DEMO_TOKENS.user, `#/groups/${groupId}`);
    await expect.poll(() => statusOf(page)).toBe('moderator');
    await page.getByTestId('members').waitFor();
    expect(await page.getByTestId('pending-requests').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Leave' }).count()).toBe(0);
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('a request to join is sent and confirmed; the status then stays "not a member", as documented for D7 off', async () => {
    const groupId = SEED_FACTS.closedGroupWithoutDemoUser;
    const { page } = await e2e.openAs(DEMO_TOKENS.user2, `#/groups/${groupId}`);
    await expect.poll(() => statusOf(page)).toBe('not a member');
    await page.getByRole('button', { name: 'Request to join' }).click();

    await expect.poll(() => noticeOf(page)).toMatch(/^Requested Your request to join .+ waits for its moderators\./);
    // The portal holds the pending request (ROLE Z, initiated by the user)...
    const relation = e2e.harness.sandbox.store.relationRecord(groupId, SEED_FACTS.demoUser2Id);
    expect({ role: relation?.role, initiatedByType: relation?.initiatedByType }).toEqual({ role: 'Z', initiatedByType: 'U' });
    // ...which no legacy method lists, so the group reads as before, and no Cancel button (cancelling needs D7).
    await page.reload();
    await expect.poll(() => statusOf(page)).toBe('not a member');
    expect(await page.getByRole('button', { name: 'Cancel request' }).count()).toBe(0);
    // Nothing of the undocumented D7 controller was called, by any page of this file.
    expect(upstreamMethods().filter((method) => method.toLowerCase().startsWith('socialnetwork.api.'))).toEqual([]);
  });
});
