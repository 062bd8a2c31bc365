/**
 * Legacy member writes (protocol §7.9, §7.11–7.13): sonet_group.user.invite, the admin-only sonet_group.user.add,
 * sonet_group.user.update, sonet_group.user.delete. Each skips silently what it will not do, lists only what it did.
 * Parameters are read with their exact upper-case keys.
 */
import { canInitiate } from '../access.js';
import { businessError } from '../envelope.js';
import type { MethodResult } from '../envelope.js';
import { isPlainObject, phpIntval } from '../php-query.js';
import type { GroupRecord } from '../store.js';
import { isModuleAdmin } from './types.js';
import type { MethodContext, MethodDef } from './types.js';
import { coreActor } from './usertogroup.js';

/** USER_ID: an int or a list of ints. Returns the raw values, or undefined for "Wrong user IDs". */
function userIdValues(v: unknown): unknown[] | undefined {
  if (Array.isArray(v) || isPlainObject(v)) {
    const values = Object.values(v as Record<string, unknown>);
    return values.length === 0 ? undefined : values;
  }
  return phpIntval(v) <= 0 ? undefined : [v];
}

function groupIdOf(ctx: MethodContext): number {
  const groupId = phpIntval(ctx.params.GROUP_ID);
  if (groupId <= 0) throw businessError('Wrong group ID');
  return groupId;
}

function existingGroup(ctx: MethodContext, groupId: number): GroupRecord {
  const g = ctx.store.group(groupId);
  if (!g) throw businessError('Socialnetwork group not found');
  return g;
}

/**
 * `sonet_group.user.invite {GROUP_ID, USER_ID, MESSAGE}`: the group is fetched with the visibility check for
 * everyone, admins included. Skipped silently: the caller, a user that does not exist, any user with a relation
 * (pending ones included), and everyone when the caller may not invite by INITIATE_PERMS (admins may). Each
 * invitation is Z/G from the caller. Result: the raw input values that were invited (`[]` when none).
 */
function invite(ctx: MethodContext): MethodResult {
  const groupId = groupIdOf(ctx);
  const values = userIdValues(ctx.params.USER_ID);
  if (!values) throw businessError('Wrong user IDs');
  const g = ctx.store.group(groupId);
  if (!g || !ctx.store.isVisibleTo(g, ctx.user.id)) throw businessError('Socialnetwork group not found');
  const message = typeof ctx.params.MESSAGE === 'string' ? ctx.params.MESSAGE : '';
  const mayInvite = canInitiate(g, ctx.store.relationRecord(groupId, ctx.user.id), coreActor(ctx));
  const invited: unknown[] = [];
  for (const raw of values) {
    const userId = phpIntval(raw);
    if (!mayInvite || userId === ctx.user.id || !ctx.store.user(userId)) continue;
    if (ctx.store.relationRecord(groupId, userId)) continue;
    ctx.store.upsertRelation(groupId, userId, { role: 'Z', initiatedByType: 'G', initiatedByUserId: ctx.user.id, message }, ctx.nowMs);
    invited.push(raw);
  }
  if (invited.length > 0) ctx.store.recountGroup(groupId, ctx.nowMs);
  return { result: invited };
}

/**
 * `sonet_group.user.add` (module admin only): unknown users are dropped, users with any relation (a pending one
 * too) are skipped; the others become members (K, INITIATED_BY_TYPE G, by the group's owner). Result: added ids
 * as strings (they come from the user table).
 */
function add(ctx: MethodContext): MethodResult {
  const groupId = groupIdOf(ctx);
  if (!isModuleAdmin(ctx)) throw businessError('No permissions to add users');
  const values = userIdValues(ctx.params.USER_ID);
  if (!values) throw businessError('Wrong user IDs');
  const g = existingGroup(ctx, groupId);
  const added: string[] = [];
  for (const userId of new Set(values.map(phpIntval))) {
    const u = ctx.store.user(userId);
    if (!u || (u.userType !== 'employee' && u.userType !== 'extranet')) continue;
    if (ctx.store.relationRecord(groupId, userId)) continue;
    ctx.store.upsertRelation(groupId, userId, { role: 'K', initiatedByType: 'G', initiatedByUserId: g.ownerId, message: '' }, ctx.nowMs);
    added.push(String(userId));
  }
  if (added.length > 0) ctx.store.recountGroup(groupId, ctx.nowMs);
  return { result: added };
}

/**
 * `sonet_group.user.update {GROUP_ID, USER_ID, ROLE}` (module admin only): ROLE must be exactly "E" or "K" and is
 * checked before the user ids. Every existing relation of the listed users changes role, a pending one (Z) too (so
 * K accepts a request or an invitation), except the owner's and those already in that role. Result: changed ids.
 */
function updateRoles(ctx: MethodContext): MethodResult {
  const groupId = groupIdOf(ctx);
  if (!isModuleAdmin(ctx)) throw businessError('No permissions to update users role');
  const role = ctx.params.ROLE;
  if (role !== 'E' && role !== 'K') throw businessError('Incorrect role code');
  const values = userIdValues(ctx.params.USER_ID);
  if (!values) throw businessError('Wrong user IDs');
  existingGroup(ctx, groupId);
  const changed: string[] = [];
  for (const userId of new Set(values.map(phpIntval))) {
    const r = ctx.store.relationRecord(groupId, userId);
    if (!r || r.role === 'A' || r.role === role) continue;
    ctx.store.setRole(groupId, userId, role, ctx.nowMs);
    changed.push(String(userId));
  }
  if (changed.length > 0) ctx.store.recountGroup(groupId, ctx.nowMs);
  return { result: changed };
}

/**
 * `sonet_group.user.delete {GROUP_ID, USER_ID}` (module admin only; the refusal text is the one update uses): every
 * relation of the listed users is deleted, pending ones too, except the owner's and the scrum master's.
 */
function removeUsers(ctx: MethodContext): MethodResult {
  const groupId = groupIdOf(ctx);
  if (!isModuleAdmin(ctx)) throw businessError('No permissions to update users role');
  const values = userIdValues(ctx.params.USER_ID);
  if (!values) throw businessError('Wrong user IDs');
  const g = existingGroup(ctx, groupId);
  const deleted: string[] = [];
  for (const userId of new Set(values.map(phpIntval))) {
    const r = ctx.store.relationRecord(groupId, userId);
    if (!r || r.role === 'A' || (g.scrumMasterId > 0 && g.scrumMasterId === userId)) continue;
    ctx.store.deleteRelation(groupId, userId);
    deleted.push(String(userId));
  }
  if (deleted.length > 0) ctx.store.recountGroup(groupId, ctx.nowMs);
  return { result: deleted };
}

export const sonetGroupMemberMethods: Record<string, MethodDef> = {
  'sonet_group.user.invite': { scope: 'sonet_group', handler: invite },
  'sonet_group.user.add': { scope: 'sonet_group', handler: add },
  'sonet_group.user.update': { scope: 'sonet_group', handler: updateRoles },
  'sonet_group.user.delete': { scope: 'sonet_group', handler: removeUsers },
};
