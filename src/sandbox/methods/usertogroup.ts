/**
 * `socialnetwork.api.usertogroup.*`: the undocumented D7 controller Bitrix24's mobile app calls over REST.
 * Scope `socialnetwork`; camelCase arguments bound by name (`join`/`leave` take them inside `params`); bool actions
 * answer `{"result": true|false}`; errors are D7 RestExceptions (see ./d7.ts).
 */
import {
  canDeleteIncomingRequest,
  canDeleteOutgoingRequest,
  canExclude,
  canInitiate,
  canJoin,
  canLeave,
  canModify,
  canProcessIncomingRequests,
  canRemoveModerator,
  canSetModerator,
  D7_ADMIN_BYPASS,
} from '../access.js';
import type { Actor } from '../access.js';
import { formatIso } from '../dates.js';
import { RestError } from '../envelope.js';
import type { MethodResult } from '../envelope.js';
import { isPlainObject, phpIntval } from '../php-query.js';
import type { GroupRecord, RelationRecord, SandboxStore, UserRecord } from '../store.js';
import {
  accessDenied,
  argumentError,
  D7_CODE,
  D7_TEXT,
  d7Error,
  intArg,
  NO_GROUP_REQUEST,
  paramsArg,
  relationNotFound,
  USERTOGROUP_ERROR,
} from './d7.js';
import { ERROR_NO_GROUP_TEXT } from './sonet-group-user.js';
import { isModuleAdmin } from './types.js';
import type { MethodContext, MethodDef } from './types.js';

const PAGE_SIZE = 50;

/** The caller as the D7 AccessManager sees them (no admin bypass over REST: see D7_ADMIN_BYPASS). */
export function d7Actor(ctx: MethodContext): Actor {
  return { userId: ctx.user.id, isAdmin: D7_ADMIN_BYPASS && isModuleAdmin(ctx) };
}

/** The caller as the core CSocNetUserToGroup checks see them (site or module admin bypasses). */
export function coreActor(ctx: MethodContext): Actor {
  return { userId: ctx.user.id, isAdmin: isModuleAdmin(ctx) };
}

function callerRelation(ctx: MethodContext, groupId: number): RelationRecord | undefined {
  return ctx.store.relationRecord(groupId, ctx.user.id);
}

/** The helpers' argument checks, in their order: group id first, then user id. */
function checkIds(groupId: number, userId: number): void {
  if (groupId <= 0) throw argumentError(D7_TEXT.wrongGroupId);
  if (userId <= 0) throw argumentError(D7_TEXT.wrongUserId);
}

/** Helper\Workgroup::getRelation: the (group, user) relation or ObjectNotFoundException "Record not found". */
function targetRelation(ctx: MethodContext, groupId: number, userId: number): RelationRecord {
  const rel = ctx.store.relationRecord(groupId, userId);
  if (!rel) throw relationNotFound();
  return rel;
}

/** CSocNetGroup::SetStat after any relation change. */
function touched(ctx: MethodContext, groupId: number): void {
  ctx.store.recountGroup(groupId, ctx.nowMs);
}

// ---------------------------------------------------------------------------------------------------------------
// list

const RELATION_FIELDS = [
  'ID', 'USER_ID', 'GROUP_ID', 'ROLE', 'AUTO_MEMBER', 'DATE_CREATE', 'DATE_UPDATE', 'INITIATED_BY_TYPE',
  'INITIATED_BY_USER_ID', 'MESSAGE',
] as const;
const USER_FIELDS = [
  'USER_ACTIVE', 'USER_NAME', 'USER_LAST_NAME', 'USER_SECOND_NAME', 'USER_WORK_POSITION', 'USER_LOGIN',
  'USER_EMAIL', 'USER_CONFIRM_CODE', 'USER_PERSONAL_PHOTO', 'USER_PERSONAL_GENDER', 'USER_LID',
] as const;
type ListField = (typeof RELATION_FIELDS)[number] | (typeof USER_FIELDS)[number];
const ALLOWED = new Set<string>([...RELATION_FIELDS, ...USER_FIELDS]);

/** The avatar file id of a user who has a photo (the sandbox keeps URLs, so the id is derived). */
const photoFileId = (u: UserRecord): string | null => (u.personalPhoto === null ? null : String(5000 + u.id));

/**
 * One field of a relation row, as the REST engine prints a D7 ORM value: numbers as strings (as the documented
 * example of the sibling `socialnetwork.api.workgroup.list` shows them), dates ISO-8601, flags Y/N.
 */
function fieldValue(ctx: MethodContext, r: RelationRecord, f: ListField): string | null {
  const u = ctx.store.user(r.userId);
  switch (f) {
    case 'ID': return String(r.id);
    case 'USER_ID': return String(r.userId);
    case 'GROUP_ID': return String(r.groupId);
    case 'ROLE': return r.role;
    case 'AUTO_MEMBER': return r.autoMember;
    case 'DATE_CREATE': return formatIso(r.dateCreate, ctx.offsetMinutes);
    case 'DATE_UPDATE': return formatIso(r.dateUpdate, ctx.offsetMinutes);
    case 'INITIATED_BY_TYPE': return r.initiatedByType;
    case 'INITIATED_BY_USER_ID': return String(r.initiatedByUserId);
    case 'MESSAGE': return r.message;
    case 'USER_ACTIVE': return u ? (u.active ? 'Y' : 'N') : null;
    case 'USER_NAME': return u?.name ?? null;
    case 'USER_LAST_NAME': return u?.lastName ?? null;
    case 'USER_SECOND_NAME': return u?.secondName ?? null;
    case 'USER_WORK_POSITION': return u?.workPosition ?? null;
    case 'USER_LOGIN': return u?.login ?? null;
    case 'USER_EMAIL': return u?.email ?? null;
    case 'USER_CONFIRM_CODE': return null;
    case 'USER_PERSONAL_PHOTO': return u ? photoFileId(u) : null;
    case 'USER_PERSONAL_GENDER': return u?.personalGender ?? null;
    case 'USER_LID': return 's1';
  }
}

/** `FIELD_NAME` → `fieldName` (the controller's convertKeysToCamelCase, recursive). */
export function camelKey(key: string): string {
  return key.toLowerCase().replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : isPlainObject(v) ? Object.values(v) : [v]);
const loose = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');

/** processFilter: fixed keys only (ID, GROUP_ID, ROLE, INITIATED_BY_TYPE, INITIATED_BY_USER_ID, SEARCH_INDEX, INVITED_BY_ME); no operators. */
export function relationFilter(filter: Record<string, unknown>, callerId: number, store: SandboxStore): (r: RelationRecord) => boolean {
  const tests: ((r: RelationRecord) => boolean)[] = [];
  if ('ID' in filter) {
    const ids = asList(filter.ID).map(phpIntval).filter((n) => n !== 0);
    if (ids.length > 0) tests.push((r) => ids.includes(r.id));
  }
  if ('GROUP_ID' in filter) {
    const gid = phpIntval(filter.GROUP_ID);
    tests.push((r) => r.groupId === gid);
  }
  const invitedByMe = (r: RelationRecord): boolean => r.role === 'Z' && r.initiatedByType === 'G' && r.initiatedByUserId === callerId;
  if ('ROLE' in filter) {
    const roles = asList(filter.ROLE).map(loose).filter((s) => s !== '' && s !== '0');
    const byMe = filter.INVITED_BY_ME === 'Y';
    if (roles.length > 0) tests.push((r) => roles.includes(r.role) || (byMe && invitedByMe(r)));
    else if (byMe) tests.push(invitedByMe);
  }
  if ('INITIATED_BY_TYPE' in filter) {
    const t = loose(filter.INITIATED_BY_TYPE);
    tests.push((r) => r.initiatedByType === t);
  }
  if ('INITIATED_BY_USER_ID' in filter) {
    const uid = loose(filter.INITIATED_BY_USER_ID);
    tests.push((r) => String(r.initiatedByUserId) === uid);
  }
  const search = typeof filter.SEARCH_INDEX === 'string' ? filter.SEARCH_INDEX.trim().toLowerCase() : '';
  if (search !== '') {
    tests.push((r) => {
      const u = store.user(r.userId);
      return u !== undefined && `${u.name} ${u.lastName} ${u.login} ${u.email} ${u.workPosition}`.toLowerCase().includes(search);
    });
  }
  return (r) => tests.every((t) => t(r));
}

/** The pseudo-field ACTIONS: what the caller may do with each relation (fillActions, camelCased). */
function rowActions(ctx: MethodContext, r: RelationRecord, group: GroupRecord | undefined): Record<string, boolean> {
  const actor = d7Actor(ctx);
  const mine = group ? callerRelation(ctx, group.id) : undefined;
  const modify = group !== undefined && canModify(group, mine, actor);
  const initiate = group !== undefined && canInitiate(group, mine, actor);
  const processIn = group !== undefined && canProcessIncomingRequests(group, mine, actor);
  const isOwner = mine?.role === 'A';
  const memberish = r.role === 'E' || r.role === 'K';
  const invite = r.role === 'Z' && r.initiatedByType === 'G';
  const request = r.role === 'Z' && r.initiatedByType === 'U';
  return {
    setOwner: modify && isOwner && memberish,
    setModerator: modify && r.role === 'K',
    removeModerator: modify && r.role === 'E',
    exclude: modify && r.autoMember !== 'Y' && r.userId !== ctx.user.id && memberish,
    repeatInvite: initiate && invite,
    cancelInvite: initiate && invite,
    acceptRequest: processIn && request,
    denyRequest: processIn && request,
  };
}

/**
 * `list`: NO permission check at all (any caller reads any group's relations, secret groups included); the caller
 * of this sandbox (the gateway) must decide who may see them. Pages of 50 by `start` (floored); `start=-1` gives
 * the first page with neither `total` nor `next`.
 */
function list(ctx: MethodContext): MethodResult {
  const filter = isPlainObject(ctx.params.filter) ? ctx.params.filter : {};
  const selectIn = Array.isArray(ctx.params.select) ? ctx.params.select : isPlainObject(ctx.params.select) ? Object.values(ctx.params.select) : [];
  const select = selectIn.filter((s): s is string => typeof s === 'string');
  // array_intersect keeps the caller's order; relation fields come first, the USER.* aliases after them.
  const chosen = select.filter((s) => ALLOWED.has(s)) as ListField[];
  const fields: ListField[] =
    chosen.length === 0
      ? [...RELATION_FIELDS] // an empty ORM select means every scalar field of the relation table
      : [...chosen.filter((f) => !f.startsWith('USER_')), ...chosen.filter((f) => f.startsWith('USER_'))];

  // order: passed to the ORM as is; the sandbox honours relation fields and ASC/DESC, default ID DESC.
  const orderIn = isPlainObject(ctx.params.order) ? ctx.params.order : { ID: 'DESC' };
  const order = Object.entries(orderIn).filter(([k]) => (RELATION_FIELDS as readonly string[]).includes(k));
  const sortKey = (r: RelationRecord, k: string): string | number => {
    const v = fieldValue(ctx, r, k as ListField) ?? '';
    return /^-?\d+$/.test(v) ? Number(v) : v;
  };

  const rows = ctx.store
    .relations()
    .filter(relationFilter(filter, ctx.user.id, ctx.store))
    .sort((a, b) => {
      for (const [k, dir] of order) {
        const x = sortKey(a, k);
        const y = sortKey(b, k);
        if (x !== y) return (x < y ? -1 : 1) * (String(dir).toUpperCase() === 'DESC' ? -1 : 1);
      }
      return 0;
    });

  const start = phpIntval(ctx.params.start);
  const offset = start < 0 ? 0 : Math.floor(start / PAGE_SIZE) * PAGE_SIZE;
  const page = rows.slice(offset, offset + PAGE_SIZE);
  const withImage = select.includes('USER_PERSONAL_PHOTO');
  const withActions = select.includes('ACTIONS');

  // `$relations[$relation['ID']] = $relation`: rows are keyed by ID, so a select without ID collapses them into one.
  const keyed = new Map<string, Record<string, unknown>>();
  for (const r of page) {
    const row: Record<string, unknown> = {};
    for (const f of fields) row[camelKey(f)] = fieldValue(ctx, r, f);
    const u = ctx.store.user(r.userId);
    row.formattedUserName = fields.includes('USER_NAME') || fields.includes('USER_LAST_NAME')
      ? [fields.includes('USER_NAME') ? u?.name : '', fields.includes('USER_LAST_NAME') ? u?.lastName : ''].filter(Boolean).join(' ')
      : '';
    if (withImage) row.image = u?.personalPhoto ?? '';
    if (withActions) row.actions = rowActions(ctx, r, ctx.store.group(r.groupId));
    keyed.set(fields.includes('ID') ? String(r.id) : '', row);
  }
  const result = { relations: [...keyed.values()] };
  if (start < 0) return { result };
  const total = rows.length;
  return offset + PAGE_SIZE < total ? { result, total, next: offset + PAGE_SIZE } : { result, total };
}

// ---------------------------------------------------------------------------------------------------------------
// the caller's own side

/**
 * `join {params:{groupId, userId?}}`: accepts a pending invitation (Z/G → K) or files a request (Z/U, or K at once
 * in an OPENED group). Unlike `sonet_group.user.request`, it refuses callers who already have any other relation.
 */
function join(ctx: MethodContext): MethodResult {
  const p = paramsArg(ctx.params);
  const askedUser = phpIntval(p.userId);
  const userId = askedUser > 0 ? askedUser : ctx.user.id;
  const groupId = Math.max(0, phpIntval(p.groupId));
  if (groupId <= 0) throw d7Error(USERTOGROUP_ERROR.noGroup.code, USERTOGROUP_ERROR.noGroup.text);
  if (!isModuleAdmin(ctx) && userId !== ctx.user.id) {
    throw d7Error(USERTOGROUP_ERROR.noPermissions.code, USERTOGROUP_ERROR.noPermissions.text);
  }
  // Helper\Workgroup::join is called with the group id only, so it always joins the caller, even when an admin
  // passed another userId (source reading).
  const g = ctx.store.group(groupId);
  const rel = callerRelation(ctx, groupId);
  if (!g || !canJoin(g, rel, d7Actor(ctx))) throw accessDenied();
  if (rel && rel.role === 'Z' && rel.initiatedByType === 'G') {
    ctx.store.setRole(groupId, ctx.user.id, 'K', ctx.nowMs);
    touched(ctx, groupId);
    return { result: { success: true, confirmationNeeded: false } };
  }
  // sendRequestToBeMember fails on an inactive group; the core's ERROR_NO_GROUP reaches the wire through the REST
  // server's application-exception override, as for sonet_group.user.request.
  if (g.active !== 'Y') throw new RestError('ERROR_NO_GROUP', ERROR_NO_GROUP_TEXT, 400);
  ctx.store.upsertRelation(
    groupId,
    ctx.user.id,
    { role: g.opened === 'Y' ? 'K' : 'Z', initiatedByType: 'U', initiatedByUserId: ctx.user.id, message: '' },
    ctx.nowMs,
  );
  touched(ctx, groupId);
  return { result: { success: true, confirmationNeeded: g.opened !== 'Y' } };
}

/** `leave {params:{groupId}}`: K or E only; the owner, department-synced members and the scrum master cannot. */
function leave(ctx: MethodContext): MethodResult {
  const groupId = Math.max(0, phpIntval(paramsArg(ctx.params).groupId));
  if (groupId <= 0) throw d7Error(USERTOGROUP_ERROR.noGroup.code, USERTOGROUP_ERROR.noGroup.text);
  const g = ctx.store.group(groupId);
  if (!g || !canLeave(g, callerRelation(ctx, groupId), d7Actor(ctx))) throw accessDenied();
  ctx.store.deleteRelation(groupId, ctx.user.id);
  touched(ctx, groupId);
  return { result: { success: true } };
}

/** `cancelIncomingRequest {userId, groupId}`: withdraws a join request (Z/U) the caller made. */
function cancelIncomingRequest(ctx: MethodContext): MethodResult {
  const groupId = intArg(ctx.params, 'groupId');
  const userId = intArg(ctx.params, 'userId');
  checkIds(groupId, userId);
  const target = targetRelation(ctx, groupId, userId);
  if (!canDeleteIncomingRequest(target, d7Actor(ctx))) throw accessDenied();
  ctx.store.deleteRelation(groupId, userId);
  touched(ctx, groupId);
  return { result: true };
}

/** Answers the caller's own invitation (Z/G); anything else is the core's ERROR_NO_GROUP_REQUEST. */
function ownInvitation(ctx: MethodContext): { groupId: number } {
  const groupId = intArg(ctx.params, 'groupId');
  const rel = groupId > 0 ? callerRelation(ctx, groupId) : undefined;
  if (!rel || rel.role !== 'Z' || rel.initiatedByType !== 'G') throw d7Error(NO_GROUP_REQUEST.code, NO_GROUP_REQUEST.text);
  return { groupId };
}

function acceptOutgoingRequest(ctx: MethodContext): MethodResult {
  const { groupId } = ownInvitation(ctx);
  ctx.store.setRole(groupId, ctx.user.id, 'K', ctx.nowMs);
  touched(ctx, groupId);
  return { result: true };
}

function rejectOutgoingRequest(ctx: MethodContext): MethodResult {
  const { groupId } = ownInvitation(ctx);
  ctx.store.deleteRelation(groupId, ctx.user.id);
  touched(ctx, groupId);
  return { result: true };
}

// ---------------------------------------------------------------------------------------------------------------
// the moderators' side

/**
 * `acceptRequest` / `denyRequest {relationId, groupId}` → ConfirmRequestToBeMember / RejectRequestToBeMember.
 * A missing or inactive group, or a caller the core check refuses, gives `{"result": false}` with no error (the core
 * sets an application exception, the controller adds no error). A relation that is not a pending request (Z/U) of
 * this group is skipped silently and the answer is still `true`.
 */
function answerRequest(ctx: MethodContext, accept: boolean): MethodResult {
  const relationId = intArg(ctx.params, 'relationId');
  const groupId = intArg(ctx.params, 'groupId');
  const g = ctx.store.group(groupId);
  if (!g || g.active !== 'Y') return { result: false };
  if (!canProcessIncomingRequests(g, callerRelation(ctx, groupId), coreActor(ctx))) return { result: false };
  const rel = ctx.store.relationById(relationId);
  if (rel && rel.groupId === groupId && rel.role === 'Z' && rel.initiatedByType === 'U') {
    if (accept) ctx.store.setRole(groupId, rel.userId, 'K', ctx.nowMs);
    else ctx.store.deleteRelation(groupId, rel.userId);
    touched(ctx, groupId);
  }
  return { result: true };
}

/** `cancelInvite {userId, groupId}`: deletes an invitation (Z/G) the caller may initiate or sent. */
function cancelInvite(ctx: MethodContext): MethodResult {
  const groupId = intArg(ctx.params, 'groupId');
  const userId = intArg(ctx.params, 'userId');
  checkIds(groupId, userId);
  const target = targetRelation(ctx, groupId, userId);
  const g = ctx.store.group(groupId);
  if (!g || !canDeleteOutgoingRequest(g, target, callerRelation(ctx, groupId), d7Actor(ctx))) throw accessDenied();
  ctx.store.deleteRelation(groupId, userId);
  touched(ctx, groupId);
  return { result: true };
}

/** A role change on an existing member: `setModerator` (K → E), `removeModerator` (E → K), `exclude` (delete). */
function memberChange(ctx: MethodContext, kind: 'setModerator' | 'removeModerator' | 'exclude'): MethodResult {
  const groupId = intArg(ctx.params, 'groupId');
  const userId = intArg(ctx.params, 'userId');
  checkIds(groupId, userId);
  const target = targetRelation(ctx, groupId, userId);
  const g = ctx.store.group(groupId);
  const mine = callerRelation(ctx, groupId);
  const actor = d7Actor(ctx);
  const allowed =
    g !== undefined &&
    (kind === 'setModerator'
      ? canSetModerator(g, target, mine, actor)
      : kind === 'removeModerator'
        ? canRemoveModerator(g, target, mine, actor)
        : canExclude(g, target, mine, actor));
  if (!allowed) throw accessDenied();
  if (kind === 'exclude') ctx.store.deleteRelation(groupId, userId);
  else ctx.store.setRole(groupId, userId, kind === 'setModerator' ? 'E' : 'K', ctx.nowMs);
  touched(ctx, groupId);
  return { result: true };
}

/**
 * Helper\Workgroup::setOwner, shared by `…usertogroup.setOwner` and `sonet_group.setowner`: ids checked, the group
 * fetched with the visibility check for non-admins (ObjectNotFoundException), canModify (AccessDeniedException),
 * then the core transfer (the D7 action checks canModify without the admin bypass, the legacy method with it): the new owner's relation (any, even a pending one, or a new one) becomes A, the old
 * owner becomes a moderator (E), OWNER_ID moves. Setting the current owner again succeeds and changes nothing.
 */
export function transferOwnership(ctx: MethodContext, groupId: number, newOwnerId: number, actor: Actor): void {
  checkIds(groupId, newOwnerId);
  const g = ctx.store.group(groupId);
  if (!g || (!isModuleAdmin(ctx) && !ctx.store.isVisibleTo(g, ctx.user.id))) {
    // SOCIALNETWORK_HELPER_WORKGROUP_ERROR_GROUP_NO_FOUND has the same English text as the wrong-id error.
    throw d7Error(D7_CODE.notFound, D7_TEXT.wrongGroupId);
  }
  if (!canModify(g, callerRelation(ctx, groupId), actor)) throw accessDenied();
  const newOwner = ctx.store.user(newOwnerId);
  // The core refuses a user that does not exist or is inactive; the references give no text for it, so the
  // helper's fallback (code 100, "Cannot complete operation.") is used.
  if (!newOwner || !newOwner.active) throw argumentError(D7_TEXT.operationFailed);
  if (g.ownerId === newOwnerId) return;
  const oldOwnerId = g.ownerId;
  if (ctx.store.relationRecord(groupId, oldOwnerId)) ctx.store.setRole(groupId, oldOwnerId, 'E', ctx.nowMs);
  if (ctx.store.relationRecord(groupId, newOwnerId)) ctx.store.setRole(groupId, newOwnerId, 'A', ctx.nowMs);
  else {
    ctx.store.upsertRelation(groupId, newOwnerId, { role: 'A', initiatedByType: 'G', initiatedByUserId: ctx.user.id, message: '' }, ctx.nowMs);
  }
  g.ownerId = newOwnerId;
  touched(ctx, groupId);
}

function setOwner(ctx: MethodContext): MethodResult {
  transferOwnership(ctx, intArg(ctx.params, 'groupId'), intArg(ctx.params, 'userId'), d7Actor(ctx));
  return { result: true };
}

const d7 = (handler: (ctx: MethodContext) => MethodResult): MethodDef => ({ scope: 'socialnetwork', handler });
const P = 'socialnetwork.api.usertogroup.';

/** Registered lowercased: the server lowercases method names. */
export const usertogroupMethods: Record<string, MethodDef> = {
  [`${P}list`]: d7(list),
  [`${P}join`]: d7(join),
  [`${P}leave`]: d7(leave),
  [`${P}cancelincomingrequest`]: d7(cancelIncomingRequest),
  [`${P}acceptoutgoingrequest`]: d7(acceptOutgoingRequest),
  [`${P}rejectoutgoingrequest`]: d7(rejectOutgoingRequest),
  [`${P}acceptrequest`]: d7((ctx) => answerRequest(ctx, true)),
  [`${P}denyrequest`]: d7((ctx) => answerRequest(ctx, false)),
  [`${P}cancelinvite`]: d7(cancelInvite),
  [`${P}setowner`]: d7(setOwner),
  [`${P}setmoderator`]: d7((ctx) => memberChange(ctx, 'setModerator')),
  [`${P}removemoderator`]: d7((ctx) => memberChange(ctx, 'removeModerator')),
  [`${P}exclude`]: d7((ctx) => memberChange(ctx, 'exclude')),
};
