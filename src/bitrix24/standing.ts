/**
 * The caller's standing in one group, as `socialnetwork.api.workgroup.get` with `select: ['USER_DATA', 'ACTIONS']`
 * tells it: the caller's relation (pending requests and invitations included, which the legacy lists never show),
 * whether Bitrix24 lets the caller leave, and the group settings that permissions depend on (INITIATE_PERMS, which
 * the legacy `sonet_group.get` removes from its rows). See docs/lifecycle.md.
 */
import { Bitrix24Error, LocalErrorCode } from './errors.js';
import { asRow, flag, int } from './mappers.js';

/** The caller's relation to a group. Bitrix24's Z role is split by who initiated it: the user (U) or the group (G). */
export type GroupRelation = 'OWNER' | 'MODERATOR' | 'MEMBER' | 'REQUEST_PENDING' | 'INVITATION_PENDING' | 'NONE';

/** INITIATE_PERMS: the lowest role that may invite (and, by the core check, process requests). */
export type InitiatePerms = 'OWNER' | 'MODERATOR' | 'MEMBER';

/**
 * What the gate of Group.membershipRequests decides from: the caller's relation and the group's settings, without
 * ACTIONS.LEAVE. The page's mirror read (`socialnetwork.api.workgroup.list` in mode=mobile) gives exactly this; the
 * per-group standing gives it and more (GroupStanding is one).
 */
export type GroupGateFacts = Omit<GroupStanding, 'mayLeave'>;

export interface GroupStanding {
  groupId: number;
  relation: GroupRelation;
  /**
   * ACTIONS.LEAVE: Bitrix24's own answer to "may the caller leave": a member or moderator, not the owner, not kept
   * by department sync (AUTO_MEMBER), not the project's scrum master.
   */
  mayLeave: boolean;
  /** null when the portal sent a value outside A/E/K. */
  initiatePerms: InitiatePerms | null;
  ownerId: number | null;
  /** null when the group has none (Bitrix24 sends 0). */
  scrumMasterId: number | null;
  isActive: boolean;
  isVisible: boolean;
  isOpen: boolean;
  isArchived: boolean;
}

const INITIATE_PERMS: Record<string, InitiatePerms> = { A: 'OWNER', E: 'MODERATOR', K: 'MEMBER' };
const MEMBER_ROLES: Record<string, GroupRelation> = { A: 'OWNER', E: 'MODERATOR', K: 'MEMBER' };

/**
 * USER_DATA {ROLE, INITIATED_BY_TYPE} → relation. ROLE false: no relation. A legacy T (ban) is no relation either.
 * A Z whose initiator is neither U nor G cannot be told apart: that is a protocol error, never a guess.
 */
export function toRelation(role: unknown, initiatedByType: unknown, method: string): GroupRelation {
  if (typeof role === 'string' && Object.hasOwn(MEMBER_ROLES, role)) return MEMBER_ROLES[role]!;
  if (role === 'Z') {
    if (initiatedByType === 'U') return 'REQUEST_PENDING';
    if (initiatedByType === 'G') return 'INVITATION_PENDING';
    throw new Bitrix24Error({
      kind: 'protocol',
      code: LocalErrorCode.protocol,
      description: `a pending relation without a known initiator (INITIATED_BY_TYPE ${JSON.stringify(initiatedByType)})`,
      method,
    });
  }
  return 'NONE';
}

/** The settings of a group row the permission decision reads, and the keys they travel under. */
type GroupSettings = Omit<GroupGateFacts, 'groupId' | 'relation'>;
type SettingKeys = Record<'initiatePerms' | 'ownerId' | 'scrumMasterId' | 'active' | 'visible' | 'opened' | 'closed', string>;

/** `workgroup.get` prints the row's columns under their upper-case names... */
const UPPER_KEYS: SettingKeys = {
  initiatePerms: 'INITIATE_PERMS',
  ownerId: 'OWNER_ID',
  scrumMasterId: 'SCRUM_MASTER_ID',
  active: 'ACTIVE',
  visible: 'VISIBLE',
  opened: 'OPENED',
  closed: 'CLOSED',
};
/** ...`workgroup.list`'s REST converter under camelCase ones, with the same values (as strings). */
const CAMEL_KEYS: SettingKeys = {
  initiatePerms: 'initiatePerms',
  ownerId: 'ownerId',
  scrumMasterId: 'scrumMasterId',
  active: 'active',
  visible: 'visible',
  opened: 'opened',
  closed: 'closed',
};

function groupSettings(row: Record<string, unknown>, keys: SettingKeys): GroupSettings {
  const perms = row[keys.initiatePerms];
  const owner = int(row[keys.ownerId]);
  // Bitrix24 sends 0 for "none".
  const scrumMaster = int(row[keys.scrumMasterId]);
  return {
    initiatePerms: typeof perms === 'string' && Object.hasOwn(INITIATE_PERMS, perms) ? INITIATE_PERMS[perms]! : null,
    ownerId: owner !== null && owner > 0 ? owner : null,
    scrumMasterId: scrumMaster !== null && scrumMaster > 0 ? scrumMaster : null,
    isActive: flag(row[keys.active]),
    isVisible: flag(row[keys.visible]),
    isOpen: flag(row[keys.opened]),
    isArchived: flag(row[keys.closed]),
  };
}

export function toGroupStanding(value: unknown, method: string): GroupStanding {
  const row = asRow(value);
  const groupId = int(row.ID);
  if (groupId === null) {
    throw new Bitrix24Error({ kind: 'protocol', code: LocalErrorCode.protocol, description: `${method} returned no group id`, method });
  }
  const userData = asRow(row.USER_DATA);
  const actions = asRow(row.ACTIONS);
  return {
    groupId,
    relation: toRelation(userData.ROLE, userData.INITIATED_BY_TYPE, method),
    // A boolean on the wire; anything else (absent, a string) is not a yes.
    mayLeave: actions.LEAVE === true,
    ...groupSettings(row, UPPER_KEYS),
  };
}

/**
 * One row of `socialnetwork.api.workgroup.list` with `params: {mode: 'mobile'}` → gate facts. The D7 REST converter
 * prints the row's keys camelCase and its columns as strings (`"id": "12"`, `"initiatePerms": "E"`, `"scrumMasterId":
 * null`), and mode=mobile adds `additionalData {role, initiatedByType}`: the caller's own relation ("" for none).
 * null when the row cannot be read safely (no id, no additionalData, a pending relation without an initiator): that
 * group then takes the per-group path, never a guess.
 */
export function toGroupGateFacts(value: unknown): GroupGateFacts | null {
  const row = asRow(value);
  const groupId = int(row.id);
  if (groupId === null || typeof row.additionalData !== 'object' || row.additionalData === null) return null;
  const additional = asRow(row.additionalData);
  let relation: GroupRelation;
  try {
    relation = toRelation(additional.role, additional.initiatedByType, 'socialnetwork.api.workgroup.list');
  } catch {
    return null;
  }
  return { groupId, relation, ...groupSettings(row, CAMEL_KEYS) };
}
