/**
 * The reference app against a gateway with TRUSTED_DOCUMENTS=1, in a real browser: built with
 * VITE_TRUSTED_DOCUMENTS=1, it sends every query, mutation and subscription by its hash (`documentId`), and the
 * gateway, which runs only the operations of schema/trusted-documents.json, serves all of them. Over real sockets:
 * Chromium → vite preview → gateway → sandbox portal.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TOKENS, SEED_FACTS } from '../../../src/sandbox/index.js';
import { startWebE2e, type WebE2e } from './app.js';

let e2e: WebE2e;
beforeAll(async () => {
  // Its own build (the shared one in dist sends document texts, for the gateways of the other files).
  e2e = await startWebE2e({ env: { TRUSTED_DOCUMENTS: '1' }, ownBuild: { outDir: 'dist/trusted-documents', trustedDocuments: true } });
});
afterAll(async () => {
  await e2e?.close();
});

const statusOf = (page: Page) => page.getByTestId('viewer-status').textContent();
const noticeOf = (page: Page) => page.getByTestId('notice').textContent();

describe('the reference app with TRUSTED_DOCUMENTS=1', () => {
  it('loads the groups list', async () => {
    const { page } = await e2e.openAs(DEMO_TOKENS.user, '#/groups');
    const rows = page.getByTestId('all-groups').getByRole('listitem');
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThan(1);
    expect(await page.getByTestId('page-info').textContent()).toMatch(/\d/);
    // A refused request shows as an alert (Problem.tsx): none here.
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('demo-user-2 requests to join; the moderator sees it arrive live and accepts; demo-user-2 turns "member" live', async () => {
    const groupId = String(SEED_FACTS.groupWithRequestsModeratedByDemoUser);
    const requesterId = String(SEED_FACTS.demoUser2Id);
    const moderator = (await e2e.openAs(DEMO_TOKENS.user, `#/groups/${groupId}`)).page;
    await moderator.getByTestId('pending-requests').waitFor();
    expect(await moderator.getByTestId(`request-${requesterId}`).count()).toBe(0);

    const requester = (await e2e.openAs(DEMO_TOKENS.user2, `#/groups/${groupId}`)).page;
    await expect.poll(() => statusOf(requester)).toBe('not a member');
    await requester.getByRole('button', { name: 'Request to join' }).click();
    await expect.poll(() => noticeOf(requester)).toMatch(/^Requested Your request to join .+ waits for its moderators\./);
    await expect.poll(() => statusOf(requester)).toBe('requested');

    // The moderator's page was open all along: the request arrives through the subscription (SSE, by documentId).
    const row = moderator.getByTestId(`request-${requesterId}`);
    await row.waitFor({ timeout: 15_000 });
    await row.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => noticeOf(moderator)).toMatch(/^Request accepted Elena Demo-Two is now a member\./);
    await expect.poll(() => statusOf(requester), { timeout: 15_000 }).toBe('member');
  });

  it('sent every operation by its hash, never its text: queries, mutations and subscriptions', async () => {
    const sent = e2e.graphqlRequests();
    const documentIds = sent.map(({ body }) => body.documentId);
    expect(documentIds.every((id) => typeof id === 'string' && /^sha256:[0-9a-f]{64}$/.test(id))).toBe(true);
    // graphql-sse sends `query: ""` with the documentId (see examples/web/src/client.ts); fetch sends no query.
    expect(sent.filter(({ body }) => body.query !== undefined && body.query !== '')).toEqual([]);
    const subscriptions = sent.filter(({ accept }) => accept === 'text/event-stream');
    expect(subscriptions.length).toBeGreaterThan(0);
    expect(sent.length).toBeGreaterThan(subscriptions.length);
  });
});
