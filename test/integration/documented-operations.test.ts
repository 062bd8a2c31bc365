/**
 * The operations a frontend uses (schema/operations/*.graphql), run as the typed documents codegen generates from
 * them: a schema change that breaks a documented operation breaks typecheck or this file.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED_FACTS } from '../../src/sandbox/index.js';
import {
  GroupsPageDocument,
  GroupWithMembersDocument,
  RequestGroupMembershipDocument,
  ViewerDocument,
} from '../generated/graphql.js';
import { startHarness, type Harness } from '../helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.reset());

describe('documented operations', () => {
  it('RequestGroupMembership joins an open group', async () => {
    const groupId = String(SEED_FACTS.openGroupWithoutDemoUser);
    const { body } = await h.execute(RequestGroupMembershipDocument, { groupId, message: 'hi' });
    const result = body.data?.requestGroupMembership;
    if (result?.__typename !== 'RequestGroupMembershipSuccess') throw new Error(`unexpected ${JSON.stringify(body)}`);
    expect(result.status).toBe('JOINED');
    expect(result.group.id).toBe(groupId);
    expect(result.group.memberCount).toBe(h.sandbox.store.group(Number(groupId))!.numberOfMembers);
  });

  it('GroupsPage pages with a cursor and a filter', async () => {
    const first = await h.execute(GroupsPageDocument, { first: 5, filter: { isOpen: true }, orderBy: [{ field: 'ID', direction: 'ASC' }] });
    const page = first.body.data?.groups;
    expect(page?.edges).toHaveLength(5);
    expect(page?.edges.every((edge) => edge.node.isOpen && edge.node.owner !== null)).toBe(true);
    const second = await h.execute(GroupsPageDocument, { first: 5, after: page?.pageInfo.endCursor, filter: { isOpen: true }, orderBy: [{ field: 'ID', direction: 'ASC' }] });
    const ids = [...(page?.edges ?? []), ...(second.body.data?.groups?.edges ?? [])].map((edge) => Number(edge.node.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(10);
  });

  it('GroupWithMembers lists members filtered by role', async () => {
    const id = String(SEED_FACTS.groupOwnedByDemoUser);
    const { body } = await h.execute(GroupWithMembersDocument, { id, roles: ['OWNER'] });
    expect(body.data?.group?.members).toEqual([
      expect.objectContaining({ role: 'OWNER', user: expect.objectContaining({ id: String(SEED_FACTS.demoUserId) }) }),
    ]);
  });

  it('Viewer returns the caller and their groups', async () => {
    const { body } = await h.execute(ViewerDocument, {}, 'demo-user-2');
    expect(body.data?.viewer.user.id).toBe(String(SEED_FACTS.demoUser2Id));
    expect(body.data?.viewer.groups.length).toBeGreaterThan(0);
    expect(body.data?.viewer.groups.every((membership) => membership.group !== null)).toBe(true);
  });
});
