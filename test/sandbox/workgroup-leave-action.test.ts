/**
 * Conformance of socialnetwork.api.workgroup.get ACTIONS.LEAVE and SCRUM_MASTER_ID against the controller's source
 * (getActions: UserIsMember && !UserIsAutoMember && !UserIsOwner && !UserIsScrumMaster): a member kept by
 * department sync, or the project's scrum master, is not offered to leave, exactly as `usertogroup.leave` refuses.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED_FACTS } from '../../src/sandbox/index.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { call, start } from './helpers.js';

const F = SEED_FACTS;
const GET = 'socialnetwork.api.workgroup.get';

let sb: Sandbox;
beforeAll(async () => {
  sb = await start();
});
afterAll(async () => {
  await sb.close();
});
beforeEach(() => sb.reset());

const actionsOf = async (groupId: number, token: string) => {
  const r = await call(sb, GET, { params: { groupId, select: ['ACTIONS', 'USER_DATA'] } }, token);
  expect(r.status).toBe(200);
  return r.body.result as { ACTIONS: Record<string, boolean>; USER_DATA: Record<string, unknown>; SCRUM_MASTER_ID: number };
};

describe('workgroup.get ACTIONS.LEAVE', () => {
  it('is true for a plain member, and leave then succeeds', async () => {
    const got = await actionsOf(F.groupWhereDemoUser2IsMember, 'demo-user-2');
    expect(got.USER_DATA.ROLE).toBe('K');
    expect(got.ACTIONS.LEAVE).toBe(true);
    const left = await call(sb, 'socialnetwork.api.usertogroup.leave', { params: { groupId: F.groupWhereDemoUser2IsMember } }, 'demo-user-2');
    expect(left.body.result).toEqual({ success: true });
  });

  it('is false for a member kept by department sync (AUTO_MEMBER=Y), whom leave refuses', async () => {
    const got = await actionsOf(F.groupWhereDemoUser2IsAutoMember, 'demo-user-2');
    expect(got.USER_DATA.ROLE).toBe('K');
    expect(got.ACTIONS.LEAVE).toBe(false);
    const left = await call(sb, 'socialnetwork.api.usertogroup.leave', { params: { groupId: F.groupWhereDemoUser2IsAutoMember } }, 'demo-user-2');
    expect(left.status).toBe(400);
    expect(left.body.error).toBe('403');
  });

  it('is false for the owner', async () => {
    expect((await actionsOf(F.groupOwnedByDemoUser2, 'demo-user-2')).ACTIONS.LEAVE).toBe(false);
  });

  it('is false for the scrum master, and SCRUM_MASTER_ID is the stored one', async () => {
    const created = await call(sb, 'sonet_group.create', { NAME: 'Scrum team', VISIBLE: 'Y', OPENED: 'Y', PROJECT: 'Y', SCRUM_MASTER_ID: F.demoUser2Id }, 'demo-user');
    const groupId = created.body.result as number;
    const joined = await call(sb, 'sonet_group.user.request', { GROUP_ID: groupId }, 'demo-user-2');
    expect(joined.body.result).toBe(true);
    const got = await actionsOf(groupId, 'demo-user-2');
    expect(got.SCRUM_MASTER_ID).toBe(F.demoUser2Id);
    expect(got.USER_DATA.ROLE).toBe('K');
    expect(got.ACTIONS.LEAVE).toBe(false);
    const left = await call(sb, 'socialnetwork.api.usertogroup.leave', { params: { groupId } }, 'demo-user-2');
    expect(left.body.error).toBe('403');
  });
});
