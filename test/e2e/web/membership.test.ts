/**
 * The reference app in a real browser, the caller's side: demo-user-2 requests a closed group and sees "requested"
 * (the gateway's viewerStatus, still there after a reload), withdraws it, and a refusal is shown as its message.
 * Over real sockets: Chromium → vite preview → gateway → sandbox portal.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusalOutcome } from '../../../examples/web/src/outcome.js';
import { DEMO_TOKENS, SEED_FACTS } from '../../../src/sandbox/index.js';
import { startWebE2e, type WebE2e } from './app.js';

let e2e: WebE2e;
beforeAll(async () => {
  e2e = await startWebE2e();
});
afterAll(async () => {
  await e2e?.close();
});

const statusOf = (page: Page) => page.getByTestId('viewer-status').textContent();
const noticeOf = (page: Page) => page.getByTestId('notice').textContent();

describe("the caller's side of a request to join", () => {
  const groupId = String(SEED_FACTS.closedGroupWithoutDemoUser);

  it('demo-user-2 requests a closed group and sees "requested", which a reload keeps', async () => {
    const { page } = await e2e.openAs(DEMO_TOKENS.user2, `#/groups/${groupId}`);
    await expect.poll(() => statusOf(page)).toBe('not a member');
    await page.getByRole('button', { name: 'Request to join' }).click();

    await expect.poll(() => noticeOf(page)).toMatch(/^Requested Your request to join .+ waits for its moderators\./);
    await expect.poll(() => statusOf(page)).toBe('requested');
    await page.getByRole('button', { name: 'Cancel request' }).waitFor();
    expect(await page.getByRole('button', { name: 'Request to join' }).count()).toBe(0);

    // The app took ?token= out of the address when it started; the reload signs in from the tab's sessionStorage.
    expect(page.url()).not.toContain('token=');
    expect(new URL(page.url()).hash).toBe(`#/groups/${groupId}`);
    await page.reload();
    await expect.poll(() => statusOf(page)).toBe('requested');
  });

  it('"Cancel request" withdraws it', async () => {
    const { page } = await e2e.openAs(DEMO_TOKENS.user2, `#/groups/${groupId}`);
    await page.getByRole('button', { name: 'Cancel request' }).click();
    await expect.poll(() => noticeOf(page)).toMatch(/^Request cancelled Your request to join .+ is withdrawn\./);
    await expect.poll(() => statusOf(page)).toBe('not a member');
    await page.getByRole('button', { name: 'Request to join' }).waitFor();
  });

  it('a refusal is shown as its message: cancelling a request already withdrawn in another tab', async () => {
    const request = `mutation ($id: ID!) { requestGroupMembership(groupId: $id) { __typename } }`;
    const cancel = `mutation ($id: ID!) { cancelGroupMembershipRequest(groupId: $id) { __typename ... on WorkgroupError { message } } }`;
    const requested = await e2e.harness.gql<{ requestGroupMembership: { __typename: string } }>(request, { id: groupId }, DEMO_TOKENS.user2);
    expect(requested.body.data?.requestGroupMembership.__typename).toBe('RequestGroupMembershipSuccess');

    // A tab without live updates (as behind a proxy that cuts event streams): its "Cancel request" goes stale.
    const { page } = await e2e.openAs(DEMO_TOKENS.user2, `#/groups/${groupId}`, { live: false });
    const stale = page.getByRole('button', { name: 'Cancel request' });
    await stale.waitFor();
    const cancelled = await e2e.harness.gql<{ cancelGroupMembershipRequest: { __typename: string } }>(cancel, { id: groupId }, DEMO_TOKENS.user2);
    expect(cancelled.body.data?.cancelGroupMembershipRequest.__typename).toBe('CancelGroupMembershipRequestSuccess');

    await stale.click();
    // The same refusal, asked for again through the API (a refusal writes nothing, so it repeats): the page shows
    // exactly the gateway's message, under the heading for its type.
    const refused = await e2e.harness.gql<{ cancelGroupMembershipRequest: { __typename: string; message: string } }>(cancel, { id: groupId }, DEMO_TOKENS.user2);
    const answer = refused.body.data?.cancelGroupMembershipRequest ?? { __typename: '', message: '' };
    expect(answer.__typename).toMatch(/Error$/);
    await expect.poll(() => noticeOf(page)).toBe(`${refusalOutcome(answer).heading} ${answer.message}×`);
    await expect.poll(() => statusOf(page)).toBe('not a member');
  });
});
