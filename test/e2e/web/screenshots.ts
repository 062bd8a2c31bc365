/**
 * `npm run web:screenshots`: one PNG per screen of the reference app, in docs/screenshots/, taken in headless Chromium
 * against the embedded sandbox (the same stack as the e2e tests). Re-run it after a visible change to the app.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { DEMO_TOKENS, SEED_FACTS } from '../../../src/sandbox/index.js';
import { startWebE2e } from './app.js';

const OUT = new URL('../../../docs/screenshots/', import.meta.url);

async function shoot(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  const path = new URL(`${name}.png`, OUT).pathname;
  await page.screenshot({ path, fullPage: false });
  console.log(`wrote ${path}`);
}

const e2e = await startWebE2e({ build: true });
try {
  mkdirSync(OUT, { recursive: true });
  const signIn = (await e2e.openAs('', '')).page;
  await signIn.getByRole('heading', { name: 'Workgroups' }).waitFor();
  await shoot(signIn, 'sign-in');

  const user = (await e2e.openAs(DEMO_TOKENS.user, '#/')).page;
  await user.getByTestId('my-groups').waitFor();
  await shoot(user, 'my-groups');

  const user2 = (await e2e.openAs(DEMO_TOKENS.user2, '#/groups')).page;
  await user2.getByLabel('Search by name').fill('Falcon');
  await user2.getByText(/groups, page 1 of/).waitFor();
  await user2.waitForTimeout(500);
  await shoot(user2, 'all-groups');

  const group = (await e2e.openAs(DEMO_TOKENS.user2, `#/groups/${SEED_FACTS.closedGroupWithoutDemoUser}`)).page;
  await group.getByRole('button', { name: 'Request to join' }).click();
  await group.getByRole('button', { name: 'Cancel request' }).waitFor();
  await shoot(group, 'group-requested');

  const invited = (await e2e.openAs(DEMO_TOKENS.user2, `#/groups/${SEED_FACTS.groupWhereDemoUser2IsInvited}`)).page;
  await invited.getByRole('button', { name: 'Decline' }).waitFor();
  await shoot(invited, 'group-invited');

  const moderator = (await e2e.openAs(DEMO_TOKENS.user, `#/groups/${SEED_FACTS.groupWithRequestsModeratedByDemoUser}`)).page;
  await moderator.getByTestId('pending-requests').waitFor();
  await shoot(moderator, 'pending-requests');

  const owner = (await e2e.openAs(DEMO_TOKENS.user2, `#/groups/${SEED_FACTS.closedGroupWithoutDemoUser}`, { live: false })).page;
  const stale = owner.getByRole('button', { name: 'Cancel request' });
  await stale.waitFor();
  await e2e.harness.gql(`mutation ($id: ID!) { cancelGroupMembershipRequest(groupId: $id) { __typename } }`, { id: String(SEED_FACTS.closedGroupWithoutDemoUser) }, DEMO_TOKENS.user2);
  await stale.click();
  await owner.getByTestId('notice').waitFor();
  await shoot(owner, 'refusal');
} finally {
  await e2e.close();
}
