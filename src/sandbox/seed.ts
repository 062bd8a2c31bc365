/**
 * Deterministic seed portal: ~100 groups of every kind, 300 users, memberships, demo tokens.
 * All variety comes from a seeded PRNG, so every run (and every reset) yields the same data.
 */
import { createPrng } from './prng.js';
import type { GroupRecord, RelationRecord, Role, SubjectRecord, TokenRecord, UserRecord } from './store.js';

export interface SeedData {
  groups: GroupRecord[];
  users: UserRecord[];
  relations: RelationRecord[];
  subjects: SubjectRecord[];
  tokens: Record<string, TokenRecord>;
  facts: SeedFacts;
}

export interface SeedFacts {
  adminUserId: number;
  demoUserId: number;
  demoUser2Id: number;
  noScopeUserId: number;
  groupCount: number;
  userCount: number;
  openGroupWithoutDemoUser: number;
  closedGroupWithoutDemoUser: number;
  secretGroupWithoutDemoUser: number;
  inactiveGroupWithoutDemoUser: number;
  groupOwnedByDemoUser: number;
  groupModeratedByDemoUser: number;
  groupWhereDemoUserIsMember: number;
  groupWhereDemoUserIsPending: number;
  /** Closed group where demo-user-2 has a pending join request (Z, INITIATED_BY_TYPE U). */
  groupWhereDemoUser2IsPending: number;
  /** Closed group where demo-user-2 has a pending invitation (Z, INITIATED_BY_TYPE G). */
  groupWhereDemoUser2IsInvited: number;
  /** Open group where demo-user-2 is a plain member (K) and may leave. */
  groupWhereDemoUser2IsMember: number;
  /** Open group where demo-user-2 is a member kept by department sync (K, AUTO_MEMBER Y): cannot leave. */
  groupWhereDemoUser2IsAutoMember: number;
  /** Closed group owned (A) by demo-user-2. */
  groupOwnedByDemoUser2: number;
  /**
   * Closed visible group moderated (E) by demo-user, INITIATE_PERMS E, with several pending join requests (Z/U) of
   * other users and no relation of demo-user-2: the request → accept/deny story.
   */
  groupWithRequestsModeratedByDemoUser: number;
  /** User ids with a pending request (Z/U) in groupWithRequestsModeratedByDemoUser, by relation ID. */
  pendingRequestUserIds: number[];
  missingGroupId: number;
}

export const DEMO_TOKENS = {
  admin: 'demo-admin',
  user: 'demo-user',
  user2: 'demo-user-2',
  expired: 'demo-expired',
  noScope: 'demo-noscope',
} as const;

const ADMIN = 1;
const DEMO = 2;
const DEMO2 = 3;
const NOSCOPE = 4;
const USER_COUNT = 300;
const GROUP_COUNT = 100;
const DAY = 86_400_000;
const BASE = Date.UTC(2024, 0, 1, 6, 0, 0); // 2024-01-01 09:00 +03:00
const SEED_END = Date.UTC(2026, 2, 1, 0, 0, 0);
const FULL_SCOPE = ['sonet_group', 'socialnetwork', 'user', 'user_basic', 'user_brief', 'department'];

const FIRST_NAMES = [
  'Alexey', 'Maria', 'Ivan', 'Olga', 'Sergey', 'Natalia', 'Andrey', 'Irina', 'Pavel', 'Tatiana',
  'John', 'Emma', 'Liam', 'Sophia', 'Noah', 'Mia', 'Lucas', 'Chloe', 'Mateo', 'Zoe',
];
const LAST_NAMES = [
  'Sokolov', 'Popova', 'Lebedev', 'Kozlova', 'Novikov', 'Morozova', 'Volkov', 'Pavlova', 'Fedorov', 'Orlova',
  'Smith', 'Johnson', 'Brown', 'Garcia', 'Miller', 'Davis', 'Wilson', 'Moore', 'Taylor', "O'Neil",
];
const POSITIONS = ['', 'Developer', 'Designer', 'Sales manager', 'Accountant', 'Team lead', 'QA engineer', 'HR'];
const ADJ = ['Blue', 'Rapid', 'Silent', 'Northern', 'Bright', 'Green', 'Quiet', 'Iron', 'Golden', 'Digital'];
const NOUN = ['Falcon', 'Harbor', 'Orbit', 'Garden', 'Bridge', 'Compass', 'Forge', 'Lighthouse', 'Pioneer', 'Summit'];

function kindOf(i: number): { visible: 'Y' | 'N'; opened: 'Y' | 'N' } {
  const m = i % 10;
  if (m === 0 || (m >= 1 && m <= 4)) return { visible: 'Y', opened: 'Y' }; // open
  if (m >= 5 && m <= 7) return { visible: 'Y', opened: 'N' }; // closed
  return { visible: 'N', opened: 'N' }; // secret
}

const sec = (ms: number): number => Math.floor(ms / 1000) * 1000;

export function buildSeed(): SeedData {
  const rnd = createPrng(20260319);
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));

  const subjects: SubjectRecord[] = [
    { id: 1, name: 'Workgroups' },
    { id: 2, name: 'Projects' },
    { id: 3, name: 'Sales' },
    { id: 4, name: 'Marketing' },
    { id: 5, name: 'Research & Development' },
  ];

  // ---- users ----
  const users: UserRecord[] = [];
  for (let id = 1; id <= USER_COUNT; id++) {
    const special: Record<number, [string, string, string]> = {
      [ADMIN]: ['Anna', 'Admin', 'Portal administrator'],
      [DEMO]: ['Dmitry', 'Demo', 'Developer'],
      [DEMO2]: ['Elena', 'Demo-Two', 'Designer'],
      [NOSCOPE]: ['Nikolai', 'Noscope', 'Accountant'],
    };
    const sp = special[id];
    const name = sp?.[0] ?? FIRST_NAMES[int(0, FIRST_NAMES.length - 1)] ?? 'User';
    const lastName = sp?.[1] ?? LAST_NAMES[int(0, LAST_NAMES.length - 1)] ?? 'Person';
    const registered = sec(BASE - 400 * DAY + int(0, 700) * DAY + int(0, 86_399) * 1000);
    const lastLogin = sec(Math.min(SEED_END, registered + int(1, 300) * DAY));
    users.push({
      id,
      active: id <= 4 ? true : id % 29 !== 0 && id !== 150,
      isAdmin: id === ADMIN,
      login: `user${id}`,
      name,
      lastName,
      secondName: '',
      email: `${name}.${lastName}.${id}@example.com`.toLowerCase().replace(/'/g, ''),
      workPosition: sp?.[2] ?? POSITIONS[int(0, POSITIONS.length - 1)] ?? '',
      personalPhoto: id % 3 === 0 ? `https://cdn.sandbox.invalid/upload/main/${(id * 2654435761 % 4096).toString(16)}/photo_${id}.jpg` : null,
      personalGender: id % 2 === 0 ? 'M' : 'F',
      personalBirthday: id % 4 === 0 ? Date.UTC(1970 + (id % 35), id % 12, 1 + (id % 28)) : null,
      isOnline: rnd() < 0.3 ? 'Y' : 'N',
      dateRegister: registered,
      lastLogin,
      timestampX: lastLogin,
      lastActivityDate: lastLogin,
      ufDepartment: [1 + (id % 7)],
      userType: 'employee',
    });
  }
  const activeUser = (id: number): boolean => users[id - 1]?.active ?? false;

  // ---- groups ----
  const groups: GroupRecord[] = [];
  for (let i = 1; i <= GROUP_COUNT; i++) {
    const { visible, opened } = kindOf(i);
    const project = i % 3 === 0 ? 'Y' : 'N';
    const created = sec(BASE + int(0, 700) * DAY + int(0, 86_399) * 1000);
    const updated = sec(Math.min(SEED_END, created + int(0, 120) * DAY + int(0, 3600) * 1000));
    const activity = sec(Math.min(SEED_END, updated + int(0, 30) * DAY));
    const projectStart = project === 'Y' ? Date.UTC(2024, 0, 1) - 3 * 3_600_000 + Math.floor((created - BASE) / DAY) * DAY : null;
    let name = `${ADJ[i % ADJ.length] ?? 'Group'} ${NOUN[Math.floor(i / ADJ.length) % NOUN.length] ?? 'Team'} ${i}`;
    if (project === 'Y') name = `Project ${name}`;
    if (i === 42) name = `R&D <Lab> "Alpha" / Beta's`;
    if (i === 27) name = 'Отдел продаж: Север';
    groups.push({
      id: i,
      siteId: 's1',
      name,
      description: i % 5 === 0 ? null : `Workspace for the ${name} team (${['kick-off', 'ongoing', 'support'][i % 3] ?? ''}).`,
      keywords: i % 4 === 1 ? null : ['alpha,beta', 'sales,crm', 'design', 'internal,hr', 'research'][i % 5] ?? null,
      dateCreate: created,
      dateUpdate: updated,
      dateActivity: activity,
      active: i % 17 === 0 ? 'N' : 'Y',
      visible,
      opened,
      closed: i % 13 === 0 ? 'Y' : 'N',
      project,
      projectDateStart: projectStart,
      projectDateFinish: projectStart === null ? null : projectStart + int(30, 180) * DAY,
      subjectId: project === 'Y' ? 2 : 1 + (i % 5 === 1 ? 0 : i % 5),
      ownerId: 0,
      imageId: i % 4 === 0 ? 1000 + i : null,
      initiatePerms: (['K', 'E', 'A'] as const)[i % 3] ?? 'K',
      spamPerms: 'K',
      numberOfMembers: 0,
      numberOfModerators: 0,
      scrumMasterId: 0,
    });
  }

  // ---- deterministic picks for the demo users ----
  const used = new Set<number>();
  const pick = (pred: (g: GroupRecord) => boolean): number => {
    const g = groups.find((x) => !used.has(x.id) && pred(x));
    if (!g) throw new Error('seed: no group for a demo pick');
    used.add(g.id);
    return g.id;
  };
  const usable = (g: GroupRecord): boolean => g.active === 'Y' && g.closed === 'N';
  const isOpen = (g: GroupRecord): boolean => usable(g) && g.visible === 'Y' && g.opened === 'Y';
  const isClosed = (g: GroupRecord): boolean => usable(g) && g.visible === 'Y' && g.opened === 'N';
  const isSecret = (g: GroupRecord): boolean => usable(g) && g.visible === 'N';

  interface Forced { groupId: number; userId: number; role: Role; type: 'U' | 'G'; message: string; autoMember?: 'Y'; day?: number }
  const forced: Forced[] = [];
  const force = (groupId: number, userId: number, role: Role, type: 'U' | 'G' = 'U', message = ''): void => {
    forced.push({ groupId, userId, role, type, message });
  };
  /**
   * Relations added for the lifecycle stories (issues 10 and 11). Their day is fixed rather than drawn from the
   * PRNG, so the random data of every other group stays exactly what it was before they were added.
   */
  const forceFixed = (f: Forced): void => {
    forced.push({ day: 7, ...f });
  };

  const groupOwnedByDemoUser = pick(isOpen);
  const groupModeratedByDemoUser = pick(isClosed);
  const groupWhereDemoUserIsMember = pick(isOpen);
  const groupWhereDemoUserIsPending = pick(isClosed);
  const openGroupWithoutDemoUser = pick(isOpen);
  const closedGroupWithoutDemoUser = pick(isClosed);
  const secretGroupWithoutDemoUser = pick(isSecret);
  const inactiveGroupWithoutDemoUser = pick((g) => g.visible === 'Y' && g.active === 'N');
  const demoSecretOwned = pick(isSecret);
  const demoSecretMember = pick(isSecret);
  const demoSecretInvited = pick(isSecret);
  const demoArchivedMember = pick((g) => g.visible === 'Y' && g.closed === 'Y' && g.active === 'Y');
  const demoOpenMember2 = pick(isOpen);
  const demoClosedMember = pick(isClosed);
  const demo2Owned = pick(isClosed);
  const noScopeMember = pick(isOpen);

  force(groupOwnedByDemoUser, DEMO, 'A');
  force(demoSecretOwned, DEMO, 'A');
  force(groupModeratedByDemoUser, DEMO, 'E', 'G');
  force(groupWhereDemoUserIsMember, DEMO, 'K', 'G');
  force(demoSecretMember, DEMO, 'K', 'G');
  force(demoArchivedMember, DEMO, 'K', 'U');
  force(demoOpenMember2, DEMO, 'K', 'U');
  force(demoClosedMember, DEMO, 'K', 'G');
  force(groupWhereDemoUserIsPending, DEMO, 'Z', 'U', 'Hello, I would like to join the team');
  force(demoSecretInvited, DEMO, 'Z', 'G', 'Join us');
  force(demo2Owned, DEMO2, 'A');
  force(groupWhereDemoUserIsMember, DEMO2, 'K', 'U');
  force(demoSecretMember, DEMO2, 'E', 'G');
  force(openGroupWithoutDemoUser, DEMO2, 'K', 'U');
  force(noScopeMember, NOSCOPE, 'K', 'U');

  // ---- lifecycle stories: picked after the groups above so their picks do not move ----
  const groupWhereDemoUser2IsPending = pick(isClosed);
  const groupWhereDemoUser2IsInvited = pick(isClosed);
  const groupWhereDemoUser2IsAutoMember = pick(isOpen);
  const groupWithRequestsModeratedByDemoUser = pick(isClosed);
  forceFixed({ groupId: groupWhereDemoUser2IsPending, userId: DEMO2, role: 'Z', type: 'U', message: 'I would like to help with this project' });
  forceFixed({ groupId: groupWhereDemoUser2IsInvited, userId: DEMO2, role: 'Z', type: 'G', message: 'Please join our group' });
  forceFixed({ groupId: groupWhereDemoUser2IsAutoMember, userId: DEMO2, role: 'K', type: 'G', message: '', autoMember: 'Y' });
  forceFixed({ groupId: groupWithRequestsModeratedByDemoUser, userId: DEMO, role: 'E', type: 'G', message: '' });
  const requestStoryGroup = groups.find((g) => g.id === groupWithRequestsModeratedByDemoUser);
  // Moderators may answer requests only when INITIATE_PERMS is E or K (protocol §9.6); E keeps plain members out.
  if (requestStoryGroup) requestStoryGroup.initiatePerms = 'E';
  const PENDING_REQUESTS = 4;

  // ---- random memberships (demo users are never drawn; the admin may be) ----
  const pool = users.map((u) => u.id).filter((id) => id !== DEMO && id !== DEMO2 && id !== NOSCOPE);
  const relations: RelationRecord[] = [];
  let relId = 1;
  for (const g of groups) {
    const taken = new Set<number>();
    const draw = (): number => {
      for (;;) {
        const id = pool[int(0, pool.length - 1)] ?? ADMIN;
        if (!taken.has(id)) {
          taken.add(id);
          return id;
        }
      }
    };
    const forcedHere = forced.filter((f) => f.groupId === g.id);
    const forcedOwner = forcedHere.find((f) => f.role === 'A');
    const at = (extraDays: number): number => sec(Math.min(SEED_END, g.dateCreate + extraDays * DAY));
    const add = (userId: number, role: Role, type: 'U' | 'G', message: string, day: number): void => {
      const when = at(day);
      relations.push({
        id: relId++, groupId: g.id, userId, role, initiatedByType: type,
        initiatedByUserId: type === 'U' ? userId : g.ownerId, message, autoMember: 'N', dateCreate: when, dateUpdate: when,
      });
    };
    let ownerId: number;
    if (forcedOwner) {
      ownerId = forcedOwner.userId;
      taken.add(ownerId);
    } else {
      ownerId = g.id % 10 === 3 && activeUser(ADMIN) && !taken.has(ADMIN) ? ADMIN : draw();
      while (!activeUser(ownerId)) ownerId = draw();
      taken.add(ownerId);
    }
    g.ownerId = ownerId;
    add(ownerId, 'A', 'U', '', 0);
    const moderators = 1 + (rnd() < 0.5 ? 1 : 0);
    for (let k = 0; k < moderators; k++) add(draw(), 'E', 'G', '', int(1, 20));
    const members = 3 + int(0, 9);
    for (let k = 0; k < members; k++) add(draw(), 'K', rnd() < 0.5 ? 'U' : 'G', '', int(1, 60));
    const pending = int(0, 2);
    for (let k = 0; k < pending; k++) {
      const byUser = rnd() < 0.5;
      add(draw(), 'Z', byUser ? 'U' : 'G', byUser ? 'Please accept my request' : 'You are invited', int(1, 90));
    }
    for (const f of forcedHere) {
      if (f.role === 'A') continue;
      add(f.userId, f.role, f.type, f.message, f.day ?? int(1, 30));
      if (f.autoMember === 'Y') {
        const last = relations.at(-1);
        if (last) last.autoMember = 'Y';
      }
    }
    if (g.id === groupWithRequestsModeratedByDemoUser) {
      // Several pending requests from active users not yet related to the group, chosen without the PRNG.
      let added = 0;
      for (const id of pool) {
        if (added === PENDING_REQUESTS) break;
        if (taken.has(id) || !activeUser(id) || id < 200) continue;
        taken.add(id);
        add(id, 'Z', 'U', `Request ${added + 1}: please add me`, 10 + added);
        added++;
      }
    }
  }
  // relation IDs follow creation order within the seed (user.groups sorts by relation ID)
  relations.sort((a, b) => a.dateCreate - b.dateCreate || a.id - b.id);
  relations.forEach((r, idx) => (r.id = idx + 1));

  for (const g of groups) {
    const rels = relations.filter((r) => r.groupId === g.id && r.role !== 'Z' && activeUser(r.userId));
    g.numberOfMembers = rels.length;
    g.numberOfModerators = rels.filter((r) => r.role === 'A' || r.role === 'E').length;
  }

  const tokens: Record<string, TokenRecord> = {
    [DEMO_TOKENS.admin]: { userId: ADMIN, scopes: FULL_SCOPE, expired: false, app: 'sandbox-app' },
    [DEMO_TOKENS.user]: { userId: DEMO, scopes: FULL_SCOPE, expired: false, app: 'sandbox-app' },
    [DEMO_TOKENS.user2]: { userId: DEMO2, scopes: FULL_SCOPE, expired: false, app: 'sandbox-app' },
    [DEMO_TOKENS.expired]: { userId: DEMO, scopes: FULL_SCOPE, expired: true, app: 'sandbox-app' },
    [DEMO_TOKENS.noScope]: { userId: NOSCOPE, scopes: ['user', 'user_basic', 'user_brief'], expired: false, app: 'sandbox-app' },
  };

  const facts: SeedFacts = {
    adminUserId: ADMIN,
    demoUserId: DEMO,
    demoUser2Id: DEMO2,
    noScopeUserId: NOSCOPE,
    groupCount: groups.length,
    userCount: users.length,
    openGroupWithoutDemoUser,
    closedGroupWithoutDemoUser,
    secretGroupWithoutDemoUser,
    inactiveGroupWithoutDemoUser,
    groupOwnedByDemoUser,
    groupModeratedByDemoUser,
    groupWhereDemoUserIsMember,
    groupWhereDemoUserIsPending,
    groupWhereDemoUser2IsPending,
    groupWhereDemoUser2IsInvited,
    groupWhereDemoUser2IsMember: openGroupWithoutDemoUser,
    groupWhereDemoUser2IsAutoMember,
    groupOwnedByDemoUser2: demo2Owned,
    groupWithRequestsModeratedByDemoUser,
    pendingRequestUserIds: relations
      .filter((r) => r.groupId === groupWithRequestsModeratedByDemoUser && r.role === 'Z' && r.initiatedByType === 'U')
      .map((r) => r.userId),
    missingGroupId: 9999,
  };
  return { groups, users, relations, subjects, tokens, facts };
}

export const SEED_FACTS: Readonly<SeedFacts> = Object.freeze(buildSeed().facts);
