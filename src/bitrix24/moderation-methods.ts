/**
 * Descriptors of the methods the moderators' and owners' operations call (issue 11). Two surfaces (see
 * docs/lifecycle-moderation.md): the documented legacy `sonet_group.*` methods (UPPER-CASE parameters, `error: ""`
 * with localized text), and the undocumented D7 controller `socialnetwork.api.usertogroup.*` (camelCase parameters,
 * coded errors: `100` bad argument, `403` access denied, `510` record not found).
 *
 * Decisions rest on the `error` code only. Where the code is "" the use case refines the kind from its checks and
 * its re-read; where an action answers `{"result": false}` with no error, the descriptor returns false and the use
 * case decides.
 */
import type { MethodDescriptor } from './descriptor.js';
import type { Params } from './encode.js';
import { asRow, date, int, mapList, nonEmptyText } from './mappers.js';
import type { RefusalKind } from './refusal.js';
import { toGroupGateFacts, type GroupGateFacts } from './standing.js';

const NO_REFUSALS: Readonly<Record<string, never>> = Object.freeze({});

/** Who may invite (Bitrix24's INITIATE_PERMS), as a group's settings say it: the owner only, owner and moderators, any member. */
export type InvitePermission = 'OWNER' | 'OWNER_AND_MODERATORS' | 'ALL_MEMBERS';

const INVITE_PERMISSION_LETTER: Record<InvitePermission, 'A' | 'E' | 'K'> = { OWNER: 'A', OWNER_AND_MODERATORS: 'E', ALL_MEMBERS: 'K' };

/**
 * A relation of a user to a group as the D7 surface prints it: a membership (owner, moderator, member) or a pending
 * one, either a request the user made (REQUEST) or an invitation the group sent (INVITATION).
 */
type RelationKind = 'OWNER' | 'MODERATOR' | 'MEMBER' | 'REQUEST' | 'INVITATION';

function relationKind(roleLetter: unknown, initiatedByType: unknown): RelationKind | null {
  switch (roleLetter) {
    case 'A':
      return 'OWNER';
    case 'E':
      return 'MODERATOR';
    case 'K':
      return 'MEMBER';
    case 'Z':
      return initiatedByType === 'U' ? 'REQUEST' : initiatedByType === 'G' ? 'INVITATION' : null;
    default:
      return null;
  }
}

export interface Relation {
  /** The relation's own id: what acceptRequest/denyRequest take as `relationId`. */
  id: number;
  groupId: number;
  userId: number;
  kind: RelationKind;
  message: string | null;
  createdAt: Date | null;
}

interface RelationPage {
  relations: Relation[];
  total: number;
}

export interface RelationListInput {
  groupId: number;
  /** Only this relation. */
  relationId?: number | undefined;
  /** Only pending relations of this kind. */
  pending?: 'REQUEST' | 'INVITATION' | 'ANY' | undefined;
  start?: number | undefined;
}

/**
 * `socialnetwork.api.usertogroup.list` (undocumented). **It checks no permission at all**: any caller reads any
 * group's relations, secret groups included. Only use cases that have decided the caller may see them call it
 * (see src/workgroups/membership-requests.ts). Pages of 50, oldest first.
 */
export const usertogroupList: MethodDescriptor<RelationListInput, RelationPage> = {
  method: 'socialnetwork.api.usertogroup.list',
  writes: false,
  encode: ({ groupId, relationId, pending, start }) => {
    const filter: Params = { GROUP_ID: groupId };
    if (relationId !== undefined) filter.ID = relationId;
    if (pending !== undefined) filter.ROLE = 'Z';
    if (pending === 'REQUEST') filter.INITIATED_BY_TYPE = 'U';
    if (pending === 'INVITATION') filter.INITIATED_BY_TYPE = 'G';
    return {
      filter,
      select: ['ID', 'USER_ID', 'GROUP_ID', 'ROLE', 'INITIATED_BY_TYPE', 'MESSAGE', 'DATE_CREATE'],
      order: { ID: 'ASC' },
      start: start ?? 0,
    };
  },
  decode: (answer) => ({
    relations: mapList(asRow(answer.result).relations, (value) => {
      const row = asRow(value);
      const id = int(row.id);
      const groupId = int(row.groupId);
      const userId = int(row.userId);
      const kind = relationKind(row.role, row.initiatedByType);
      if (id === null || groupId === null || userId === null || kind === null) return null;
      return { id, groupId, userId, kind, message: nonEmptyText(row.message), createdAt: date(row.dateCreate) };
    }),
    total: answer.total ?? 0,
  }),
  refusals: NO_REFUSALS,
};

/** The page of `sonet_group.get` a gate-facts read mirrors: its FILTER, ORDER and `start`, as sent there. */
export interface GroupGateFactsInput {
  filter: Readonly<Record<string, unknown>>;
  order: Readonly<Record<string, string>>;
  start: number;
}

/** The columns the gate decides from (src/workgroups/viewer-status.ts); nothing else is read. */
const GATE_FACTS_SELECT = ['ID', 'OWNER_ID', 'INITIATE_PERMS', 'SCRUM_MASTER_ID', 'ACTIVE', 'VISIBLE', 'OPENED', 'CLOSED'] as const;

/**
 * sonet_group.get's FILTER → workgroup.list's `filter`. Both reach CSocNetGroup::GetList, but workgroup.list hands the
 * keys to CSqlUtil unsanitised, where an IN list is spelt `@ID` (sonet_group.get drops `@` keys and reads a plain
 * array as IN). Every other key (`%NAME`, `>=DATE_CREATE`, `OWNER_ID`, flags) means the same on both. Pure.
 */
export function toGateFactsFilter(filter: Readonly<Record<string, unknown>>): Params {
  const out: Params = {};
  for (const [key, value] of Object.entries(filter)) out[Array.isArray(value) && /^[A-Z]/.test(key) ? `@${key}` : key] = value;
  return out;
}

/**
 * `socialnetwork.api.workgroup.list` (documented) in `mode: 'mobile'`, the mirror of one page of `sonet_group.get`:
 * the same filter, order and start (both page at 50), selecting only the columns the gate needs; mode=mobile adds
 * each row's `additionalData {role, initiatedByType}`, the caller's own relation. It lets Group.membershipRequests
 * decide for a whole page of groups from one call that leaves in the page's own batch (docs/lifecycle-moderation.md).
 * Rows it cannot read are dropped: those groups take the per-group path.
 */
export const workgroupGateFacts: MethodDescriptor<GroupGateFactsInput, GroupGateFacts[]> = {
  method: 'socialnetwork.api.workgroup.list',
  writes: false,
  encode: ({ filter, order, start }) => ({
    filter: toGateFactsFilter(filter),
    order: { ...order },
    select: [...GATE_FACTS_SELECT],
    params: { mode: 'mobile' },
    start,
  }),
  decode: (answer) => mapList(asRow(answer.result).workgroups, toGroupGateFacts),
  refusals: NO_REFUSALS,
};

/**
 * `…usertogroup.acceptRequest` / `…denyRequest {relationId, groupId}` (undocumented). `{"result": false}` with no
 * error when the group is missing or inactive or the core permission check fails; a relation that is not a pending
 * request of this group is skipped and the answer is still `true`. Hence: check before, re-read after.
 */
export const usertogroupAcceptRequest: MethodDescriptor<{ groupId: number; relationId: number }, boolean> = {
  method: 'socialnetwork.api.usertogroup.acceptRequest',
  writes: true,
  encode: ({ groupId, relationId }) => ({ relationId, groupId }),
  decode: (answer) => answer.result === true,
  // The D7 helpers' ArgumentException (code 100) is the portal refusing for a reason of its own; the use case keeps
  // its code and words. Any other code stays a failure.
  refusals: { '100': 'PORTAL_REFUSED' },
};

export const usertogroupDenyRequest: MethodDescriptor<{ groupId: number; relationId: number }, boolean> = {
  ...usertogroupAcceptRequest,
  method: 'socialnetwork.api.usertogroup.denyRequest',
};

/** The D7 helpers' exception codes: 403 access denied, 510 record not found, 100 bad argument / core failure. */
const D7_MEMBER_REFUSALS: Readonly<Record<string, RefusalKind>> = { '403': 'NOT_ALLOWED', '510': 'NOT_A_MEMBER', '100': 'PORTAL_REFUSED' };

type MemberInput = { groupId: number; userId: number };

function d7MemberAction(action: string): MethodDescriptor<MemberInput, boolean> {
  return {
    method: `socialnetwork.api.usertogroup.${action}`,
    writes: true,
    encode: ({ groupId, userId }) => ({ userId, groupId }),
    decode: (answer) => answer.result === true,
    refusals: D7_MEMBER_REFUSALS,
  };
}

/** `…usertogroup.setModerator {userId, groupId}` (undocumented): member → moderator; owner (or scrum master) only. */
export const usertogroupSetModerator = d7MemberAction('setModerator');
/** `…usertogroup.removeModerator {userId, groupId}` (undocumented): moderator → member. */
export const usertogroupRemoveModerator = d7MemberAction('removeModerator');
/** `…usertogroup.exclude {userId, groupId}` (undocumented): removes a member or moderator (not the owner, not oneself). */
export const usertogroupExclude = d7MemberAction('exclude');

/**
 * `sonet_group.user.invite {GROUP_ID, USER_ID[], MESSAGE}` (documented). Skips silently: the caller, unknown users,
 * anyone with any relation (pending ones too), users whose privacy forbids it, and everyone when the caller may not
 * invite. Answers the ids it did invite, as the raw values sent.
 */
export const sonetGroupUserInvite: MethodDescriptor<{ groupId: number; userIds: readonly number[]; message: string }, number[]> = {
  method: 'sonet_group.user.invite',
  writes: true,
  encode: ({ groupId, userIds, message }) => ({ GROUP_ID: groupId, USER_ID: [...userIds], MESSAGE: message }),
  decode: (answer) => mapList(answer.result, int),
  refusals: { '': 'PORTAL_REFUSED' },
};

/**
 * `sonet_group.setowner {GROUP_ID, USER_ID}` (documented; the same helper as the D7 `setOwner`): the new owner
 * becomes owner, the old one a moderator. The helper's exception codes are re-wrapped as they are; the docs show "".
 */
export const sonetGroupSetOwner: MethodDescriptor<MemberInput, boolean> = {
  method: 'sonet_group.setowner',
  writes: true,
  encode: ({ groupId, userId }) => ({ GROUP_ID: groupId, USER_ID: userId }),
  decode: (answer) => answer.result === true,
  refusals: { '403': 'NOT_ALLOWED', '510': 'GROUP_NOT_FOUND', '100': 'PORTAL_REFUSED', '': 'PORTAL_REFUSED' },
};

/** The group fields a caller may set, in the gateway's words; absent fields are not sent. */
export interface GroupFields {
  name?: string | undefined;
  description?: string | undefined;
  keywords?: string | undefined;
  isVisible?: boolean | undefined;
  isOpen?: boolean | undefined;
  isArchived?: boolean | undefined;
  isProject?: boolean | undefined;
  projectStart?: Date | null | undefined;
  projectFinish?: Date | null | undefined;
  invitePermission?: InvitePermission | undefined;
  subjectId?: number | undefined;
}

const yn = (value: boolean): 'Y' | 'N' => (value ? 'Y' : 'N');

/** Fields → legacy UPPER-CASE columns (the legacy methods read exact upper-case keys). Pure. */
function encodeGroupFields(fields: GroupFields): Params {
  const out: Params = {};
  if (fields.name !== undefined) out.NAME = fields.name;
  if (fields.description !== undefined) out.DESCRIPTION = fields.description;
  if (fields.keywords !== undefined) out.KEYWORDS = fields.keywords;
  if (fields.isVisible !== undefined) out.VISIBLE = yn(fields.isVisible);
  if (fields.isOpen !== undefined) out.OPENED = yn(fields.isOpen);
  if (fields.isArchived !== undefined) out.CLOSED = yn(fields.isArchived);
  if (fields.isProject !== undefined) out.PROJECT = yn(fields.isProject);
  // Project dates are stored as dates; "" clears one.
  if (fields.projectStart !== undefined) out.PROJECT_DATE_START = fields.projectStart?.toISOString() ?? '';
  if (fields.projectFinish !== undefined) out.PROJECT_DATE_FINISH = fields.projectFinish?.toISOString() ?? '';
  if (fields.invitePermission !== undefined) out.INITIATE_PERMS = INVITE_PERMISSION_LETTER[fields.invitePermission];
  if (fields.subjectId !== undefined) out.SUBJECT_ID = fields.subjectId;
  return out;
}

/** Legacy group writes answer `error: ""` (or a core id such as EMPTY_NAME) with localized text. */
const LEGACY_GROUP_REFUSALS: Readonly<Record<string, RefusalKind>> = { '': 'PORTAL_REFUSED', EMPTY_NAME: 'PORTAL_REFUSED', ERROR_IMAGE_ID: 'PORTAL_REFUSED' };

/** `sonet_group.create` (documented): the caller becomes the owner; answers the new group's id. */
export const sonetGroupCreate: MethodDescriptor<GroupFields, number | null> = {
  method: 'sonet_group.create',
  writes: true,
  encode: (fields) => encodeGroupFields(fields),
  decode: (answer) => int(answer.result),
  refusals: LEGACY_GROUP_REFUSALS,
};

/**
 * `sonet_group.update {GROUP_ID, …}` (documented); archiving is `CLOSED: Y`. Opening a closed group (OPENED N → Y)
 * makes the portal accept every pending request. Answers the group id.
 */
export const sonetGroupUpdate: MethodDescriptor<{ groupId: number; fields: GroupFields }, number | null> = {
  method: 'sonet_group.update',
  writes: true,
  encode: ({ groupId, fields }) => ({ GROUP_ID: groupId, ...encodeGroupFields(fields) }),
  decode: (answer) => int(answer.result),
  refusals: LEGACY_GROUP_REFUSALS,
};

/** `sonet_group.delete {GROUP_ID}` (documented): owner or admin only; irreversible. */
export const sonetGroupDelete: MethodDescriptor<{ groupId: number }, boolean> = {
  method: 'sonet_group.delete',
  writes: true,
  encode: ({ groupId }) => ({ GROUP_ID: groupId }),
  decode: (answer) => answer.result === true,
  refusals: LEGACY_GROUP_REFUSALS,
};
