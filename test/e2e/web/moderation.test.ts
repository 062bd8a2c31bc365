/**
 * The reference app in a real browser, the moderator's side: demo-user sees a pending request to a group they
 * moderate, accepts it (the requester joins the member list) or finds it already answered (a refusal shown as its
 * message). Over real sockets: Chromium → vite preview → gateway → sandbox portal.
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

const noticeOf = (page: Page) => page.getByTestId('notice').textContent();
const groupId = String(SEED_FACTS.groupWithRequestsModeratedByDemoUser);
const requesterId = String(SEED_FACTS.demoUser2Id);

type Requests = { group: { membershipRequests: { nodes: { id: string; user: { id: string } }[] } | null } | null };
const listRequests = `query ($id: ID!) { group(id: $id) { membershipRequests(first: 50) { nodes { id user { id } } } } }`;

describe("the moderator's view of pending requests", () => {
  it('demo-user sees demo-user-2\'s request and accepts it: the request leaves the list, demo-user-2 joins the members', async () => {
    const request = `mutation ($id: ID!) { requestGroupMembership(groupId: $id) { __typename ... on RequestGroupMembershipSuccess { status } } }`;
    const requested = await e2e.harness.gql(request, { id: groupId }, DEMO_TOKENS.user2);
    expect(requested.body.data).toEqual({ requestGroupMembership: { __typename: 'RequestGroupMembershipSuccess', status: 'REQUESTED' } });

    const { page } = await e2e.openAs(DEMO_TOKENS.user, `#/groups/${groupId}`);
    const row = page.getByTestId(`request-${requesterId}`);
    await row.waitFor();
    expect(await row.textContent()).toContain('Elena Demo-Two');
    expect(await page.getByTestId('members').textContent()).not.toContain('Elena Demo-Two');

    await row.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => noticeOf(page)).toMatch(/^Request accepted Elena Demo-Two is now a member\./);
    await expect.poll(() => row.count()).toBe(0);
    await expect.poll(() => page.getByTestId('members').textContent()).toContain('Elena Demo-Two');

    const asRequester = await e2e.harness.gql<{ group: { viewerStatus: string } }>(`query ($id: ID!) { group(id: $id) { viewerStatus } }`, { id: groupId }, DEMO_TOKENS.user2);
    expect(asRequester.body.data?.group.viewerStatus).toBe('MEMBER');
  });

  it('a refusal is shown as its message: accepting a request that was denied while the screen was stale', async () => {
    const pending = await e2e.harness.gql<Requests>(listRequests, { id: groupId }, DEMO_TOKENS.user);
    const other = pending.body.data?.group?.membershipRequests?.nodes.find((entry) => entry.user.id !== requesterId);
    expect(other, 'the seed gives the moderated group another pending request').toBeDefined();
    if (!other) return;

    // A tab without live updates (as behind a proxy that cuts event streams): its "Accept" goes stale.
    const { page } = await e2e.openAs(DEMO_TOKENS.user, `#/groups/${groupId}`, { live: false });
    const row = page.getByTestId(`request-${other.user.id}`);
    await row.waitFor();
    const deny = `mutation ($id: ID!) { denyGroupMembershipRequest(requestId: $id) { __typename } }`;
    const denied = await e2e.harness.gql<{ denyGroupMembershipRequest: { __typename: string } }>(deny, { id: other.id }, DEMO_TOKENS.user);
    expect(denied.body.data?.denyGroupMembershipRequest.__typename).toBe('DenyGroupMembershipRequestSuccess');

    await row.getByRole('button', { name: 'Accept' }).click();
    // The same refusal, asked for again through the API (a refusal writes nothing, so it repeats): the page shows
    // exactly the gateway's message, under the heading for its type.
    const accept = `mutation ($id: ID!) { acceptGroupMembershipRequest(requestId: $id) { __typename ... on WorkgroupError { message } } }`;
    const refused = await e2e.harness.gql<{ acceptGroupMembershipRequest: { __typename: string; message: string } }>(accept, { id: other.id }, DEMO_TOKENS.user);
    const answer = refused.body.data?.acceptGroupMembershipRequest ?? { __typename: '', message: '' };
    expect(answer.__typename).toMatch(/Error$/);
    await expect.poll(() => noticeOf(page)).toBe(`${refusalOutcome(answer).heading} ${answer.message}×`);
    await expect.poll(() => row.count()).toBe(0);
  });
});
