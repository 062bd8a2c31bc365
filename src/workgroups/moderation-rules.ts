/**
 * The permission facts the moderators' operations check before they write, read with the caller's other checks (one
 * batch), and decided by the one permission decision (permissions.ts, `viewerCan`): no second decision here.
 *
 * Where Bitrix24 decides nothing, the gateway's decision is the gate: the D7 `usertogroup.list` checks no permission,
 * so `processRequests` (the core check of acceptRequest/denyRequest: INITIATE_PERMS A → only the owner; E → owner
 * or moderators; K → any member) decides who may see a group's pending requests, before any such call. It fails
 * closed: module administrators who hold no role in the group are refused (REST cannot tell who they are).
 */
import type { Group, GroupGateFacts, ViewerGroup } from '../bitrix24/index.js';
import type { WorkgroupContext } from './context.js';
import { NO_PERMISSIONS, viewerCan, type GroupViewerPermissions } from './permissions.js';
import { fromLegacy, fromStanding } from './viewer-status.js';

/**
 * What the decision is made from: D7 on, the caller's relation and the group's settings (the per-group standing, or
 * the page's mirror read, which has no ACTIONS.LEAVE); D7 off, the caller's own groups.
 */
export type PermissionFacts = { d7: true; standing: GroupGateFacts | null } | { d7: false; viewerGroups: ViewerGroup[] };

/** Queues the read the decision needs; call it in the same tick as the other checks, so all leave in one batch. */
export function readPermissionFacts(context: WorkgroupContext, groupId: number): Promise<PermissionFacts> {
  if (context.d7Api) return context.loaders.standing.load(groupId).then((standing) => ({ d7: true, standing }));
  return context.loaders.viewerGroups().then((viewerGroups) => ({ d7: false, viewerGroups }));
}

/** What the caller may do in the group, from the facts read. Pure. */
export function permissionsFrom(group: Group, facts: PermissionFacts): GroupViewerPermissions {
  if (facts.d7) {
    if (!facts.standing) return NO_PERMISSIONS;
    // Without ACTIONS.LEAVE (a mirror row), whether a member is kept by department sync is not known: no leave.
    const { relation, settings } = fromStanding({ mayLeave: false, ...facts.standing });
    return viewerCan(relation, settings, { userId: null, isAdmin: false, d7: true });
  }
  const role = facts.viewerGroups.find((membership) => membership.groupId === group.id)?.role ?? null;
  const { relation, settings } = fromLegacy(group, role);
  return viewerCan(relation, settings, { userId: null, isAdmin: false, d7: false });
}
