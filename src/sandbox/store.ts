/** In-memory portal state: groups, users, memberships, subjects and OAuth tokens. */
import { buildSeed } from './seed.js';
import type { SeedData } from './seed.js';

export type YN = 'Y' | 'N';
export type Role = 'A' | 'E' | 'K' | 'Z';
export type InitiatedBy = 'U' | 'G';

export interface GroupRecord {
  id: number;
  siteId: string;
  name: string;
  description: string | null;
  keywords: string | null;
  dateCreate: number; // ms
  dateUpdate: number;
  dateActivity: number;
  active: YN;
  visible: YN;
  opened: YN;
  closed: YN; // archived
  project: YN;
  projectDateStart: number | null;
  projectDateFinish: number | null;
  subjectId: number;
  ownerId: number;
  imageId: number | null;
  initiatePerms: 'A' | 'E' | 'K';
  spamPerms: 'A' | 'E' | 'K';
  numberOfMembers: number;
  numberOfModerators: number;
  /** SCRUM_MASTER_ID (0 = none): counts as canModify and cannot leave or be excluded (protocol §6.5, §9.4). */
  scrumMasterId: number;
}

export interface UserRecord {
  id: number;
  active: boolean;
  isAdmin: boolean;
  login: string;
  name: string;
  lastName: string;
  secondName: string;
  email: string;
  workPosition: string;
  personalPhoto: string | null;
  personalGender: '' | 'M' | 'F';
  personalBirthday: number | null;
  isOnline: YN;
  dateRegister: number;
  lastLogin: number;
  timestampX: number;
  lastActivityDate: number;
  ufDepartment: number[];
  userType: 'employee' | 'extranet';
}

export interface RelationRecord {
  id: number;
  groupId: number;
  userId: number;
  role: Role;
  initiatedByType: InitiatedBy;
  initiatedByUserId: number;
  message: string;
  /** AUTO_MEMBER: kept by department sync; cannot leave or be excluded. */
  autoMember: YN;
  dateCreate: number;
  dateUpdate: number;
}

export interface SubjectRecord {
  id: number;
  name: string;
}

export interface TokenRecord {
  userId: number;
  scopes: string[];
  expired: boolean;
  /** The OAuth application the token belongs to (operating time is summed per app and method). */
  app: string;
}

export interface RelationView {
  role: Role;
  initiatedByType: InitiatedBy;
  message: string;
}

export const MEMBER_ROLES: readonly Role[] = ['A', 'E', 'K'];

export class SandboxStore {
  private groupsById = new Map<number, GroupRecord>();
  private usersById = new Map<number, UserRecord>();
  private relationsByKey = new Map<string, RelationRecord>();
  private subjectsById = new Map<number, SubjectRecord>();
  private tokens = new Map<string, TokenRecord>();
  private nextRelationId = 1;
  private nextGroupId = 1;
  /** Set by the event machinery (portal-events/hub.ts): SetStat is an Update and fires ONSONETGROUPUPDATE. */
  onSetStat: ((groupId: number) => void) | undefined;

  constructor(private readonly seed: SeedData = buildSeed()) {
    this.reset();
  }

  /** Restores the seed data (also drops tokens minted with addToken). */
  reset(): void {
    const s = structuredClone(this.seed);
    this.groupsById = new Map(s.groups.map((g) => [g.id, g]));
    this.usersById = new Map(s.users.map((u) => [u.id, u]));
    this.relationsByKey = new Map(s.relations.map((r) => [key(r.groupId, r.userId), r]));
    this.subjectsById = new Map(s.subjects.map((x) => [x.id, x]));
    this.tokens = new Map(Object.entries(s.tokens));
    this.nextRelationId = Math.max(0, ...s.relations.map((r) => r.id)) + 1;
    this.nextGroupId = Math.max(0, ...s.groups.map((g) => g.id)) + 1;
  }

  // ---- read helpers (tests use these) ----
  group(id: number): GroupRecord | undefined {
    return this.groupsById.get(id);
  }
  groups(): GroupRecord[] {
    return [...this.groupsById.values()].sort((a, b) => a.id - b.id);
  }
  user(id: number): UserRecord | undefined {
    return this.usersById.get(id);
  }
  users(): UserRecord[] {
    return [...this.usersById.values()].sort((a, b) => a.id - b.id);
  }
  subject(id: number): SubjectRecord | undefined {
    return this.subjectsById.get(id);
  }
  subjects(): SubjectRecord[] {
    return [...this.subjectsById.values()];
  }
  relation(groupId: number, userId: number): RelationView | undefined {
    const r = this.relationsByKey.get(key(groupId, userId));
    return r ? { role: r.role, initiatedByType: r.initiatedByType, message: r.message } : undefined;
  }
  relationRecord(groupId: number, userId: number): RelationRecord | undefined {
    return this.relationsByKey.get(key(groupId, userId));
  }
  relationById(id: number): RelationRecord | undefined {
    for (const r of this.relationsByKey.values()) if (r.id === id) return r;
    return undefined;
  }
  /** All relations ordered by relation ID ascending. */
  relations(): RelationRecord[] {
    return [...this.relationsByKey.values()].sort((a, b) => a.id - b.id);
  }
  relationsOfGroup(groupId: number): RelationRecord[] {
    return this.relations().filter((r) => r.groupId === groupId);
  }
  relationsOfUser(userId: number): RelationRecord[] {
    return this.relations().filter((r) => r.userId === userId);
  }
  /** protocol §6.4: VISIBLE=Y or the user has an A/E/K relation. ACTIVE and CLOSED do not matter. */
  isVisibleTo(group: GroupRecord, userId: number): boolean {
    if (group.visible === 'Y') return true;
    const r = this.relationsByKey.get(key(group.id, userId));
    return r !== undefined && MEMBER_ROLES.includes(r.role);
  }
  visibleGroupIds(userId: number): number[] {
    return this.groups()
      .filter((g) => this.isVisibleTo(g, userId))
      .map((g) => g.id);
  }

  // ---- tokens ----
  addToken(token: string, userId: number, opts: { scopes?: string[]; expired?: boolean; app?: string } = {}): void {
    this.tokens.set(token, {
      userId,
      scopes: opts.scopes ?? ['sonet_group', 'user'],
      expired: opts.expired ?? false,
      app: opts.app ?? 'sandbox-app',
    });
  }
  token(token: string): TokenRecord | undefined {
    return this.tokens.get(token);
  }

  // ---- writes ----
  /**
   * CSocNetUserToGroup::Add is an upsert on (USER_ID, GROUP_ID): an existing relation (any role, even the
   * owner's) is overwritten; its relation ID and DATE_CREATE are kept.
   */
  upsertRelation(
    groupId: number,
    userId: number,
    fields: { role: Role; initiatedByType: InitiatedBy; initiatedByUserId: number; message: string; autoMember?: YN },
    nowMs: number,
  ): RelationRecord {
    const k = key(groupId, userId);
    const existing = this.relationsByKey.get(k);
    const rec: RelationRecord = existing
      ? { ...existing, ...fields, dateUpdate: nowMs }
      : { id: this.nextRelationId++, groupId, userId, autoMember: 'N', ...fields, dateCreate: nowMs, dateUpdate: nowMs };
    this.relationsByKey.set(k, rec);
    return rec;
  }

  /** Changes the role of an existing relation (CSocNetUserToGroup::Update): keeps initiator, message and ID. */
  setRole(groupId: number, userId: number, role: Role, nowMs: number): RelationRecord | undefined {
    const r = this.relationsByKey.get(key(groupId, userId));
    if (!r) return undefined;
    r.role = role;
    r.dateUpdate = nowMs;
    return r;
  }

  /** CSocNetUserToGroup::Delete. */
  deleteRelation(groupId: number, userId: number): boolean {
    return this.relationsByKey.delete(key(groupId, userId));
  }

  /** CSocNetGroup::Add: a new group with the next ID (relations are added by the caller). */
  addGroup(fields: Omit<GroupRecord, 'id'>): GroupRecord {
    const g: GroupRecord = { id: this.nextGroupId++, ...fields };
    this.groupsById.set(g.id, g);
    return g;
  }

  /** CSocNetGroup::Delete: the group and every relation of it. */
  deleteGroup(groupId: number): boolean {
    if (!this.groupsById.delete(groupId)) return false;
    for (const [k, r] of this.relationsByKey) if (r.groupId === groupId) this.relationsByKey.delete(k);
    return true;
  }

  /** CSocNetGroup::SetStat: recount members (active users, A/E/K) and moderators (A/E); touch DATE_UPDATE. */
  recountGroup(groupId: number, nowMs?: number): void {
    this.onSetStat?.(groupId);
    const g = this.groupsById.get(groupId);
    if (!g) return;
    const rels = [...this.relationsByKey.values()].filter((r) => r.groupId === groupId);
    const activeMember = (r: RelationRecord): boolean =>
      MEMBER_ROLES.includes(r.role) && (this.usersById.get(r.userId)?.active ?? false);
    g.numberOfMembers = rels.filter(activeMember).length;
    g.numberOfModerators = rels.filter((r) => activeMember(r) && (r.role === 'A' || r.role === 'E')).length;
    if (nowMs !== undefined) g.dateUpdate = nowMs;
  }
}

function key(groupId: number, userId: number): string {
  return `${groupId}:${userId}`;
}
