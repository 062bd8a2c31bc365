/**
 * The reference app in a real browser: a request to join a closed group and its answer, and a refusal shown as its
 * message. Over real sockets: Chromium → vite preview → gateway → sandbox portal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TOKENS, SEED_FACTS } from '../../../src/sandbox/index.js';
import { startWebE2e, type WebE2e } from './app.js';

let e2e: WebE2e;
beforeAll(async () => {
  e2e = await startWebE2e();
});
afterAll(async () => {
  await e2e?.close();
});

describe('requesting to join a group', () => {
  it('demo-user-2 requests a closed group and sees "requested"', async () => {
    const groupId = String(SEED_FACTS.groupModeratedByDemoUser);
    const { page } = await e2e.openAs(DEMO_TOKENS.user2, `#/groups/${groupId}`);
    const request = page.getByRole('button', { name: 'Request to join' });
    await request.click();

    await expect.poll(() => page.getByTestId('notice').textContent()).toMatch(/^Requested Your request to join .+ waits for its moderators\./);
    await expect.poll(() => page.getByTestId('viewer-status').textContent()).toBe('requested');
    expect(await request.count()).toBe(0);
    // The sandbox's log is the witness that one request, and only one, reached the portal.
    const calls = e2e.harness.upstreamRequests().flatMap((entry) => [entry.method, ...(entry.batchMethods ?? [])]);
    expect(calls.filter((method) => method === 'sonet_group.user.request')).toHaveLength(1);
  });

  it("a refusal is shown as its message: Bitrix24's answer for an inactive group", async () => {
    const groupId = String(SEED_FACTS.inactiveGroupWithoutDemoUser);
    const { page } = await e2e.openAs(DEMO_TOKENS.user2, `#/groups/${groupId}`);
    await page.getByRole('button', { name: 'Request to join' }).click();

    await expect
      .poll(() => page.getByTestId('notice').textContent())
      .toBe(`Bitrix24 refused the request Bitrix24 refused the request to join group ${groupId}: Group not found or inactive×`);
    await expect.poll(() => page.getByTestId('viewer-status').textContent()).toBe('not a member');
  });
});
