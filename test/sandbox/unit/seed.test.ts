import { describe, expect, it } from 'vitest';
import { formatIso, parseFilterDate } from '../../../src/sandbox/dates.js';
import { DEMO_TOKENS, SEED_FACTS } from '../../../src/sandbox/index.js';
import { buildSeed } from '../../../src/sandbox/seed.js';
import { SandboxStore } from '../../../src/sandbox/store.js';

describe('seed data', () => {
  const store = new SandboxStore();
  const demo = SEED_FACTS.demoUserId;

  it('is deterministic', () => {
    expect(buildSeed()).toEqual(buildSeed());
  });

  it('has the documented sizes and demo tokens', () => {
    expect(SEED_FACTS.groupCount).toBe(store.groups().length);
    expect(SEED_FACTS.userCount).toBe(store.users().length);
    expect(store.groups().length).toBeGreaterThanOrEqual(90);
    expect(store.users().length).toBeGreaterThanOrEqual(250);
    expect(store.token(DEMO_TOKENS.admin)?.userId).toBe(SEED_FACTS.adminUserId);
    expect(store.user(SEED_FACTS.adminUserId)?.isAdmin).toBe(true);
    expect(store.user(demo)?.isAdmin).toBe(false);
    expect(store.token(DEMO_TOKENS.noScope)?.scopes).not.toContain('sonet_group');
    expect(store.token(DEMO_TOKENS.expired)?.expired).toBe(true);
  });

  it('has every kind of group and users of both activity states', () => {
    const g = store.groups();
    expect(g.some((x) => x.visible === 'Y' && x.opened === 'Y')).toBe(true);
    expect(g.some((x) => x.visible === 'Y' && x.opened === 'N')).toBe(true);
    expect(g.some((x) => x.visible === 'N')).toBe(true);
    expect(g.some((x) => x.closed === 'Y')).toBe(true);
    expect(g.some((x) => x.active === 'N')).toBe(true);
    expect(g.some((x) => x.project === 'Y' && x.projectDateStart !== null && x.projectDateFinish !== null)).toBe(true);
    expect(new Set(g.map((x) => x.subjectId)).size).toBeGreaterThanOrEqual(3);
    expect(g.some((x) => x.description === null)).toBe(true);
    expect(g.some((x) => x.keywords === null)).toBe(true);
    expect(store.users().some((u) => !u.active)).toBe(true);
    expect(g.filter((x) => x.visible === 'Y' && x.numberOfMembers >= 3).length).toBeGreaterThanOrEqual(50);
  });

  it('keeps NUMBER_OF_MEMBERS / NUMBER_OF_MODERATORS consistent with relations', () => {
    for (const g of store.groups()) {
      const rels = store.relationsOfGroup(g.id).filter((r) => r.role !== 'Z' && store.user(r.userId)?.active);
      expect(g.numberOfMembers).toBe(rels.length);
      expect(g.numberOfModerators).toBe(rels.filter((r) => r.role === 'A' || r.role === 'E').length);
      expect(store.relation(g.id, g.ownerId)?.role).toBe('A');
      expect(g.numberOfMembers).toBeGreaterThanOrEqual(3);
    }
  });

  it('matches SEED_FACTS for the demo user', () => {
    const f = SEED_FACTS;
    expect(store.relation(f.groupOwnedByDemoUser, demo)?.role).toBe('A');
    expect(store.group(f.groupOwnedByDemoUser)?.ownerId).toBe(demo);
    expect(store.relation(f.groupModeratedByDemoUser, demo)?.role).toBe('E');
    expect(store.relation(f.groupWhereDemoUserIsMember, demo)?.role).toBe('K');
    expect(store.relationsOfUser(demo).filter((r) => r.role === 'K').length).toBeGreaterThanOrEqual(3);
    expect(store.relation(f.groupWhereDemoUserIsPending, demo)).toMatchObject({ role: 'Z', initiatedByType: 'U' });
    for (const id of [f.openGroupWithoutDemoUser, f.closedGroupWithoutDemoUser, f.secretGroupWithoutDemoUser, f.inactiveGroupWithoutDemoUser]) {
      expect(store.relation(id, demo)).toBeUndefined();
    }
    expect(store.group(f.openGroupWithoutDemoUser)).toMatchObject({ visible: 'Y', opened: 'Y', active: 'Y' });
    expect(store.group(f.closedGroupWithoutDemoUser)).toMatchObject({ visible: 'Y', opened: 'N', active: 'Y' });
    expect(store.group(f.secretGroupWithoutDemoUser)).toMatchObject({ visible: 'N', active: 'Y' });
    expect(store.group(f.inactiveGroupWithoutDemoUser)).toMatchObject({ visible: 'Y', active: 'N' });
    expect(store.group(f.missingGroupId)).toBeUndefined();
    expect(store.visibleGroupIds(demo)).not.toContain(f.secretGroupWithoutDemoUser);
  });
});

describe('seed data for the membership lifecycle (issues 10 and 11)', () => {
  const store = new SandboxStore();
  const f = SEED_FACTS;
  const demo2 = f.demoUser2Id;

  it('demo-user-2 has a request, an invitation, a membership to leave, an auto-membership and a group they own', () => {
    expect(store.relationRecord(f.groupWhereDemoUser2IsPending, demo2)).toMatchObject({ role: 'Z', initiatedByType: 'U', initiatedByUserId: demo2 });
    expect(store.group(f.groupWhereDemoUser2IsPending)).toMatchObject({ visible: 'Y', opened: 'N', active: 'Y', closed: 'N' });
    expect(store.relationRecord(f.groupWhereDemoUser2IsInvited, demo2)).toMatchObject({ role: 'Z', initiatedByType: 'G' });
    expect(store.group(f.groupWhereDemoUser2IsInvited)).toMatchObject({ visible: 'Y', opened: 'N', active: 'Y', closed: 'N' });
    expect(store.relationRecord(f.groupWhereDemoUser2IsMember, demo2)).toMatchObject({ role: 'K', autoMember: 'N' });
    expect(store.relationRecord(f.groupWhereDemoUser2IsAutoMember, demo2)).toMatchObject({ role: 'K', autoMember: 'Y' });
    expect(store.relationRecord(f.groupOwnedByDemoUser2, demo2)?.role).toBe('A');
    expect(store.group(f.groupOwnedByDemoUser2)?.ownerId).toBe(demo2);
  });

  it('demo-user moderates a closed group (INITIATE_PERMS E) with several pending requests and no relation of demo-user-2', () => {
    const gid = f.groupWithRequestsModeratedByDemoUser;
    expect(store.group(gid)).toMatchObject({ visible: 'Y', opened: 'N', active: 'Y', closed: 'N', initiatePerms: 'E' });
    expect(store.relation(gid, f.demoUserId)?.role).toBe('E');
    expect(store.relation(gid, demo2)).toBeUndefined();
    const pending = store.relationsOfGroup(gid).filter((r) => r.role === 'Z' && r.initiatedByType === 'U');
    expect(pending.map((r) => r.userId)).toEqual(f.pendingRequestUserIds);
    expect(pending.length).toBeGreaterThanOrEqual(4);
    for (const r of pending) expect(store.user(r.userId)?.active).toBe(true);
  });

  it('group names tell the truth: no closed or secret group is called "Open"', () => {
    for (const g of store.groups()) {
      if (/\bOpen\b/.test(g.name)) expect(g.opened, g.name).toBe('Y');
    }
    expect(store.group(6)?.name).not.toMatch(/Open/);
    expect(store.group(6)?.opened).toBe('N');
  });
});

describe('dates', () => {
  it('formats ISO with the portal offset and parses filter dates', () => {
    const ms = Date.UTC(2026, 2, 19, 12, 1, 27, 900);
    expect(formatIso(ms, 180)).toBe('2026-03-19T15:01:27+03:00');
    expect(formatIso(ms, -330)).toBe('2026-03-19T06:31:27-05:30');
    expect(parseFilterDate('2026-03-19T15:01:27+03:00', 180, 0)).toBe(Date.UTC(2026, 2, 19, 12, 1, 27));
    expect(parseFilterDate('2026-03-19', 180, 0)).toBe(Date.UTC(2026, 2, 18, 21, 0, 0));
    expect(parseFilterDate('NOW', 180, 42)).toBe(42);
    expect(parseFilterDate('yesterday', 180, 0)).toBeUndefined();
  });
});
