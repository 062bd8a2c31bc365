/**
 * The gateway's own permission decisions for the moderators' side, where Bitrix24 decides nothing: the D7
 * `usertogroup.list` checks no permission at all, so the gateway decides who may see a group's pending requests,
 * from the caller's relation and the group's INITIATE_PERMS, before any such call. Pure; tested as tables.
 *
 * It mirrors the core check that decides acceptRequest/denyRequest (CSocNetUserToGroup::ConfirmRequestToBeMember):
 * INITIATE_PERMS A → only the owner; E → owner or moderators; K → any member. It fails closed: anything unknown
 * (no relation, a pending one, INITIATE_PERMS not read) is "no". Portal administrators who hold no role in the
 * group are refused too: the gateway cannot tell a module administrator from REST (docs/lifecycle-moderation.md).
 */
import type { GroupAccess, RelationKind } from '../bitrix24/index.js';

const ALLOWED_BY_PERMISSION = {
  OWNER: ['OWNER'],
  OWNER_AND_MODERATORS: ['OWNER', 'MODERATOR'],
  ALL_MEMBERS: ['OWNER', 'MODERATOR', 'MEMBER'],
} as const satisfies Record<NonNullable<GroupAccess['invitePermission']>, readonly RelationKind[]>;

/** May the caller see and answer the group's pending requests? */
export function mayProcessRequests(access: GroupAccess | null): boolean {
  if (access === null || access.viewerRelation === null) return false;
  if (access.viewerRelation === 'OWNER') return true;
  if (access.invitePermission === null) return false;
  return (ALLOWED_BY_PERMISSION[access.invitePermission] as readonly RelationKind[]).includes(access.viewerRelation);
}

/** May the caller invite (the same INITIATE_PERMS rule; sonet_group.user.invite skips everyone silently otherwise)? */
export function mayInvite(access: GroupAccess | null): boolean {
  return mayProcessRequests(access);
}
