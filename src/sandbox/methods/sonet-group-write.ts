/**
 * Legacy group writes (protocol §7.2–7.5): sonet_group.create, sonet_group.update (archive = the CLOSED flag),
 * sonet_group.delete, sonet_group.setowner. Parameters are read with their exact upper-case keys: the REST server
 * passes the query to these callbacks without case normalisation.
 */
import { canModify } from '../access.js';
import { parseFilterDate } from '../dates.js';
import { businessError, RestError } from '../envelope.js';
import type { MethodResult } from '../envelope.js';
import { isPlainObject, phpIntval } from '../php-query.js';
import type { GroupRecord, YN } from '../store.js';
import { isModuleAdmin } from './types.js';
import type { MethodContext, MethodDef } from './types.js';
import { coreActor, transferOwnership } from './usertogroup.js';

/** CSocNetGroup::CheckFields for an empty NAME: core id EMPTY_NAME, text SONET_GB_EMPTY_NAME (app-exception override). */
export const EMPTY_NAME_TEXT = 'The title is not specified.';
const emptyName = (): RestError => new RestError('EMPTY_NAME', EMPTY_NAME_TEXT, 400);

/** Step 2 of create and update: keys starting with `~` or `=` are dropped. */
function fieldsOf(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).filter(([k]) => !k.startsWith('~') && !k.startsWith('=')));
}

const text = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
/** A Y/N flag as stored: anything but "Y" is "N" (CheckFields normalises the checkbox columns). */
const flag = (v: unknown): YN => (text(v) === 'Y' ? 'Y' : 'N');
const perms = (v: unknown): 'A' | 'E' | 'K' | undefined => {
  const t = text(v);
  return t === 'A' || t === 'E' || t === 'K' ? t : undefined;
};
/** Project dates arrive ISO-8601 and are stored as dates (midnight in the portal's zone). */
function projectDate(ctx: MethodContext, v: unknown): number | null {
  const ms = parseFilterDate(v, ctx.offsetMinutes, ctx.nowMs);
  if (ms === undefined) return null;
  const day = 86_400_000;
  const offset = ctx.offsetMinutes * 60_000;
  return Math.floor((ms + offset) / day) * day - offset;
}

/** Group columns update() accepts, read from the request (only those present). */
function groupColumns(ctx: MethodContext, f: Record<string, unknown>): Partial<GroupRecord> {
  const out: Partial<GroupRecord> = {};
  if ('NAME' in f) out.name = text(f.NAME) ?? '';
  if ('DESCRIPTION' in f) out.description = text(f.DESCRIPTION) ?? null;
  if ('KEYWORDS' in f) out.keywords = text(f.KEYWORDS) ?? null;
  if ('VISIBLE' in f) out.visible = flag(f.VISIBLE);
  if ('OPENED' in f) out.opened = flag(f.OPENED);
  if ('CLOSED' in f) out.closed = flag(f.CLOSED);
  if ('PROJECT' in f) out.project = flag(f.PROJECT);
  if ('INITIATE_PERMS' in f) {
    const p = perms(f.INITIATE_PERMS);
    if (p) out.initiatePerms = p;
  }
  if ('SUBJECT_ID' in f && ctx.store.subject(phpIntval(f.SUBJECT_ID))) out.subjectId = phpIntval(f.SUBJECT_ID);
  if ('PROJECT_DATE_START' in f) out.projectDateStart = projectDate(ctx, f.PROJECT_DATE_START);
  if ('PROJECT_DATE_FINISH' in f) out.projectDateFinish = projectDate(ctx, f.PROJECT_DATE_FINISH);
  if ('SCRUM_MASTER_ID' in f) out.scrumMasterId = Math.max(0, phpIntval(f.SCRUM_MASTER_ID));
  if ('OWNER_ID' in f && phpIntval(f.OWNER_ID) > 0) out.ownerId = phpIntval(f.OWNER_ID);
  return out;
}

/**
 * `sonet_group.create`: any active employee may create (the sandbox grants every user the module's K right);
 * defaults VISIBLE=Y, OPENED=N, CLOSED=N, PROJECT=N, INITIATE_PERMS=K, SUBJECT_ID = the first subject; OWNER_ID is
 * honoured only for admins; the owner gets an A relation (INITIATED_BY_TYPE U). Result: the new id (a number).
 */
function create(ctx: MethodContext): MethodResult {
  if (!isPlainObject(ctx.params)) throw businessError('Incorrect input data');
  const f = fieldsOf(ctx.params);
  const cols = groupColumns(ctx, f);
  const name = (cols.name ?? '').trim();
  if (name === '') throw emptyName();
  const ownerId = isModuleAdmin(ctx) && cols.ownerId !== undefined && ctx.store.user(cols.ownerId) ? cols.ownerId : ctx.user.id;
  const firstSubject = ctx.store.subjects().sort((a, b) => a.id - b.id)[0]?.id ?? 1;
  const g = ctx.store.addGroup({
    siteId: 's1',
    name: cols.name ?? name,
    description: cols.description ?? null,
    keywords: cols.keywords ?? null,
    dateCreate: ctx.nowMs,
    dateUpdate: ctx.nowMs,
    dateActivity: ctx.nowMs,
    active: 'Y',
    visible: cols.visible ?? 'Y',
    opened: cols.opened ?? 'N',
    closed: cols.closed ?? 'N',
    project: cols.project ?? 'N',
    projectDateStart: cols.projectDateStart ?? null,
    projectDateFinish: cols.projectDateFinish ?? null,
    subjectId: cols.subjectId ?? firstSubject,
    ownerId,
    imageId: null,
    initiatePerms: cols.initiatePerms ?? 'K',
    spamPerms: 'K',
    numberOfMembers: 0,
    numberOfModerators: 0,
    scrumMasterId: cols.scrumMasterId ?? 0,
  });
  ctx.store.upsertRelation(g.id, ownerId, { role: 'A', initiatedByType: 'U', initiatedByUserId: ownerId, message: '' }, ctx.nowMs);
  ctx.store.recountGroup(g.id, ctx.nowMs);
  return { result: g.id };
}

/**
 * `sonet_group.update`: "Wrong group ID"; canModify (owner, scrum master, admin) else "User has no permissions to
 * update group" (also for a group that does not exist); no group column in the request → "Cannot update group".
 * OPENED N → Y confirms every pending user request. OWNER_ID only writes the column. Result: the group id.
 */
function update(ctx: MethodContext): MethodResult {
  const f = fieldsOf(ctx.params);
  const groupId = phpIntval(f.GROUP_ID);
  if (groupId <= 0) throw businessError('Wrong group ID');
  const g = ctx.store.group(groupId);
  if (!g || !canModify(g, ctx.store.relationRecord(groupId, ctx.user.id), coreActor(ctx))) {
    throw businessError('User has no permissions to update group');
  }
  const cols = groupColumns(ctx, f);
  if (Object.keys(cols).length === 0) throw businessError('Cannot update group');
  if (cols.name !== undefined && cols.name.trim() === '') throw emptyName();
  const openedNow = g.opened === 'N' && cols.opened === 'Y';
  Object.assign(g, cols, { dateUpdate: ctx.nowMs });
  if (openedNow) {
    // ConfirmAllRequests: every pending request (Z/U) becomes a membership.
    for (const r of ctx.store.relationsOfGroup(groupId)) {
      if (r.role === 'Z' && r.initiatedByType === 'U') ctx.store.setRole(groupId, r.userId, 'K', ctx.nowMs);
    }
  }
  ctx.store.recountGroup(groupId, ctx.nowMs);
  return { result: groupId };
}

/** `sonet_group.delete`: visible to the caller (admins skip the check), then only the owner or an admin. */
function remove(ctx: MethodContext): MethodResult {
  const groupId = phpIntval(ctx.params.GROUP_ID);
  if (groupId <= 0) throw businessError('Wrong group ID');
  const g = ctx.store.group(groupId);
  const admin = isModuleAdmin(ctx);
  if (!g || (!admin && !ctx.store.isVisibleTo(g, ctx.user.id))) throw businessError('Socialnetwork group not found');
  if (!admin && g.ownerId !== ctx.user.id) throw businessError('User has no permissions to delete group');
  ctx.store.deleteGroup(groupId);
  return { result: true };
}

/** `sonet_group.setowner {GROUP_ID, USER_ID}`: Helper\Workgroup::setOwner, its exception codes re-wrapped as is. */
function setOwner(ctx: MethodContext): MethodResult {
  transferOwnership(ctx, phpIntval(ctx.params.GROUP_ID), phpIntval(ctx.params.USER_ID), coreActor(ctx));
  return { result: true };
}

export const sonetGroupWriteMethods: Record<string, MethodDef> = {
  'sonet_group.create': { scope: 'sonet_group', handler: create },
  'sonet_group.update': { scope: 'sonet_group', handler: update },
  'sonet_group.delete': { scope: 'sonet_group', handler: remove },
  'sonet_group.setowner': { scope: 'sonet_group', handler: setOwner },
};
