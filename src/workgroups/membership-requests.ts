/**
 * A group's pending membership requests, for those who may answer them. Bitrix24's `usertogroup.list` checks no
 * permission (any caller could read any group's requests, secret groups included), so the gate comes first and
 * fails closed: `viewerCan.processRequests` (viewer-status.ts, the one decision) decides from the caller's
 * relation and the group's INITIATE_PERMS and OWNER_ID; only then is the list read. With BITRIX24_D7_API=off the list
 * is never read (null), nor are the gate's facts.
 *
 * The facts come, cheapest first, from:
 *   1. the page's mirror read (`lookAheadForPage`): one `socialnetwork.api.workgroup.list` (mode=mobile) per upstream
 *      page of the group list, queued by the list field when its selection holds membershipRequests, so it leaves
 *      in the page's own batch. Keyed by group id, read with the caller's own token, kept for this request only;
 *   2. the caller's standing in the group (`socialnetwork.api.workgroup.get`, one per group, shared with viewerCan),
 *      for any group the mirror did not return (it failed, the two lists disagreed, a write touched the group).
 *      Correctness never rests on the mirror, only the cost. See docs/lifecycle-moderation.md.
 */
import { invoke, moderationMethods, planPages, readGroupGateFacts, readPages, type Group, type GroupPageQuery, type Relation } from '../bitrix24/index.js';
import type { WorkgroupContext } from './context.js';
import { permissionsFrom, readPermissionFacts, type PermissionFacts } from './viewer-status.js';

export interface MembershipRequest extends Relation {
  kind: 'REQUEST';
}

interface MembershipRequestPage {
  requests: MembershipRequest[];
  totalCount: number;
}

/** The largest page: one upstream page of the D7 list holds 50 rows, so a page costs at most two calls. */
export const MAX_REQUESTS_PAGE = 50;

/** Rows [offset, offset + count) of the group's pending requests, oldest first; null when the caller may not see them. */
export async function listMembershipRequests(
  context: WorkgroupContext,
  input: { group: Group; offset: number; count: number },
): Promise<MembershipRequestPage | null> {
  if (!context.d7Api) return null;
  const groupId = input.group.id;
  const facts = await gateFactsOf(context, groupId);
  if (!permissionsFrom(input.group, facts).processRequests) return null;
  const session = context.session();
  // All calls in one tick: with the other groups of the page, one batch.
  const { rows, totalCount } = await readPages(
    planPages(input.offset, input.count),
    input.count,
    (start) => invoke(session, moderationMethods.usertogroupList, { groupId, pending: 'REQUEST', start }),
    (page) => page.relations.filter((relation): relation is MembershipRequest => relation.kind === 'REQUEST' && relation.groupId === groupId),
  );
  return { requests: rows, totalCount };
}

/**
 * Call in the same tick as the page's `listGroups` (same query): queues the page's mirror read so that it leaves in
 * the list's own batch. Nothing with BITRIX24_D7_API=off (membershipRequests is null there without any read).
 */
export function lookAheadForPage(context: WorkgroupContext, query: GroupPageQuery): void {
  if (!context.d7Api) return;
  context.loaders.gateFacts.remember(readGroupGateFacts(context.session(), query));
}

/**
 * Call in the same tick as the group's own load (`group(id:)`): queues the caller's standing in that group, the
 * per-group read the gate falls back to, so it leaves with the group's read. The standing is what viewerCan reads
 * too, so a query that also selects viewerCan pays nothing more; and it is exact, with no mirror to disagree.
 */
export function lookAheadForGroup(context: WorkgroupContext, groupId: number): void {
  if (!context.d7Api) return;
  // The gate awaits the same cached load; a failure is its to report, not an unhandled rejection here.
  context.loaders.standing.load(groupId).catch(() => undefined);
}

/** The gate's facts: the mirror's row when the page read ahead returned this group, else the per-group read. */
async function gateFactsOf(context: WorkgroupContext, groupId: number): Promise<PermissionFacts> {
  const mirrored = await context.loaders.gateFacts.find(groupId);
  if (mirrored) return { d7: true, standing: mirrored };
  return readPermissionFacts(context, groupId);
}
