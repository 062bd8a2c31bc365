/**
 * The reference app in a real browser, live: what one browser changes shows up in another without a reload, through
 * the subscriptions (GraphQL over SSE, through vite's proxy, to the gateway). Over real sockets: Chromium → vite
 * preview → gateway → sandbox portal.
 */
import type { Page } from 'playwright-core';
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

/** Marks the loaded document: the mark survives every update made in place, and a reload would lose it. */
const markDocument = (page: Page) => page.evaluate(() => Object.assign(window, { e2eSameDocument: true }));
const sameDocument = (page: Page) => page.evaluate(() => (window as unknown as { e2eSameDocument?: boolean }).e2eSameDocument === true);
const statusOf = (page: Page) => page.getByTestId('viewer-status').textContent();
const noticeOf = (page: Page) => page.getByTestId('notice').textContent();

describe('live updates between browsers', () => {
  it('demo-user-2 joins a group in one browser: their "My groups" in another and the owner\'s member list update without a reload', async () => {
    const groupId = String(SEED_FACTS.groupOwnedByDemoUser);
    // The owner watches the group's page (groupChanged); demo-user-2 watches their own groups (viewerGroupsChanged).
    const owner = (await e2e.openAs(DEMO_TOKENS.user, `#/groups/${groupId}`)).page;
    await owner.getByTestId('members').waitFor();
    expect(await owner.getByTestId('members').textContent()).not.toContain('Elena Demo-Two');
    const watcher = (await e2e.openAs(DEMO_TOKENS.user2, '#/')).page;
    await watcher.getByTestId('my-groups').waitFor();
    expect(await watcher.getByTestId(`group-${groupId}`).count()).toBe(0);
    await Promise.all([markDocument(owner), markDocument(watcher)]);

    const actor = (await e2e.openAs(DEMO_TOKENS.user2, `#/groups/${groupId}`)).page;
    await actor.getByRole('button', { name: 'Join' }).click();
    await expect.poll(() => actor.getByTestId('notice').textContent()).toMatch(/^Joined You are now a member of Rapid Falcon 1\./);

    const row = watcher.getByTestId(`group-${groupId}`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.getByTestId('viewer-status').textContent()).toBe('member');
    await expect.poll(() => owner.getByTestId('members').textContent(), { timeout: 15_000 }).toContain('Elena Demo-Two');
    expect(await sameDocument(watcher)).toBe(true);
    expect(await sameDocument(owner)).toBe(true);
  });
});

describe('a request and its answer, live in two browsers', () => {
  const groupId = String(SEED_FACTS.groupWithRequestsModeratedByDemoUser);
  const requesterId = String(SEED_FACTS.demoUser2Id);

  it('demo-user-2 requests and sees "requested"; demo-user sees it arrive and accepts; demo-user-2 becomes "member", without a reload', async () => {
    const moderator = (await e2e.openAs(DEMO_TOKENS.user, `#/groups/${groupId}`)).page;
    await moderator.getByTestId('pending-requests').waitFor();
    expect(await moderator.getByTestId(`request-${requesterId}`).count()).toBe(0);
    await markDocument(moderator);

    const requester = (await e2e.openAs(DEMO_TOKENS.user2, `#/groups/${groupId}`)).page;
    await expect.poll(() => statusOf(requester)).toBe('not a member');
    await markDocument(requester);
    await requester.getByRole('button', { name: 'Request to join' }).click();
    await expect.poll(() => noticeOf(requester)).toMatch(/^Requested Your request to join .+ waits for its moderators\./);
    await expect.poll(() => statusOf(requester)).toBe('requested');

    // The moderator's page was open all along: the request arrives through the subscription.
    const row = moderator.getByTestId(`request-${requesterId}`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.textContent()).toContain('Elena Demo-Two');
    await row.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => noticeOf(moderator)).toMatch(/^Request accepted Elena Demo-Two is now a member\./);

    await expect.poll(() => statusOf(requester), { timeout: 15_000 }).toBe('member');
    await requester.getByRole('button', { name: 'Leave' }).waitFor();
    await expect.poll(() => requester.getByTestId('members').textContent()).toContain('Elena Demo-Two');
    expect(await sameDocument(requester)).toBe(true);
    expect(await sameDocument(moderator)).toBe(true);
  });
});
