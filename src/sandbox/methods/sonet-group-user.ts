/** sonet_group.user.get (protocol §7.8) and sonet_group.user.request (protocol §7.10). */
import { businessError, RestError } from '../envelope.js';
import type { MethodResult } from '../envelope.js';
import { phpIntval } from '../php-query.js';
import { MEMBER_ROLES } from '../store.js';
import { isModuleAdmin } from './types.js';
import type { MethodContext, MethodDef } from './types.js';

/**
 * Core error left by CSocNetUserToGroup::SendRequestToBeMember for a missing or inactive group; the
 * app-exception override (protocol §3.2) puts its id and text on the wire instead of "Cannot request to join group".
 * The portal's text is localized; the sandbox uses this English wording.
 */
export const ERROR_NO_GROUP_TEXT = 'Group not found or inactive';

/** Legacy callbacks read their exact upper-case keys (no key-case normalisation on this path). */
function sonetGroupUserGet(ctx: MethodContext): MethodResult {
  const p = ctx.params;
  const id = phpIntval(p.ID);
  if (id <= 0) throw businessError('Wrong socialnetwork group ID');
  const g = ctx.store.group(id);
  if (!g || (!isModuleAdmin(ctx) && !ctx.store.isVisibleTo(g, ctx.user.id))) {
    throw businessError('Socialnetwork group not found');
  }
  const result = ctx.store
    .relationsOfGroup(id)
    .filter((r) => MEMBER_ROLES.includes(r.role) && (ctx.store.user(r.userId)?.active ?? false))
    .map((r) => ({ USER_ID: String(r.userId), ROLE: r.role }));
  return { result };
}

function sonetGroupUserRequest(ctx: MethodContext): MethodResult {
  const p = ctx.params;
  const groupId = phpIntval(p.GROUP_ID);
  if (groupId <= 0) throw businessError('Wrong group ID');
  const g = ctx.store.group(groupId);
  // CHECK_PERMISSIONS for everyone: admins get no bypass here (protocol §6.4).
  if (!g || !ctx.store.isVisibleTo(g, ctx.user.id)) throw businessError('Socialnetwork group not found');
  if (g.active !== 'Y') throw new RestError('ERROR_NO_GROUP', ERROR_NO_GROUP_TEXT, 400);
  const message = typeof p.MESSAGE === 'string' ? p.MESSAGE : typeof p.MESSAGE === 'number' ? String(p.MESSAGE) : '';
  // Replicates Bitrix24: CSocNetUserToGroup::Add is an upsert with no existing-relation check, so a caller who
  // already has a relation (pending, member, moderator, even the owner) gets it overwritten with K (OPENED
  // group) or Z. Archived (CLOSED=Y) groups are not rejected.
  ctx.store.upsertRelation(
    g.id,
    ctx.user.id,
    { role: g.opened === 'Y' ? 'K' : 'Z', initiatedByType: 'U', initiatedByUserId: ctx.user.id, message },
    ctx.nowMs,
  );
  ctx.store.recountGroup(g.id, ctx.nowMs);
  return { result: true };
}

export const sonetGroupUserMethods: Record<string, MethodDef> = {
  'sonet_group.user.get': { scope: 'sonet_group', handler: sonetGroupUserGet },
  'sonet_group.user.request': { scope: 'sonet_group', handler: sonetGroupUserRequest },
};
